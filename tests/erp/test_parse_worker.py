"""The parse worker process: a feed of several batches is parsed there, a malformed line
in a later batch stops the run at that line with the earlier batches kept, and the worker
never outlives its run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from saleor_customer_center.erp import sync
from saleor_customer_center.erp.errors import MalformedFeed
from saleor_customer_center.models import ErpSyncRun, Invoice

from ..factories import CompanyFactory
from .conftest import invoice

pytestmark = pytest.mark.django_db


def worker_children() -> list[int]:
    """Live parse workers started by this process (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"saleor_customer_center.erp.worker" in command:
            found.append(int(entry.name))
    return found


def test_a_feed_of_several_batches_is_parsed_by_the_worker_which_then_ends(write_feed):
    CompanyFactory(customer_number="C1")
    path = write_feed([invoice("C1", f"I-{n}") for n in range(25)])

    run = sync.import_file("invoice", str(path), batch_size=5)

    assert (run.status, run.stored) == ("succeeded", 25)
    assert run.checkpoint["worker_peak_mib"] > 0  # batches 2 to 5 went through the worker
    assert worker_children() == []
    assert Invoice.objects.count() == 25


def test_a_malformed_line_in_a_later_batch_stops_there_and_keeps_the_batches_before(
    write_feed,
):
    CompanyFactory(customer_number="C1")
    good = [json.dumps(invoice("C1", f"I-{n}")) for n in range(12)]
    path = write_feed([*good, "{not json", json.dumps(invoice("C1", "I-99"))])

    with pytest.raises(MalformedFeed, match="line 13: invalid JSON"):
        sync.import_file("invoice", str(path), batch_size=5)

    run = ErpSyncRun.objects.get()
    assert run.status == "failed"
    assert (run.stored, run.checkpoint["resume"]["line"]) == (10, 10)
    assert Invoice.objects.count() == 10
    assert worker_children() == []
