"""Every filter and sort the sync and the console issue on the ERP tables has an index
(issue 16 item 4): on a seeded table, none of them plans a sequential scan."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from saleor_customer_center.erp import health
from saleor_customer_center.models import ErpRejectedRecord, ErpSyncRun
from saleor_customer_center.models.erp import RecordKind

pytestmark = pytest.mark.django_db

REJECTED = 20_000
RUNS = 5_000
KINDS = RecordKind.values


@pytest.fixture
def seeded(staff_user):
    runs = ErpSyncRun.objects.bulk_create(
        ErpSyncRun(
            kind=KINDS[n % 5],
            source="push",
            status="succeeded",
            checkpoint={"feed": f"push:{n}", "resume": {"offset": 1, "line": 1}},
        )
        for n in range(RUNS)
    )
    now = timezone.now()
    ErpRejectedRecord.objects.bulk_create(
        ErpRejectedRecord(
            kind=KINDS[n % 5],
            run=runs[n % RUNS],
            source="push",
            key=f"C{n % 997}/D{n}",
            raw="{}",
            reason="amount: bad",
            resolved_at=now if n % 10 else None,  # most are resolved, as in a live shop
        )
        for n in range(REJECTED)
    )
    with connection.cursor() as cursor:
        # Runs spread over the last 1,000 hours; a rejected record is as old as its run.
        cursor.execute(
            f"UPDATE {ErpSyncRun._meta.db_table} SET started_at = now() - (id % 1000) * "
            "interval '1 hour'"
        )
        cursor.execute(
            f"UPDATE {ErpRejectedRecord._meta.db_table} AS r SET created_at = s.started_at "
            f"FROM {ErpSyncRun._meta.db_table} AS s WHERE s.id = r.run_id"
        )
        cursor.execute("ANALYZE")
    return staff_user


def plan(queryset) -> str:
    return queryset.explain()


QUERIES = {
    "console_waiting_newest_first": lambda user: health.rejected_records(user)[:50],
    "console_waiting_of_a_kind": lambda user: health.rejected_records(user, "invoice")[:50],
    "api_all_with_resolved": lambda user: health.rejected_records(user, None, True)[:50],
    "api_kind_with_resolved": lambda user: health.rejected_records(user, "payment", True)[:50],
    "api_page_after_a_cursor": lambda user: health.rejected_records(user, "invoice").filter(
        created_at__lt=timezone.now()
    )[:50],
    "sync_resolves_by_erp_numbers": lambda user: ErpRejectedRecord.objects.filter(
        kind="invoice", resolved_at__isnull=True, key__in=[f"C1/D{n}" for n in range(50)]
    ),
    "sync_retries_in_pk_order": lambda user: ErpRejectedRecord.objects.filter(
        kind="invoice", resolved_at__isnull=True, pk__gt=100
    ).order_by("pk")[:500],
    "sync_has_waiting_records": lambda user: ErpRejectedRecord.objects.filter(
        kind="openItem", resolved_at__isnull=True
    )[:1],
    "runs_newest_first": lambda user: health.sync_runs(user)[:50],
    "runs_of_a_kind": lambda user: health.sync_runs(user, "contact")[:50],
    "console_last_runs_per_kind": lambda user: ErpSyncRun.objects.filter(kind="invoice").order_by(
        "-started_at", "-pk"
    )[:5],
    "console_troubled_runs": lambda user: health.troubled_runs(user)[:20],
    "resume_finds_the_last_run_of_a_feed": lambda user: ErpSyncRun.objects.filter(
        kind="invoice", source="push", checkpoint__feed="push:17"
    ).order_by("-started_at", "-pk")[:1],
}


def test_erp_queries_use_an_index(seeded):
    # One seeding for all the queries (seeding is what takes the time). The seed has
    # waiting records of one kind only, as a live shop may: the list of another kind must
    # come from that kind's index, never from filtering every waiting record.
    plans = {name: plan(query(seeded)) for name, query in QUERIES.items()}
    scanned = {name: text for name, text in plans.items() if "Seq Scan" in text}
    assert scanned == {}
    assert all("Index" in text for text in plans.values()), plans
    filtered = {name: text for name, text in plans.items() if "Filter: ((kind)" in text}
    assert filtered == {}
