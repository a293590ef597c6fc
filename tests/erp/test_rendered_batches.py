"""Batches rendered whole as COPY text (by the parse worker once it knows every company of
a batch, by the writer otherwise) lose no record: every record that fails, whatever stops
it (validation, an unknown customer, PostgreSQL itself), is kept and reported, and the
rest of its batch is stored (README "ERP sync", Speed)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection

from saleor_customer_center.erp import sync
from saleor_customer_center.erp.source import RawLine
from saleor_customer_center.erp.worker import ParseWorker
from saleor_customer_center.models import ErpRejectedRecord, ErpSyncRun, Invoice

from ..factories import CompanyFactory
from .conftest import invoice

pytestmark = pytest.mark.django_db


def _lines(records: list[dict]) -> list[RawLine]:
    return [RawLine(json.dumps(r).encode(), n) for n, r in enumerate(records, 1)]


def test_the_worker_renders_a_batch_whose_companies_it_knows_and_returns_rows_otherwise():
    worker = ParseWorker()
    try:
        worker.submit("invoice", _lines([invoice("C1", "I-1"), invoice("C2", "I-2")]), [("C1", 7)])
        unknown = worker.result()  # C2 is not known: rows, for the writer to resolve
        worker.submit("invoice", _lines([invoice("C1", "I-3")]), [("C2", 8)])
        learned = worker.result()
        worker.submit("invoice", _lines([invoice("C2", "I-4"), invoice("C1", "I-5")]), None)
        known = worker.result()  # both learned with the earlier batches
    finally:
        worker.close()

    assert unknown.rendered is None and unknown.rows.customers == ["C1", "C2"]
    assert learned.rendered is not None and learned.rendered.data.startswith(b"7\tI-3\t")
    assert known.rendered is not None
    assert known.rows.indexes == []
    assert [line.split(b"\t")[:2] for line in known.rendered.data.splitlines()] == [
        [b"8", b"I-4"],
        [b"7", b"I-5"],
    ]
    assert (known.rendered.key_list(), known.rendered.indexes) == (["C2/I-4", "C1/I-5"], [0, 1])
    assert known.rendered.without({0}).data == known.rendered.data.split(b"\n", 1)[1]


def test_every_failing_record_of_rendered_batches_is_kept_and_reported(write_feed):
    company = CompanyFactory(customer_number="C1")
    # A row PostgreSQL refuses though validation passes it (the second line behind
    # validation, sync._write): a check of this test's own, undone with its transaction.
    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE {Invoice._meta.db_table} "  # noqa: S608 - the model's own table
            "ADD CONSTRAINT cc_test_refused CHECK (order_number <> 'SO-REFUSED')"
        )
    good = [invoice("C1", f"I-{n}") for n in range(40)]
    feed = [
        *good[:20],
        invoice("C1", "I-BAD", currency="euro"),  # line 21: validation
        invoice("C9", "I-UNKNOWN"),  # line 22: an unknown customer
        *good[20:30],
        invoice("C1", "I-REFUSED", orderNumber="SO-REFUSED"),  # line 33: PostgreSQL
        invoice("C1", "I-TAB", orderNumber="a\tb\\c é"),  # escaped: not a clean line
        *good[30:],
        invoice("C1", "I-0", grossAmount="5.00"),  # a newer version of line 1's key
    ]
    path = write_feed(feed)

    run = sync.import_file("invoice", str(path), batch_size=5)

    run = ErpSyncRun.objects.get(pk=run.pk)
    assert run.checkpoint["worker_peak_mib"] > 0  # later batches went through the worker
    assert (run.status, run.received, run.stored, run.rejected) == ("partial", 45, 42, 3)
    reasons = dict(ErpRejectedRecord.objects.values_list("position", "reason"))
    assert set(reasons) == {"line 21", "line 22", "line 33"}
    assert reasons["line 21"].startswith("currency:")
    assert reasons["line 22"] == "customerNumber: unknown customer 'C9'"
    assert "refused by the database" in reasons["line 33"]
    assert "cc_test_refused" in reasons["line 33"]
    stored = dict(Invoice.objects.values_list("invoice_number", "order_number"))
    assert set(stored) == {f"I-{n}" for n in range(40)} | {"I-TAB"}
    assert stored["I-TAB"] == "a\tb\\c é"
    assert Invoice.objects.get(invoice_number="I-0").gross_amount == Decimal("5.00")
    assert set(Invoice.objects.values_list("company_id", flat=True)) == {company.pk}
