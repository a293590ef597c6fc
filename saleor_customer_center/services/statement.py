"""Statement of account (L40 and up): one company's invoices and payments of a period, with
what is open today and the balance, from the same ERP records the billing pages show
(services/billing.py: ``invoices``, ``payments``, ``due_payments``).

The period chooses the invoices (by issue date) and the payments (by date); the open items
and the balance are today's, as a balance is owed now, not in a past period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..error_codes import CustomerCenterErrorCode
from ..models import Company, Invoice, Membership, OpenItem, Payment
from . import billing

MAX_DAYS = 366 * 5


@dataclass
class CurrencyTotals:
    currency: str
    invoiced: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    balance: Decimal = Decimal(0)  # open items still owed today
    overdue: Decimal = Decimal(0)


@dataclass
class Statement:
    company: Company
    start: dt.date
    end: dt.date
    today: dt.date
    invoices: list[Invoice]
    payments: list[Payment]
    open_items: list[OpenItem]
    totals: list[CurrencyTotals] = field(default_factory=list)

    def overdue(self, item: OpenItem) -> bool:
        return item.due_date < self.today


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """From the first of the year to today."""
    today = today or timezone.localdate()
    return today.replace(month=1, day=1), today


def clean_period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    first, last = default_period()
    start, end = start or first, end or last
    invalid = CustomerCenterErrorCode.INVALID.value
    if start > end:
        raise ValidationError(
            {"from": [ValidationError(_("The period must start before it ends."), code=invalid)]}
        )
    if (end - start).days > MAX_DAYS:
        raise ValidationError(
            {"to": [ValidationError(_("Choose a period of five years at most."), code=invalid)]}
        )
    return start, end


def statement(
    company: Company,
    membership: Membership | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Statement:
    """The statement of ``company`` for the period (default: this year so far)."""
    billing.require_billing(membership)
    start, end = clean_period(start, end)
    invoices = list(
        billing.invoices(company, membership, issued_from=start, issued_to=end, descending=False)
    )
    payments = list(
        billing.payments(company, membership)
        .filter(date__gte=start, date__lte=end)
        .order_by("date", "pk")
    )
    open_items = list(billing.due_payments(company, membership))
    today = timezone.localdate()
    result = Statement(company, start, end, today, invoices, payments, open_items)
    totals: dict[str, CurrencyTotals] = {}

    def of(currency: str) -> CurrencyTotals:
        return totals.setdefault(currency, CurrencyTotals(currency))

    for invoice in invoices:
        if invoice.status != "cancelled":
            of(invoice.currency).invoiced += invoice.gross_amount
    for payment in payments:
        of(payment.currency).paid += payment.amount
    for item in open_items:
        of(item.currency).balance += item.amount_due
        if result.overdue(item):
            of(item.currency).overdue += item.amount_due
    result.totals = [totals[currency] for currency in sorted(totals)]
    return result
