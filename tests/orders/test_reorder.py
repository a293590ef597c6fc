"""Reorder ("order again"): a past order's lines become a new quick order, lines no longer
for sale are left out with a message each (issue 15 item 6)."""

from __future__ import annotations

import uuid

import pytest
from graphql_relay import to_global_id
from saleor.checkout.models import Checkout
from saleor.product.models import ProductChannelListing, ProductVariant
from saleor.warehouse.models import Stock

from saleor_customer_center.models import CompanyOrder
from saleor_customer_center.roles import Role
from saleor_customer_center.services import quick_order, reorder

from .. import shop
from ..factories import (
    CompanyFactory,
    CompanyOrderFactory,
    MembershipFactory,
    OrderFactory,
    OrderLineFactory,
)
from ..web_client import PageClient
from .conftest import complete
from .test_quick_order import ENABLED

REORDER = """mutation($company: ID!, $order: ID!) {
  companyOrderReorder(companyId: $company, orderId: $order) {
    errors { field code message }
    checkout { id token }
    droppedLines { sku productName quantity reason message } } }"""


def _line(order, variant, quantity, sku=None, name=None):
    return OrderLineFactory(
        order=order,
        variant=variant,
        product_sku=sku or variant.sku,
        product_name=name or variant.product.name,
        quantity=quantity,
    )


@pytest.fixture
def past_order(plugin_configuration):
    """An L20 buyer's company and an order of it whose lines meet every case of today's
    catalog: still sold, variant deleted, unpublished in the channel, out of stock, too
    little stock, and a variant that lost its SKU."""
    plugin_configuration(new_orders_enabled=True)
    company = CompanyFactory()
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    order = OrderFactory(user=owner.user)
    bolt = shop.variant("2.50", sku="BOLT-1", name="Bolt")
    gone = shop.variant("1.00", sku="GONE-1", name="Gone")
    hidden = shop.variant("1.00", sku="HIDDEN-1", name="Hidden")
    empty = shop.variant("1.00", sku="EMPTY-1", name="Empty")
    scarce = shop.variant("1.00", sku="SCARCE-1", name="Scarce")
    nameless = shop.variant("1.00", sku="NOSKU-1", name="Nameless")
    _line(order, bolt, 3)
    _line(order, bolt, 1)  # the same variant twice: one line of 4
    _line(order, gone, 2)
    _line(order, hidden, 1)
    _line(order, empty, 5)
    _line(order, scarce, 3)
    _line(order, nameless, 1)
    CompanyOrderFactory(company=company, order=order, placed_by=owner.user)
    ProductVariant.objects.filter(pk=gone.pk).delete()
    ProductChannelListing.objects.filter(product=hidden.product).update(is_published=False)
    Stock.objects.filter(product_variant=empty).update(quantity=0)
    Stock.objects.filter(product_variant=scarce).update(quantity=2)
    ProductVariant.objects.filter(pk=nameless.pk).update(sku=None)
    return company, order


EXPECTED_DROPPED = [  # in any order: Saleor's order lines have UUID keys
    ("GONE-1", "variant_gone", "Gone (GONE-1) is no longer sold."),
    ("NOSKU-1", "no_sku", "Nameless (NOSKU-1) has no SKU and cannot be ordered by quick order."),
    (
        "HIDDEN-1",
        "not_for_sale",
        "Hidden (HIDDEN-1) is not for sale in channel default-channel any more.",
    ),
    ("EMPTY-1", "out_of_stock", "Empty (EMPTY-1) is out of stock."),
    ("SCARCE-1", "insufficient_stock", "Only 2 of Scarce (SCARCE-1) in stock; the order had 3."),
]


@pytest.mark.parametrize("role", [Role.L20_ORDERS, Role.L40_BILLING], ids=["l20_case", "l40_case"])
def test_reorder_copies_what_is_still_sold_and_says_why_the_rest_is_left_out(api, past_order, role):
    # given
    company, order = past_order
    buyer = MembershipFactory(company=company, role=role)

    # when
    answer = api.as_user(buyer.user).post(
        REORDER,
        {"company": to_global_id("Company", company.pk), "order": to_global_id("Order", order.pk)},
    )["data"]["companyOrderReorder"]

    # then
    assert answer["errors"] == []
    checkout = Checkout.objects.get(token=answer["checkout"]["token"])
    assert checkout.user == buyer.user
    assert [(line.variant.sku, line.quantity) for line in checkout.lines.all()] == [("BOLT-1", 4)]
    assert sorted(
        (d["sku"], d["reason"].lower(), d["message"]) for d in answer["droppedLines"]
    ) == sorted(EXPECTED_DROPPED)


