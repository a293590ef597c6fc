"""HTTP pull against a real local ERP API: paging, token, retries, resume, lock, schedule."""

from __future__ import annotations

import json

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from saleor_customer_center import settings_store, tasks
from saleor_customer_center.erp import sync as erp_sync
from saleor_customer_center.erp.errors import ErpConnectionError, ErpSourceError, SyncLocked
from saleor_customer_center.erp.records import KINDS
from saleor_customer_center.models import Company, ErpSyncRun, Invoice

from ..factories import CompanyFactory
from .conftest import TOKEN, customer, invoice

pytestmark = pytest.mark.django_db


def test_pull_reads_every_page_with_the_token_and_page_size(fake_erp):
    fake_erp.feeds["customer"] = [customer(f"C{n:02d}") for n in range(16)]

    run_id = tasks.erp_pull.delay("customer").get()

    assert Company.objects.count() == 16
    run = ErpSyncRun.objects.get(pk=run_id)
    assert (run.kind, run.source, run.status, run.received, run.stored) == (
        "customer",
        "pull",
        "succeeded",
        16,
        16,
    )
    assert [(r["path"], r["query"]) for r in fake_erp.requests] == [
        ("/api/customer", {"limit": "7"}),
        ("/api/customer", {"limit": "7", "cursor": "7"}),
        ("/api/customer", {"limit": "7", "cursor": "14"}),
    ]
    assert {r["authorization"] for r in fake_erp.requests} == {f"Bearer {TOKEN}"}


def test_pull_task_retries_connection_errors_with_backoff(fake_erp, monkeypatch):
    fake_erp.feeds["customer"] = [customer("C1")]
    fake_erp.failures = [503, 502]  # the ERP is down twice, then answers
    # Eager celery runs a retry at once, but only when errors are not propagated.
    monkeypatch.setitem(tasks.erp_pull.app.conf, "CELERY_TASK_EAGER_PROPAGATES", False)

    result = tasks.erp_pull.delay("customer")
    run_id = result.get()

    assert Company.objects.get().customer_number == "C1"
    assert len(fake_erp.requests) == 3
    assert ErpSyncRun.objects.get(pk=run_id).status == "succeeded"
    options = tasks.erp_pull
    assert (options.autoretry_for, options.retry_backoff) == ((ErpConnectionError,), 30)


def test_unreachable_erp_is_a_connection_error(plugin_configuration):
    plugin_configuration(erp_base_url="http://127.0.0.1:9/api", erp_api_token=TOKEN)
    with pytest.raises(ErpConnectionError):
        erp_sync.pull("customer", settings_store.current())
    assert ErpSyncRun.objects.get().status == "failed"


def test_refused_token_fails_the_run_without_retry(fake_erp, plugin_configuration):
    plugin_configuration(erp_base_url=fake_erp.url, erp_api_token="wrong", erp_page_size="7")
    with pytest.raises(ErpSourceError, match="401"):
        tasks.erp_pull.delay("customer").get()
    assert len(fake_erp.requests) == 1
    run = ErpSyncRun.objects.get()
    assert run.status == "failed"
    assert "ERP answered 401" in run.error


def test_missing_base_url_fails_the_run(plugin_configuration):
    with pytest.raises(ErpSourceError, match="erp_base_url"):
        erp_sync.pull("invoice", settings_store.current())


