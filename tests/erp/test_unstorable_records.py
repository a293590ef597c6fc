"""A record PostgreSQL cannot store is a rejected record; the rest of its batch is stored
(issue 12 item 9). Every text PostgreSQL refuses (NUL, lone surrogates, in known fields,
unknown keys and key names) and oversized fields, through the push, file and pull
connectors; the rejected record itself is stored and shown. A batch that fails as a whole
shows as failed and is retried."""

from __future__ import annotations

import json
import time

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection

from saleor_customer_center import saleor, settings_store, tasks
from saleor_customer_center.erp import health, pushes
from saleor_customer_center.erp import sync as erp_sync
from saleor_customer_center.erp.connectors.push import sign
from saleor_customer_center.models import ErpPushReceipt, ErpRejectedRecord, ErpSyncRun, Invoice
from tests.web_client import PageClient

from ..conftest import GRAPHQL_URL, PLUGIN_URL
from ..factories import CompanyFactory
from .conftest import invoice

pytestmark = pytest.mark.django_db

SECRET = "push-secret-xyz"

# (case, the bad record as JSON text, what the reason names). JSON text, not dicts: a lone
# surrogate is only ever an escape in JSON, which is how an ERP sends one.
BAD_RECORDS = [
    (
        "nul_in_a_field_case",
        '{"customerNumber": "C1", "invoiceNumber": "I-2", "issueDate": "2026-11-02", '
        '"currency": "EUR", "grossAmount": "1.00", "orderNumber": "SO\\u0000-1"}',
        "orderNumber: contains a NUL character",
    ),
    (
        "lone_high_surrogate_case",
        '{"customerNumber": "C1", "invoiceNumber": "I-2", "issueDate": "2026-11-02", '
        '"currency": "EUR", "grossAmount": "1.00", "orderNumber": "SO\\ud800"}',
        "orderNumber: contains a lone surrogate",
    ),
    (
        "lone_low_surrogate_case",
        '{"customerNumber": "C1", "invoiceNumber": "I-2\\udc00", "issueDate": "2026-11-02", '
        '"currency": "EUR", "grossAmount": "1.00"}',
        "invoiceNumber: contains a lone surrogate",
    ),
    (
        "nul_in_the_customer_number_case",
        '{"customerNumber": "C1\\u0000", "invoiceNumber": "I-2", "issueDate": "2026-11-02", '
        '"currency": "EUR", "grossAmount": "1.00"}',
        "customerNumber: contains a NUL character",
    ),
    (
        "nul_in_an_unknown_key_case",
        '{"customerNumber": "C1", "invoiceNumber": "I-2", "issueDate": "2026-11-02", '
        '"currency": "EUR", "grossAmount": "1.00", "note": "a\\u0000b"}',
        "unknown keys: contains a NUL character",
    ),
    (
        "nul_in_an_unknown_key_name_case",
        '{"customerNumber": "C1", "invoiceNumber": "I-2", "issueDate": "2026-11-02", '
        '"currency": "EUR", "grossAmount": "1.00", "no\\u0000te": 1}',
        "unknown keys: contains a NUL character",
    ),
    (
        "surrogate_deep_in_an_unknown_key_case",
        '{"customerNumber": "C1", "invoiceNumber": "I-2", "issueDate": "2026-11-02", '
        '"currency": "EUR", "grossAmount": "1.00", "lines": [{"text": "x\\udfff"}]}',
        "unknown keys: contains a lone surrogate",
    ),
    (
        "oversized_field_case",
        json.dumps(invoice("C1", "I-2", orderNumber="S" * 65)),
        "orderNumber: longer than 64 characters",
    ),
    (
        "oversized_number_case",
        json.dumps(invoice("C1", "I" * 65)),
        "invoiceNumber: longer than 64 characters",
    ),
    (
        "oversized_unknown_keys_case",
        json.dumps(invoice("C1", "I-2", note="n" * (1 << 20))),
        "unknown keys: larger than 1048576 bytes",
    ),
]
REJECTED_QUERY = "{ erpRejectedRecords(first: 5) { edges { node { reason raw } } } }"
CASES = [pytest.param(line, reason, id=case) for case, line, reason in BAD_RECORDS]


def batch(bad_line: str) -> bytes:
    """Three records, the bad one in the middle (the issue's push)."""
    good = [json.dumps(invoice("C1", n)) for n in ("I-1", "I-3")]
    return f"{good[0]}\n{bad_line}\n{good[1]}\n".encode()


def assert_kept_and_rest_stored(reason: str, position: str) -> ErpRejectedRecord:
    assert sorted(Invoice.objects.values_list("invoice_number", flat=True)) == ["I-1", "I-3"]
    rejected = ErpRejectedRecord.objects.get()
    assert reason in rejected.reason
    assert rejected.position == position
    assert "\x00" not in rejected.raw + rejected.reason + rejected.key
    rejected.raw.encode("utf-8")  # storable: no lone surrogate either
    run = ErpSyncRun.objects.get()
    assert (run.status, run.received, run.stored, run.rejected) == ("partial", 3, 2, 1)
    return rejected


@pytest.mark.parametrize(("bad_line", "reason"), CASES)
def test_push_stores_the_good_records_and_rejects_the_one_postgres_refuses(
    client, plugin_configuration, django_capture_on_commit_callbacks, bad_line, reason
):
    plugin_configuration(erp_push_secret=SECRET)
    CompanyFactory(customer_number="C1")
    body = batch(bad_line)
    timestamp = int(time.time())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{PLUGIN_URL}erp/push/invoice/",
            data=body,
            content_type="application/x-ndjson",
            HTTP_X_ERP_TIMESTAMP=str(timestamp),
            HTTP_X_ERP_SIGNATURE=sign(SECRET, timestamp, body),
        )

    assert response.status_code == 202
    assert_kept_and_rest_stored(reason, "line 2")
    assert ErpPushReceipt.objects.get().processed_at is not None