def test_reorder_of_a_placed_order_completes_through_saleor(past_order):
    # given: an order placed through quick order and Saleor's checkoutComplete
    company, _ = past_order
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    shop.variant("4.00", sku="NUT-1")
    first = complete(
        quick_order.create_company_checkout(
            buyer, shop.CHANNEL, [("BOLT-1", 2), ("NUT-1", 5)], plugin_settings=ENABLED
        )
    )

    # when
    checkout, plan = reorder.reorder(buyer.user, company.pk, first.pk, plugin_settings=ENABLED)
    second = complete(checkout)

    # then: the same lines, a second order of the company
    assert plan.dropped == []
    assert sorted((line.product_sku, line.quantity) for line in second.lines.all()) == [
        ("BOLT-1", 2),
        ("NUT-1", 5),
    ]
    assert CompanyOrder.objects.filter(company=company).count() == 3


def test_nothing_left_to_order_is_an_error_and_creates_nothing(api, plugin_configuration):
    plugin_configuration(new_orders_enabled=True)
    buyer = MembershipFactory(role=Role.L20_ORDERS)
    order = OrderFactory(user=buyer.user)
    gone = shop.variant(sku="GONE-1", name="Gone")
    _line(order, gone, 1)
    CompanyOrderFactory(company=buyer.company, order=order)
    ProductVariant.objects.filter(pk=gone.pk).delete()

    answer = api.as_user(buyer.user).post(
        REORDER,
        {
            "company": to_global_id("Company", buyer.company.pk),
            "order": to_global_id("Order", order.pk),
        },
    )["data"]["companyOrderReorder"]

    assert answer["checkout"] is None
    assert answer["droppedLines"] == []
    assert answer["errors"] == [
        {
            "field": "orderId",
            "code": "INVALID",
            "message": "None of this order's lines can be ordered again. "
            "Gone (GONE-1) is no longer sold.",
        }
    ]
    assert not Checkout.objects.exists()


def test_reorder_needs_new_orders_enabled(api, past_order, plugin_configuration):
    company, order = past_order
    plugin_configuration(new_orders_enabled=False)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)

    answer = api.as_user(buyer.user).post(
        REORDER,
        {"company": to_global_id("Company", company.pk), "order": to_global_id("Order", order.pk)},
    )["data"]["companyOrderReorder"]

    assert [e["code"] for e in answer["errors"]] == ["NEW_ORDERS_DISABLED"]
    assert not Checkout.objects.exists()


def test_another_companys_order_answers_like_a_missing_one(api, past_order):
    company, order = past_order
    stranger = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)
    own_company = to_global_id("Company", stranger.company.pk)

    def ask(order_pk):
        return api.as_user(stranger.user).post(
            REORDER, {"company": own_company, "order": to_global_id("Order", order_pk)}
        )

    foreign, missing = ask(order.pk), ask(uuid.uuid4())
    assert foreign == missing
    assert foreign["data"]["companyOrderReorder"]["errors"][0]["code"] == "NOT_FOUND"
    assert not Checkout.objects.exists()


# The page ------------------------------------------------------------------------------


def test_order_again_page_fills_the_quick_order_form(client, past_order):
    company, order = past_order
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    pages = PageClient(client).sign_in(buyer.user)

    detail = pages.get(f"orders/{order.pk}/")
    page = pages.get(f"orders/{order.pk}/reorder/")

    assert f"orders/{order.pk}/reorder/" in detail.content.decode()
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'name="sku" value="BOLT-1"' in html
        and 'name="quantity" inputmode="numeric" value="4"' in html
    )
    for _sku, reason, message in EXPECTED_DROPPED:
        assert f'data-reason="{reason}"' in html
        assert message.replace("'", "&#x27;") in html
    assert not Checkout.objects.exists()  # nothing until the buyer sends the form


def test_order_again_page_refuses_a_foreign_order_and_a_role_too_low(client, past_order):
    company, order = past_order
    stranger = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)
    basic = MembershipFactory(company=company, role=Role.L10_BASIC)

    assert (
        PageClient(client).sign_in(stranger.user).get(f"orders/{order.pk}/reorder/").status_code
        == 404
    )
    assert (
        PageClient(client).sign_in(basic.user).get(f"orders/{order.pk}/reorder/").status_code == 403
    )
