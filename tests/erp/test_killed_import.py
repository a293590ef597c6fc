"""A file import killed with SIGKILL mid-run resumes: nothing lost, nothing written twice,
with batches on one connection and on two."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from devtools import saleor_db
from saleor_customer_center.erp import second_writer
from saleor_customer_center.erp import sync as erp_sync
from saleor_customer_center.erp.errors import SyncLocked
from saleor_customer_center.models import ErpSyncRun, Invoice

from ..factories import CompanyFactory
from .conftest import writers

RECORDS = 60_000


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "batch_size",
    [
        500,
        # Batches written half on a second connection (erp/second_writer.py): a kill may
        # land between the two commits, leaving one half before the checkpoint.
        2 * second_writer.MIN_ROWS,
    ],
)
def test_import_killed_by_sigkill_resumes_from_its_checkpoint(tmp_path, batch_size):
    CompanyFactory(customer_number="C1")
    path = tmp_path / "invoices.ndjson"
    with open(path, "w") as fh:
        for n in range(RECORDS):
            fh.write(
                json.dumps(
                    {
                        "customerNumber": "C1",
                        "invoiceNumber": f"I-{n:06d}",
                        "issueDate": "2026-11-02",
                        "currency": "EUR",
                        "grossAmount": f"{n}.00",
                    }
                )
                + "\n"
            )
    # The real command in its own process, on the test database (committed data).
    server = saleor_db.Server.from_settings(connection.settings_dict)
    env = {**os.environ, "DATABASE_URL": server.url(connection.settings_dict["NAME"])}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "django",
            "customer_center_import",
            "invoice",
            str(path),
            "--batch-size",
            str(batch_size),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "import.log", "w"),  # noqa: SIM115
    )
    try:
        deadline = time.monotonic() + 180  # Saleor starts in its own process first
        while time.monotonic() < deadline:
            run = ErpSyncRun.objects.filter(kind="invoice").first()
            if run is not None and run.stored >= 2 * batch_size:
                break
            assert process.poll() is None, "the import ended before it could be killed"
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    assert run is not None, (tmp_path / "import.log").read_text()[-3000:]
    run.refresh_from_db()
    assert run.status == "running"  # killed: nobody could write its end
    killed_at = run.stored
    assert 0 < killed_at < RECORDS
    assert run.checkpoint["resume"]["line"] == killed_at
    # Only whole batches were committed; on two connections, at most the second half of
    # the next one besides (committed just before its batch, second_writer).
    if batch_size < second_writer.MIN_ROWS:
        assert Invoice.objects.count() == killed_at
    else:
        ahead = Invoice.objects.count() - killed_at
        assert 0 <= ahead <= batch_size // 2 + batch_size // 50
    before = writers(Invoice._meta.db_table, "invoice_number")

    for _ in range(100):  # PostgreSQL releases the dead session's lock within moments
        try:
            resumed = erp_sync.import_file("invoice", str(path), batch_size=batch_size)
            break
        except SyncLocked:
            time.sleep(0.05)

    assert resumed.pk == run.pk
    assert (resumed.status, resumed.received, resumed.stored, resumed.rejected) == (
        "succeeded",
        RECORDS,
        RECORDS,
        0,
    )
    assert resumed.checkpoint["resumed"] == 1
    assert Invoice.objects.count() == RECORDS
    assert sorted(Invoice.objects.values_list("gross_amount", flat=True))[-1] == RECORDS - 1
    after = writers(Invoice._meta.db_table, "invoice_number")
    assert {number: after[number] for number in before} == before  # nothing written twice