@pytest.mark.django_db(transaction=True)
def test_a_killed_pull_resumes_with_nothing_lost_or_duplicated(fake_erp, settings):
    """Page 3 of 5 fails mid-batch; the next run resumes from the last committed batch."""
    settings.CUSTOMER_CENTER = {"ERP_BATCH_SIZE": 10}
    CompanyFactory(customer_number="C1")
    fake_erp.feeds["invoice"] = [invoice("C1", f"I-{n:02d}") for n in range(33)]
    fake_erp.fail_on_cursor["14"] = 500  # records 15..21: inside the second batch

    with pytest.raises(ErpConnectionError):
        erp_sync.pull("invoice", settings_store.current())

    run = ErpSyncRun.objects.get()
    assert (run.status, run.received, run.stored) == ("failed", 10, 10)
    assert Invoice.objects.count() == 10  # the half-read second batch was not written
    assert run.checkpoint["resume"] == {"cursor": "7", "index": 3}

    resumed = erp_sync.pull("invoice", settings_store.current())

    assert resumed.pk == run.pk
    assert (resumed.status, resumed.received, resumed.stored) == ("succeeded", 33, 33)
    assert resumed.checkpoint["resumed"] == 1
    assert sorted(Invoice.objects.values_list("invoice_number", flat=True)) == [
        f"I-{n:02d}" for n in range(33)
    ]
    # The resume fetched page 2 again (to skip its first 3 records), never page 1.
    cursors = [r["query"].get("cursor", "0") for r in fake_erp.requests]
    assert cursors == ["0", "7", "14", "7", "14", "21", "28"]


def test_two_runs_of_one_kind_never_overlap(fake_erp):
    """While another session holds the kind's advisory lock, a run refuses to start."""
    fake_erp.feeds["customer"] = [customer("C1")]
    params = connection.get_connection_params()
    with psycopg.connect(
        host=params.get("host"),
        port=params.get("port"),
        user=params.get("user"),
        dbname=settings_db_name(),
        autocommit=True,
    ) as other:
        kind_index = KINDS.index("customer") + 1
        other.execute("SELECT pg_advisory_lock(%s, %s)", (erp_sync.LOCK_CLASS_ID, kind_index))
        with pytest.raises(SyncLocked):
            erp_sync.pull("customer", settings_store.current())
        assert tasks.erp_pull.delay("customer").get() is None  # the tick is skipped
        # Another kind is not blocked.
        assert erp_sync.pull("contact", settings_store.current()).status == "succeeded"
        other.execute("SELECT pg_advisory_unlock(%s, %s)", (erp_sync.LOCK_CLASS_ID, kind_index))
    assert erp_sync.pull("customer", settings_store.current()).status == "succeeded"
    assert Company.objects.count() == 1


def settings_db_name() -> str:
    return connection.settings_dict["NAME"]


def test_schedule_command_creates_one_periodic_task_per_kind_idempotently():
    from django_celery_beat.models import PeriodicTask

    call_command("customer_center_schedule")
    call_command("customer_center_schedule", "--minutes", "30")

    tasks_by_name = {t.name: t for t in PeriodicTask.objects.all()}
    prune = tasks_by_name.pop("customer-center: prune processed ERP push batches")
    assert prune.task == "saleor_customer_center.tasks.erp_prune_push_receipts_task"
    assert (prune.interval.every, prune.interval.period) == (1, "days")
    sweep = tasks_by_name.pop("customer-center: release stale budget reservations")
    assert sweep.task == "saleor_customer_center.tasks.release_stale_budget_reservations_task"
    assert (sweep.interval.every, sweep.interval.period, sweep.enabled) == (5, "minutes", True)
    assert sorted(tasks_by_name) == sorted(f"customer-center: ERP pull {k}" for k in KINDS)
    for kind in KINDS:
        periodic = tasks_by_name[f"customer-center: ERP pull {kind}"]
        assert periodic.task == "saleor_customer_center.tasks.erp_pull"
        assert json.loads(periodic.args) == [kind]
        assert (periodic.interval.every, periodic.interval.period, periodic.enabled) == (
            30,
            "minutes",
            True,
        )
    assert tasks.erp_pull.name == "saleor_customer_center.tasks.erp_pull"


def test_connector_is_an_installer_setting(settings):
    settings.CUSTOMER_CENTER = {"ERP_CONNECTOR": "saleor_customer_center.conf.get"}
    with pytest.raises(TypeError, match="not a Connector subclass"):
        erp_sync.pull("customer", settings_store.current())
