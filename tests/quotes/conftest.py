"""Quotes on the real Saleor: a catalog, a company with a requester and an approver, staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from saleor_customer_center.links import Links
from saleor_customer_center.models import UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import quotes
from tests import shop
from tests.factories import CompanyFactory, MembershipFactory

LINKS = Links("https://shop.example")


def later(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@dataclass
class QuoteWorld:
    company: Any
    buyer: Any  # L30: requests quotes
    admin: Any  # L80: approves (and buys)
    staff: Any
    drill: Any  # variant DRL-1 at 100.00
    saw: Any  # variant SAW-1 at 40.00

    def request(self, lines=(("DRL-1", 2), ("SAW-1", 1)), **data) -> Any:
        return quotes.request_quote(
            self.buyer.user,
            self.company.pk,
            {"channel": shop.CHANNEL, "lines": list(lines), "note": "For the new site", **data},
        )

    def quotation(self, quote, **data) -> Any:
        values = {"valid_until": later(), "prices": {"DRL-1": "80.00", "SAW-1": "30.00"}}
        values.update(data)
        return quotes.send_quotation(self.staff, quote.pk, values, links=LINKS)


@pytest.fixture
def quote_world(plugin_configuration, staff_user) -> QuoteWorld:
    plugin_configuration(new_orders_enabled=True)
    company = CompanyFactory()
    buyer = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    for member in (buyer, admin):
        UserPreference.objects.create(user=member.user, current_company=company)
    drill = shop.variant(Decimal("100.00"), sku="DRL-1")
    saw = shop.variant(Decimal("40.00"), sku="SAW-1")
    return QuoteWorld(company, buyer, admin, staff_user, drill, saw)


def quoted(company, staff, sku: str = "QTE-1"):
    """A quote of ``company`` for 2 x ``sku`` (made here, 10.00 each), answered by ``staff``
    with 7.50 each: waiting for the company's decision."""
    from saleor_customer_center.models import Membership

    shop.channel()
    if not shop.ProductVariant.objects.filter(sku=sku).exists():
        shop.variant(Decimal("10.00"), sku=sku)
    requester = (
        Membership.objects.filter(company=company, role=Role.L30_ORDERS_PRICES)
        .order_by("pk")
        .first()
    )
    if requester is None:
        requester = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    quote = quotes.request_quote(
        requester.user, company.pk, {"channel": shop.CHANNEL, "lines": [(sku, 2)]}
    )
    quotes.send_quotation(
        staff, quote.pk, {"valid_until": later(), "prices": {sku: "7.50"}}, links=LINKS
    )
    return quote
