"""A real celery worker on a real Redis runs what the plugin enqueues.

Every other test runs celery eagerly (Saleor's settings do so without a broker). Here the
push endpoint enqueues onto a Redis of the test's own, and a separate ``celery worker``
process of Saleor's celery app (as a shop runs it) takes the task and syncs the batch into
the test database: the task's arguments survive serialization, the plugin's tasks are
discovered by Saleor's app, and the task works without the request that enqueued it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.db import connections

from saleor_customer_center.models import ErpPushReceipt, ErpSyncRun, Invoice

from ..factories import CompanyFactory
from .conftest import invoice
from .test_push import SECRET, ndjson, post

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is installed by bin/setup-env"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(predicate, seconds: float, what: str, log) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} within {seconds} s; worker log:\n{log.read_text()[-3000:]}")


@pytest.fixture
def redis_url(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path)]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def _forget_connections(app) -> None:
    """What celery does after a fork: the next send opens a pool for the broker now set."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(redis_url, settings):
    """Saleor's celery app in this process sends to the Redis instead of running eagerly
    (its configuration is read from Django's settings, namespace ``CELERY``)."""
    from saleor.celeryconf import app

    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = redis_url, False
    _forget_connections(app)
    yield redis_url
    app.pool.force_close_all()  # this Redis's pool only: kombu keeps one pool per broker
    _forget_connections(app)


@pytest.fixture
def worker(broker, tmp_path):
    """``celery worker`` of Saleor's app, on the test database."""
    database = connections["default"].settings_dict
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
    }
    env.pop("DATABASE_URL_REPLICA", None)
    log = tmp_path / "worker.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "saleor.celeryconf:app", "worker"]
            + ["--pool", "solo", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_for(lambda: "ready." in log.read_text(), 90, "the worker was not ready", log)
    yield log
    process.terminate()
    process.wait(30)


def test_a_pushed_batch_is_synced_by_a_celery_worker(
    client, transactional_db, plugin_configuration, worker
):
    plugin_configuration(erp_push_secret=SECRET)
    CompanyFactory(customer_number="C1")

    response = post(client, "invoice", ndjson(invoice("C1", "I-1"), invoice("C1", "I-2")))

    assert response.status_code == 202
    receipt = ErpPushReceipt.objects.get()
    # Not eager: the request only enqueued; the worker process does the sync. The receipt
    # is marked processed last (after the run is stored), so that is what to wait for.
    _wait_for(
        lambda: ErpPushReceipt.objects.filter(pk=receipt.pk, processed_at__isnull=False).exists(),
        60,
        "the worker did not sync the batch",
        worker,
    )
    assert ErpSyncRun.objects.get().status == "succeeded"
    assert sorted(Invoice.objects.values_list("invoice_number", flat=True)) == ["I-1", "I-2"]
    assert "erp_process_push[" in worker.read_text()