@pytest.mark.parametrize(("bad_line", "reason"), CASES)
def test_file_import_stores_the_good_records_and_rejects_the_one_postgres_refuses(
    tmp_path, bad_line, reason
):
    CompanyFactory(customer_number="C1")
    path = tmp_path / "invoices.ndjson"
    path.write_bytes(batch(bad_line))

    with pytest.raises(CommandError) as refused:
        call_command("customer_center_import", "invoice", str(path))

    assert refused.value.returncode == 1
    assert_kept_and_rest_stored(reason, "line 2")


def test_csv_cell_with_a_nul_byte_is_rejected_alone(tmp_path):
    CompanyFactory(customer_number="C1")
    path = tmp_path / "invoices.csv"
    path.write_bytes(
        b"customerNumber,invoiceNumber,issueDate,currency,grossAmount,orderNumber\n"
        b"C1,I-1,2026-11-02,EUR,1.00,\n"
        b"C1,I-2,2026-11-02,EUR,1.00,SO\x00-1\n"
        b"C1,I-3,2026-11-02,EUR,1.00,\n"
    )

    run = erp_sync.import_file("invoice", str(path))

    assert run.rejected == 1
    rejected = assert_kept_and_rest_stored("orderNumber: contains a NUL character", "line 3")
    assert "\\u0000" in rejected.raw


@pytest.mark.parametrize(("bad_line", "reason"), CASES)
def test_pull_stores_the_good_records_and_rejects_the_one_postgres_refuses(
    fake_erp, bad_line, reason
):
    CompanyFactory(customer_number="C1")
    # The ERP answers the page as JSON text, the bad record as it was written.
    fake_erp.feeds["invoice"] = [invoice("C1", "I-1"), json.loads(bad_line), invoice("C1", "I-3")]

    run = erp_sync.pull("invoice", settings_store.current())

    assert run.rejected == 1
    assert_kept_and_rest_stored(reason, "page 1 (first) #2")


def test_the_rejected_record_is_shown_on_the_console_and_in_the_api(
    client, plugin_configuration, staff_user, tmp_path
):
    CompanyFactory(customer_number="C1")
    path = tmp_path / "invoices.ndjson"
    path.write_bytes(batch(BAD_RECORDS[0][1]))
    erp_sync.import_file("invoice", str(path))
    token = saleor.create_tokens(staff_user)["token"]

    page = PageClient(client).sign_in(staff_user).get("staff/erp/")
    api = client.post(
        GRAPHQL_URL,
        data=json.dumps({"query": REJECTED_QUERY}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()

    assert page.status_code == 200
    assert "orderNumber: contains a NUL character" in page.content.decode()
    assert "SO\\u0000-1" in page.content.decode()  # the raw line, as the ERP escaped it
    (edge,) = api["data"]["erpRejectedRecords"]["edges"]
    assert "orderNumber: contains a NUL character" in edge["node"]["reason"]
    assert "SO\\u0000-1" in edge["node"]["raw"]


def test_a_batch_that_fails_as_a_whole_shows_failed_and_is_retried(staff_user):
    CompanyFactory(customer_number="C1")
    body = b"".join(json.dumps(invoice("C1", f"I-{n}")).encode() + b"\n" for n in range(3))
    receipt = ErpPushReceipt.objects.create(signature="s1", timestamp=1, kind="invoice", body=body)
    settings_dict = connection.settings_dict
    # Another session holds the invoice table: the batch's write cannot get its lock.
    with psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        autocommit=False,
    ) as other:
        other.execute(f"LOCK TABLE {Invoice._meta.db_table} IN EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        with pytest.raises(OperationalError, match="lock timeout"):
            pushes.process_push(receipt.pk)
        other.rollback()
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = 0")

    failed = ErpSyncRun.objects.get()
    assert failed.status == "failed" and "lock timeout" in failed.error
    assert failed in health.troubled_runs(staff_user)  # the console's warning lists it
    receipt.refresh_from_db()
    assert receipt.processed_at is None
    assert Invoice.objects.count() == 0
    # The task retries such a failure (with backoff); here the lock is gone by then.
    assert any(issubclass(OperationalError, e) for e in tasks.erp_process_push.autoretry_for)

    run_id = tasks.erp_process_push.delay(receipt.pk).get()

    assert ErpSyncRun.objects.get(pk=run_id).status == "succeeded"
    assert sorted(ErpSyncRun.objects.values_list("status", flat=True)) == ["failed", "succeeded"]
    receipt.refresh_from_db()
    assert receipt.processed_at is not None
    assert Invoice.objects.count() == 3


def test_unprocessed_batches_are_queued_again_by_the_daily_task(
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    from django.utils import timezone

    CompanyFactory(customer_number="C1")
    body = json.dumps(invoice("C1", "I-1")).encode() + b"\n"
    stale = ErpPushReceipt.objects.create(signature="s2", timestamp=1, kind="invoice", body=body)
    ErpPushReceipt.objects.filter(pk=stale.pk).update(
        received_at=timezone.now() - timedelta(hours=2)
    )
    fresh = ErpPushReceipt.objects.create(signature="s3", timestamp=1, kind="invoice", body=body)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.erp_prune_push_receipts_task.delay().get()

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.processed_at is not None  # given up once, queued and synced again
    assert fresh.processed_at is None  # its own task is still on its way
    assert Invoice.objects.get().invoice_number == "I-1"
