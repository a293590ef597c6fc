"""Home's picture of the company's last twelve months: orders per month, in one query.

Counts for every member who sees orders; the amounts only for roles that see prices (an
L20 reads no money, DESIGN.md section 3). Cancelled and expired orders do not count, as
they do not count against a budget (``saleor.RELEASING_ORDER_STATUSES``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .. import permissions, roles, saleor
from ..models import Company, CompanyOrder, Membership
from ..roles import Section
from .budgets import add_months, local_midnight


@dataclass(frozen=True)
class MonthOrders:
    month: dt.date  # its first day
    count: int
    amount: Decimal | None  # None: the viewer does not see prices


@dataclass(frozen=True)
class OrderHistory:
    months: list[MonthOrders]
    currency: str
    shows_amounts: bool

    @property
    def total_count(self) -> int:
        return sum(month.count for month in self.months)

    @property
    def total_amount(self) -> Decimal | None:
        if not self.shows_amounts:
            return None
        return sum((month.amount or Decimal(0) for month in self.months), Decimal(0))


def monthly_orders(
    company: Company, membership: Membership, months: int = 12, today: dt.date | None = None
) -> OrderHistory:
    """The last ``months`` calendar months up to this one, empty months included."""
    permissions.require_section(membership, Section.ORDERS)
    first = add_months((today or timezone.localdate()).replace(day=1), -(months - 1))
    rows = list(
        CompanyOrder.objects.filter(company=company, created_at__gte=local_midnight(first))
        .exclude(order__status__in=saleor.RELEASING_ORDER_STATUSES)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "order__currency")
        .annotate(count=Count("pk"), amount=Sum("order__total_gross_amount"))
        .order_by()
    )
    by_currency: Counter[str] = Counter()
    for row in rows:
        by_currency[row["order__currency"]] += row["count"]
    currency = (
        company.currency
        if company.currency in by_currency or not by_currency
        else (by_currency.most_common(1)[0][0])
    )
    shows_amounts = roles.sees_prices(membership.role)
    counts: Counter[dt.date] = Counter()
    amounts: dict[dt.date, Decimal] = {}
    for row in rows:
        month = timezone.localtime(row["month"]).date().replace(day=1)
        counts[month] += row["count"]
        if row["order__currency"] == currency:
            amounts[month] = amounts.get(month, Decimal(0)) + (row["amount"] or Decimal(0))
    result = []
    for index in range(months):
        month = add_months(first, index)
        amount = amounts.get(month, Decimal(0)) if shows_amounts else None
        result.append(MonthOrders(month, counts[month], amount))
    return OrderHistory(result, currency if shows_amounts else "", shows_amounts)
