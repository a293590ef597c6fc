"""Reads of the ERP's billing documents for a company: summary, invoices, due payments."""

from __future__ import annotations

import datetime as dt
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
    start = timezone.make_aware(dt.datetime.combine(month_start, dt.time.min))
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


INVOICE_SORT_FIELDS = {
    "ISSUE_DATE": ("issue_date", "pk"),
    "DUE_DATE": ("due_date", "pk"),
    "NUMBER": ("invoice_number", "pk"),
    "AMOUNT": ("gross_amount", "pk"),
}


def require_billing(membership: Membership | None) -> None:
    """Billing documents are for L40 and up (staff look in with membership None)."""
    from .. import permissions

    if membership is not None:
        permissions.require_section(membership, Section.BILLING)


def invoices(
    company: Company,
    membership: Membership | None,
    *,
    status: str | None = None,
    issued_from=None,
    issued_to=None,
    search: str | None = None,
    sort_by: str = "ISSUE_DATE",
    descending: bool = True,
):
    require_billing(membership)
    queryset = Invoice.objects.filter(company=company)
    if status:
        queryset = queryset.filter(status=status)
    if issued_from:
        queryset = queryset.filter(issue_date__gte=issued_from)
    if issued_to:
        queryset = queryset.filter(issue_date__lte=issued_to)
    if search:
        queryset = queryset.filter(
            Q(invoice_number__icontains=search) | Q(order_number__icontains=search)
        )
    fields = INVOICE_SORT_FIELDS.get(sort_by, INVOICE_SORT_FIELDS["ISSUE_DATE"])
    return queryset.order_by(*(f"-{f}" if descending else f for f in fields))


def get_invoice(company: Company, membership: Membership | None, invoice_id: int) -> Invoice:
    from .. import permissions

    require_billing(membership)
    invoice = Invoice.objects.filter(company=company, pk=invoice_id).first()
    if invoice is None:
        raise permissions.NotFound("invoice")
    return invoice


def due_payments(company: Company, membership: Membership | None, overdue_only: bool = False):
    """Open items still owed, oldest due first; closed items have left the list."""
    require_billing(membership)
    queryset = OpenItem.objects.filter(company=company, status="open")
    if overdue_only:
        queryset = queryset.filter(due_date__lt=timezone.localdate())
    return queryset.order_by("due_date", "pk")


def payments(company: Company, membership: Membership | None):
    from ..models import Payment

    require_billing(membership)
    return Payment.objects.filter(company=company).order_by("-date", "-pk")


def is_overdue(item: OpenItem) -> bool:
    return item.status == "open" and item.due_date < timezone.localdate()


def invoice_company_id(invoice_id: int) -> int | None:
    return Invoice.objects.filter(pk=invoice_id).values_list("company_id", flat=True).first()
