"""Purchase-order numbers: quick order puts them on Saleor's checkout, Saleor carries them
to the order, and the order's page, PDF and the approval email show them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from saleor.checkout.models import Checkout

from saleor_customer_center import saleor
from saleor_customer_center.models import CompanyOrder, EmailLog
from saleor_customer_center.services import order_pdf, orders, quick_order
from saleor_customer_center.settings_store import PluginSettings
from tests import shop
from tests.orders.conftest import complete, make_budget

pytestmark = pytest.mark.django_db

SETTINGS = PluginSettings.from_configuration(
    [
        {"name": "new_orders_enabled", "value": True},
        {"name": "over_budget_behaviour", "value": "ask_approval"},
    ]
)


def _quick_order(member, po_number: str = "") -> Checkout:
    return quick_order.create_company_checkout(
        member, shop.CHANNEL, [("SAW-1", 1)], plugin_settings=SETTINGS, po_number=po_number
    )


def test_quick_order_carries_the_po_number_to_the_order_its_list_and_pdf(quote_world):
    w = quote_world
    order = complete(_quick_order(w.buyer, "  PO  555 "))
    link = CompanyOrder.objects.get(order=order)
    assert order.metadata[saleor.PO_NUMBER_METADATA_KEY] == "PO 555"
    assert link.po_number == "PO 555"
    found = orders.company_orders(w.company, w.buyer, po_number="po 5")
    assert [link.order_id for link in found] == [order.pk]
    assert not orders.company_orders(w.company, w.buyer, po_number="PO 6").exists()
    html = order_pdf.render_order_html(link, w.buyer)
    assert "PO number" in html and "PO 555" in html


def test_quick_order_asks_for_a_po_number_where_the_company_requires_one(quote_world):
    w = quote_world
    w.company.po_number_required = True
    w.company.save()
    with pytest.raises(ValidationError) as refused:
        _quick_order(w.buyer)
    assert refused.value.error_dict["po_number"][0].code == "po_number_required"
    assert not Checkout.objects.exists()
    with pytest.raises(ValidationError) as too_long:
        _quick_order(w.buyer, "P" * 65)
    assert "po_number" in too_long.value.error_dict


def test_the_po_rule_at_checkout_complete_names_the_company(quote_world):
    w = quote_world
    checkout = _quick_order(w.buyer)
    w.company.po_number_required = True  # set after the checkout was made
    w.company.save()
    with pytest.raises(ValidationError) as refused:
        complete(checkout)
    assert refused.value.code == "INVALID"
    assert refused.value.message == (
        f"{w.company.name} requires a purchase-order number on every order. Add your PO "
        "number to the checkout and complete it again."
    )
    assert not CompanyOrder.objects.exists()


def test_the_budget_approval_email_shows_the_po_number(quote_world, plugin_configuration):
    w = quote_world
    plugin_configuration(new_orders_enabled=True, over_budget_behaviour="ask_approval")
    make_budget(w.buyer, "10")
    with pytest.raises(ValidationError):
        complete(_quick_order(w.buyer, "PO-APPROVE-1"))
    log = EmailLog.objects.get(event="budget_approval_requested")
    assert log.context["po_number"] == "PO-APPROVE-1"
    from saleor_customer_center.email_delivery import render

    _subject, text, html = render(log.event, log.context)
    assert "PO number: PO-APPROVE-1" in text and "PO-APPROVE-1" in html
