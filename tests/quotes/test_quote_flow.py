"""From request to quotation to acceptance to a Saleor order at the quoted prices, through
Saleor's real ``checkoutComplete`` (budget and PO rule included)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from saleor_customer_center import saleor
from saleor_customer_center.models import CompanyOrder, CompanyRequest, EmailLog, QuoteStatus
from saleor_customer_center.services import quotes
from tests import shop
from tests.orders.conftest import complete, make_budget

from .conftest import LINKS, later

pytestmark = pytest.mark.django_db


def test_a_quote_becomes_an_order_at_the_quoted_prices(quote_world):
    w = quote_world
    quote = w.request(po_number="PO-4711")
    request = CompanyRequest.objects.get(pk=quote.request_id)
    assert (request.kind, request.status, request.needs_shop) == ("quote", "pending", True)

    w.quotation(quote)
    _, checkout = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    order = complete(checkout)

    lines = sorted(
        (line.product_sku, line.quantity, line.unit_price_gross_amount)
        for line in order.lines.all()
    )
    assert lines == [("DRL-1", 2, Decimal("80.000")), ("SAW-1", 1, Decimal("30.000"))]
    assert all(line.is_price_overridden for line in order.lines.all())
    assert order.metadata[saleor.PO_NUMBER_METADATA_KEY] == "PO-4711"
    link = CompanyOrder.objects.get(order=order)
    assert (link.quote_id, link.po_number, link.company_id) == (quote.pk, "PO-4711", w.company.pk)


def test_over_budget_is_refused_once_then_ordered_when_the_budget_allows(quote_world):
    w = quote_world
    quote = w.request()
    w.quotation(quote)  # 2 x 80 + 30 = 190
    make_budget(w.admin, "150")
    _, checkout = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    with pytest.raises(ValidationError) as refused:
        complete(checkout)
    assert refused.value.code == "INVALID"
    assert "exceeds your remaining budget of 150.00 USD" in refused.value.message
    make_budget(w.admin, "500")
    order = complete(checkout)
    assert order.total_gross_amount == Decimal("190.000")


def test_a_quote_is_not_accepted_while_the_shop_takes_no_new_orders(quote_world):
    w = quote_world
    quote = w.request()
    w.quotation(quote)
    saleor.save_plugin_configuration(True, {"new_orders_enabled": False})
    with pytest.raises(ValidationError) as refused:
        quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    assert refused.value.code == "new_orders_disabled"
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.QUOTED  # still open: accepted once orders are back
    saleor.save_plugin_configuration(True, {"new_orders_enabled": True})
    accepted, _ = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    assert accepted.status == QuoteStatus.ACCEPTED


def test_accepting_twice_makes_one_checkout(quote_world):
    w = quote_world
    quote = w.request()
    w.quotation(quote)
    _, first = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    _, second = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    assert first.token == second.token
    from saleor.checkout.models import Checkout

    assert Checkout.objects.filter(user=w.admin.user).count() == 1


def test_every_version_is_kept_and_the_newest_is_accepted(quote_world):
    w = quote_world
    quote = w.request()
    w.quotation(quote)
    w.quotation(quote, prices={}, discount_percent="10", message="Better price")
    versions = list(quote.quotations.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert [line.unit_price for line in versions[0].lines.all()] == [
        Decimal("80.000"),
        Decimal("30.000"),
    ]
    assert [line.unit_price for line in versions[1].lines.all()] == [
        Decimal("90.000"),
        Decimal("36.000"),
    ]
    _, checkout = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    order = complete(checkout)
    assert order.total_gross_amount == Decimal("216.000")
    quote.refresh_from_db()
    assert quote.accepted_version == 2
    with pytest.raises(ValidationError) as late:
        w.quotation(quote)
    assert late.value.code == "quote_not_open"


def test_approvers_are_emailed(quote_world, member_factory):
    from saleor_customer_center.roles import Role

    w = quote_world
    approver = member_factory(w.company, Role.L30_ORDERS_PRICES, may_approve_quotations=True)
    member_factory(w.company, Role.L40_BILLING)  # neither admin nor given the right
    quote = w.request(po_number="PO-MAIL")
    w.quotation(quote)
    log = EmailLog.objects.get(event="quotation_sent")
    assert sorted(log.to) == sorted([w.admin.user.email, approver.user.email])
    from saleor_customer_center.email_delivery import render

    subject, text, _html = render(log.event, log.context)
    assert subject == f"{w.company.name}: your quotation {quote.pk} is ready"
    assert "PO-MAIL" in text
    assert "2 × DRL-1" in text and "80.00 USD" in text and "Total: 190.00 USD" in text


def _decision_email(quote) -> tuple[list[str], str, str]:
    from saleor_customer_center.email_delivery import render

    (log,) = EmailLog.objects.filter(event="quote_decided", context__quote_number=quote.pk)
    subject, text, _html = render(log.event, log.context)
    return log.to, subject, text


def test_the_requester_is_told_who_accepted_and_who_declined(quote_world):
    w = quote_world
    w.admin.user.first_name, w.admin.user.last_name = "Olivia", "Owner"
    w.admin.user.save(update_fields=["first_name", "last_name"])
    accepted = w.request()
    w.quotation(accepted)
    quotes.accept_quote(w.admin.user, accepted.pk, links=LINKS)
    to, subject, text = _decision_email(accepted)
    assert to == [w.buyer.user.email]
    assert subject == f"{w.company.name}: quote {accepted.pk} was accepted"
    assert text.startswith(f"Hello {w.buyer.user.first_name or w.buyer.user.email},\n")
    assert "Olivia Owner accepted the shop's quotation 1" in text
    page = f"https://shop.example/plugins/global/saleor.customer_center/quotes/{accepted.pk}/"
    assert page in text

    declined = w.request()
    w.quotation(declined)
    quotes.decline_quote(w.admin.user, declined.pk, "Too dear", links=LINKS)
    to, subject, text = _decision_email(declined)
    assert to == [w.buyer.user.email]
    assert subject == f"{w.company.name}: quote {declined.pk} was declined"
    assert "Olivia Owner declined your quote request" in text and "Reason: Too dear" in text


def test_nobody_is_told_what_they_decided_themselves_nor_after_leaving(quote_world):
    w = quote_world
    own = quotes.request_quote(
        w.admin.user, w.company.pk, {"channel": shop.CHANNEL, "lines": [("DRL-1", 1)]}
    )
    quotes.decline_quote(w.admin.user, own.pk, links=LINKS)
    left = w.request()
    w.buyer.is_active = False
    w.buyer.save(update_fields=["is_active"])
    quotes.decline_quote(w.admin.user, left.pk, links=LINKS)
    assert not EmailLog.objects.filter(event="quote_decided").exists()


def test_declined_and_expired_quotes_cannot_be_ordered(quote_world):
    w = quote_world
    declined = w.request()
    w.quotation(declined)
    quotes.decline_quote(w.admin.user, declined.pk, "Too dear", links=LINKS)
    with pytest.raises(ValidationError) as refused:
        quotes.accept_quote(w.admin.user, declined.pk, links=LINKS)
    assert refused.value.code == "quote_not_open"

    expired = w.request()
    quotation = w.quotation(expired)
    quotation.valid_until = timezone.localdate() - dt.timedelta(days=1)
    quotation.save()
    with pytest.raises(ValidationError) as too_late:
        quotes.accept_quote(w.admin.user, expired.pk, links=LINKS)
    assert too_late.value.code == "quote_expired"


def test_a_quote_that_expires_after_acceptance_is_refused_at_checkout_complete(quote_world):
    w = quote_world
    quote = w.request()
    quotation = w.quotation(quote)
    _, checkout = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    quotation.valid_until = timezone.localdate() - dt.timedelta(days=1)
    quotation.save()
    with pytest.raises(ValidationError) as refused:
        complete(checkout)
    assert refused.value.code == "INVALID"
    assert "expired" in refused.value.message


def test_a_changed_quantity_is_refused_at_checkout_complete(quote_world):
    w = quote_world
    quote = w.request()
    w.quotation(quote)
    _, checkout = quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    line = checkout.lines.get(variant=w.drill)
    line.quantity = 20  # what a storefront's checkoutLinesUpdate would do
    line.save()
    with pytest.raises(ValidationError) as refused:
        complete(checkout)
    assert "no longer matches quote" in refused.value.message


def test_a_po_number_the_company_requires_is_asked_for(quote_world):
    w = quote_world
    w.company.po_number_required = True
    w.company.save()
    quote = w.request()
    w.quotation(quote)
    with pytest.raises(ValidationError) as refused:
        quotes.accept_quote(w.admin.user, quote.pk, links=LINKS)
    assert refused.value.error_dict["po_number"][0].code == "po_number_required"
    _, checkout = quotes.accept_quote(w.admin.user, quote.pk, po_number="PO-9", links=LINKS)
    assert complete(checkout).metadata[saleor.PO_NUMBER_METADATA_KEY] == "PO-9"
    assert quote.__class__.objects.get(pk=quote.pk).status == QuoteStatus.ACCEPTED


def test_wanted_by_in_the_past_and_unknown_skus_are_refused(quote_world):
    w = quote_world
    with pytest.raises(ValidationError) as past:
        w.request(wanted_by=timezone.localdate() - dt.timedelta(days=1))
    assert "wanted_by" in past.value.error_dict
    with pytest.raises(ValidationError) as unknown:
        w.request(lines=[("NOPE", 1)])
    assert unknown.value.error_dict["lines.0.sku"][0].code == "unknown_sku"
    assert not CompanyRequest.objects.exists()
    assert later() > timezone.localdate()
