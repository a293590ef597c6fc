"""What the operator's console reads at a glance: a company's counts, the day's to-dos,
an order's budget charges and the ERP sync's daily totals (issue 17 items 2–4).

Each function answers in a fixed number of queries, whatever the company's size, so the
console's pages stay constant in queries (tests/web/test_console_pages.py asserts it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .. import permissions
from ..models import (
    AuditEntry,
    BudgetCharge,
    Company,
    CompanyOrder,
    CompanyRequest,
    ErpSyncRun,
    Membership,
    OpenItem,
)
from ..models.billing import OpenItemStatus
from ..models.erp import TROUBLED_STATUSES
from ..models.request import RequestStatus
from . import audit, audit_sentences

BLOCKED_RECENTLY_DAYS = 7
FAILED_RUN_HOURS = 24
CHART_DAYS = 30


@dataclass(frozen=True)
class CompanyCounts:
    members: int
    active_members: int
    open_requests: int
    orders_this_month: int
    amount_due: list[tuple[Decimal, str]]  # one (amount, currency) per currency owed


def _count(queryset: Any) -> Coalesce:
    """``queryset`` (filtered on ``company=OuterRef("pk")``) counted in a subquery."""
    counted = queryset.order_by().values("company").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def month_start(now: dt.datetime | None = None) -> dt.datetime:
    """Midnight of the first day of the current month, in the shop's time zone."""
    local = timezone.localtime(now or timezone.now())
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def company_counts(company: Company) -> CompanyCounts:
    """The console header's figures in two queries: counts in one, the amount due per
    currency in another."""
    company_ref = OuterRef("pk")
    row = (
        Company.objects.filter(pk=company.pk)
        .annotate(
            n_members=_count(Membership.objects.filter(company=company_ref)),
            n_active=_count(Membership.objects.filter(company=company_ref, is_active=True)),
            n_requests=_count(
                CompanyRequest.objects.filter(company=company_ref, status=RequestStatus.PENDING)
            ),
            n_orders=_count(
                CompanyOrder.objects.filter(company=company_ref, created_at__gte=month_start())
            ),
        )
        .values("n_members", "n_active", "n_requests", "n_orders")
        .get()
    )
    due = (
        OpenItem.objects.filter(company=company, status=OpenItemStatus.OPEN)
        .values("currency")
        .annotate(total=Sum("amount_due"))
        .order_by("currency")
    )
    return CompanyCounts(
        members=row["n_members"],
        active_members=row["n_active"],
        open_requests=row["n_requests"],
        orders_this_month=row["n_orders"],
        amount_due=[(item["total"], item["currency"]) for item in due],
    )


@dataclass(frozen=True)
class BlockedCompany:
    company: Company
    entry: AuditEntry  # the newest ``company_blocked`` entry, with its sentence


@dataclass(frozen=True)
class Overview:
    requests_waiting: int
    failed_runs: int
    blocked_recently: list[BlockedCompany]


def overview(staff_user: Any, limit: int = 20) -> Overview:
    """What needs the operator today: requests waiting for the shop, ERP runs that failed
    or rejected records in the last day, companies blocked in the last week (still
    blocked)."""
    permissions.require_staff(staff_user)
    now = timezone.now()
    waiting = CompanyRequest.objects.filter(needs_shop=True, status=RequestStatus.PENDING).count()
    failed = ErpSyncRun.objects.filter(
        started_at__gte=now - dt.timedelta(hours=FAILED_RUN_HOURS),
        status__in=TROUBLED_STATUSES,
    ).count()
    entries = (
        AuditEntry.objects.filter(
            action=audit.Action.COMPANY_BLOCKED,
            created_at__gte=now - dt.timedelta(days=BLOCKED_RECENTLY_DAYS),
            company__is_blocked=True,
        )
        .select_related("company")
        .order_by("-created_at", "-pk")[: limit * 3]
    )
    newest: dict[int, AuditEntry] = {}
    for entry in entries:
        newest.setdefault(entry.company_id, entry)
    shown = audit_sentences.describe(list(newest.values())[:limit])
    return Overview(
        requests_waiting=waiting,
        failed_runs=failed,
        blocked_recently=[BlockedCompany(entry.company, entry) for entry in shown],
    )


def order_budget_charges(staff_user: Any, order_id: Any) -> list[BudgetCharge]:
    """The budget charges of one order (member's and company's budget), with whose budget."""
    permissions.require_staff(staff_user)
    return list(
        BudgetCharge.objects.filter(order_id=order_id)
        .select_related("budget__membership__user")
        .order_by("pk")
    )


@dataclass(frozen=True)
class SyncDay:
    day: dt.date
    received: int
    stored: int
    rejected: int


def sync_days(staff_user: Any, days: int = CHART_DAYS) -> list[SyncDay]:
    """Records received, stored and rejected per day over the last ``days`` days (every
    day present, quiet days as zero), in one query."""
    permissions.require_staff(staff_user)
    today = timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    rows = (
        ErpSyncRun.objects.filter(
            started_at__gte=timezone.make_aware(dt.datetime.combine(first, dt.time.min))
        )
        .annotate(day=TruncDate("started_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            received=Coalesce(Sum("received"), 0),
            stored=Coalesce(Sum("stored"), 0),
            rejected=Coalesce(Sum("rejected"), 0),
        )
        .order_by("day")
    )
    found = {row["day"]: row for row in rows}
    result = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        row = found.get(day, {})
        result.append(
            SyncDay(day, row.get("received", 0), row.get("stored", 0), row.get("rejected", 0))
        )
    return result
