"""Reads of the ERP's billing documents for a company: summary, invoices, due payments."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from ..models import Company, CompanyOrder, Invoice, Membership, OpenItem
from ..roles import Section, can_see


@dataclass(frozen=True)
class CompanySummary:
    orders_this_month: int
    invoices_this_month: int
    currency: str
    amount_due: Decimal | None  # None: the caller's role may not see billing
    amount_overdue: Decimal | None


def company_summary(company: Company, membership: Membership | None) -> CompanySummary:
    """Home's figures: counts for every member, money only for roles that see billing."""
    today = timezone.localdate()
    month_start = today.replace(day=1)
    start = timezone.make_aware(
        timezone.datetime.combine(month_start, timezone.datetime.min.time())
    )
    orders = CompanyOrder.objects.filter(company=company, created_at__gte=start).count()
    invoices = Invoice.objects.filter(company=company, issue_date__gte=month_start).count()
    amount_due = amount_overdue = None
    if membership is None or can_see(membership.role, Section.BILLING):
        totals = OpenItem.objects.filter(company=company, status="open").aggregate(
            due=Sum("amount_due"), overdue=Sum("amount_due", filter=Q(due_date__lt=today))
        )
        amount_due = totals["due"] or Decimal("0")
        amount_overdue = totals["overdue"] or Decimal("0")
    return CompanySummary(
        orders_this_month=orders,
        invoices_this_month=invoices,
        currency=company.currency or "",
        amount_due=amount_due,
        amount_overdue=amount_overdue,
    )
