"""The signed push endpoint: only good, fresh, first-time batches are stored and enqueued."""

from __future__ import annotations

import json
import time

import pytest

from saleor_customer_center.erp.connectors.push import sign
from saleor_customer_center.models import ErpPushReceipt, ErpSyncRun, Invoice

from ..conftest import PLUGIN_URL
from ..factories import CompanyFactory
from .conftest import invoice

pytestmark = pytest.mark.django_db

SECRET = "push-secret-xyz"


@pytest.fixture
def push_enabled(plugin_configuration):
    plugin_configuration(erp_push_secret=SECRET)


def ndjson(*records) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def post(client, kind, body, *, timestamp=None, signature=None, secret=SECRET):
    timestamp = int(time.time()) if timestamp is None else timestamp
    if signature is None:
        signature = sign(secret, timestamp, body)
    return client.post(
        f"{PLUGIN_URL}erp/push/{kind}/",
        data=body,
        content_type="application/x-ndjson",
        HTTP_X_ERP_TIMESTAMP=str(timestamp),
        HTTP_X_ERP_SIGNATURE=signature,
    )


def test_good_push_stores_the_batch_and_the_task_syncs_it(
    client, push_enabled, django_capture_on_commit_callbacks
):
    CompanyFactory(customer_number="C1")
    body = ndjson(invoice("C1", "I-1"), invoice("C1", "I-2", status="paid"))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, "invoice", body)

    assert response.status_code == 202
    receipt = ErpPushReceipt.objects.get()
    assert response.json() == {"receipt": receipt.pk, "kind": "invoice", "status": "queued"}
    assert len(callbacks) == 1  # the push only enqueued; the (eager) task did the sync
    assert bytes(receipt.body) == body
    receipt.refresh_from_db()
    assert receipt.processed_at is not None
    assert sorted(Invoice.objects.values_list("invoice_number", "status")) == [
        ("I-1", "open"),
        ("I-2", "paid"),
    ]
    run = ErpSyncRun.objects.get()
    assert (run.source, run.status, run.stored) == ("push", "succeeded", 2)
    assert run.checkpoint["feed"] == f"push:{receipt.pk}"


def test_push_view_itself_writes_no_records(
    client, push_enabled, django_capture_on_commit_callbacks
):
    CompanyFactory(customer_number="C1")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client, "invoice", ndjson(invoice("C1", "I-1")))
    assert response.status_code == 202
    assert len(callbacks) == 1
    assert Invoice.objects.count() == 0
    assert ErpSyncRun.objects.count() == 0


@pytest.mark.parametrize(
    ("case", "options", "status"),
    [
        ("wrong_secret_case", {"secret": "not-the-secret"}, 401),
        ("garbage_signature_case", {"signature": "sha256=00"}, 401),
        ("no_signature_case", {"signature": ""}, 401),
        ("old_timestamp_case", {"timestamp": int(time.time()) - 301}, 401),
        ("future_timestamp_case", {"timestamp": int(time.time()) + 3600}, 401),
    ],
)
def test_bad_push_is_refused_and_nothing_is_stored(
    client, push_enabled, django_capture_on_commit_callbacks, case, options, status
):
    CompanyFactory(customer_number="C1")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, "invoice", ndjson(invoice("C1", "I-1")), **options)
    assert response.status_code == status, case
    assert callbacks == []
    assert ErpPushReceipt.objects.count() == 0
    assert Invoice.objects.count() == 0


def test_signature_covers_the_timestamp(client, push_enabled):
    body = ndjson(invoice("C1", "I-1"))
    old = int(time.time()) - 1000
    # A captured old batch re-sent with a fresh timestamp does not verify.
    response = post(
        client, "invoice", body, timestamp=int(time.time()), signature=sign(SECRET, old, body)
    )
    assert response.status_code == 401


def test_replayed_push_is_refused_with_409_and_stores_nothing_more(
    client, push_enabled, django_capture_on_commit_callbacks
):
    CompanyFactory(customer_number="C1")
    body = ndjson(invoice("C1", "I-1"))
    timestamp = int(time.time())
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "invoice", body, timestamp=timestamp).status_code == 202
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, "invoice", body, timestamp=timestamp)
    assert response.status_code == 409
    assert callbacks == []
    assert ErpPushReceipt.objects.count() == 1
    assert ErpSyncRun.objects.count() == 1


def test_push_without_a_configured_secret_is_refused(client, plugin_configuration):
    response = post(client, "invoice", ndjson(invoice("C1", "I-1")), secret="")
    assert response.status_code == 401
    assert ErpPushReceipt.objects.count() == 0


def test_unknown_kind_and_wrong_method(client, push_enabled):
    assert post(client, "order", b"{}\n").status_code == 404
    assert client.get(f"{PLUGIN_URL}erp/push/invoice/").status_code == 405


def test_push_endpoint_is_404_while_the_plugin_is_inactive(client, plugin_configuration):
    plugin_configuration(active=False, erp_push_secret=SECRET)
    assert post(client, "invoice", ndjson(invoice("C1", "I-1"))).status_code == 404
    assert ErpPushReceipt.objects.count() == 0


def test_malformed_pushed_batch_fails_its_run_with_the_line(
    client, push_enabled, django_capture_on_commit_callbacks
):
    CompanyFactory(customer_number="C1")
    body = ndjson(invoice("C1", "I-1")) + b"not json\n"
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "invoice", body)
    run = ErpSyncRun.objects.get()
    assert run.status == "failed"
    assert "line 2: invalid JSON" in run.error
    assert Invoice.objects.count() == 0


def test_processed_batches_are_pruned_after_their_retention_and_stay_unreplayable(
    client, push_enabled, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from saleor_customer_center.tasks import erp_prune_push_receipts_task

    # given: one processed batch of 8 days ago, one unprocessed of 8 days ago, one recent
    CompanyFactory(customer_number="C1")
    body = ndjson(invoice("C1", "I-1"))
    timestamp = int(time.time())
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, "invoice", body, timestamp=timestamp).status_code == 202
    old_processed = ErpPushReceipt.objects.get()
    old_waiting = ErpPushReceipt.objects.create(signature="waiting", timestamp=1, kind="invoice")
    recent = ErpPushReceipt.objects.create(
        signature="recent", timestamp=2, kind="invoice", processed_at=timezone.now()
    )
    eight_days_ago = timezone.now() - timedelta(days=8)
    ErpPushReceipt.objects.filter(pk__in=[old_processed.pk, old_waiting.pk]).update(
        received_at=eight_days_ago
    )

    # when
    deleted = erp_prune_push_receipts_task.delay().get()

    # then: only the old processed batch left; unprocessed batches are never dropped
    assert deleted == 1
    assert set(ErpPushReceipt.objects.values_list("pk", flat=True)) == {old_waiting.pk, recent.pk}
    # and a batch as old as the pruned one, replayed, is refused by its stale timestamp
    stale = int(eight_days_ago.timestamp())
    assert post(client, "invoice", body, timestamp=stale).status_code == 401
