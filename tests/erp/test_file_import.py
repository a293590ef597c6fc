"""File import (``customer_center_import``): exit codes, rejects kept, idempotency, CSV."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from saleor_customer_center.models import Company, ErpRejectedRecord, ErpSyncRun, Invoice

from ..factories import CompanyFactory
from .conftest import customer, invoice

pytestmark = pytest.mark.django_db


def run_import(kind, path, **options):
    """The command's exit code (0 when it returns normally)."""
    try:
        call_command("customer_center_import", kind, str(path), **options)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, ""


def test_import_of_customers_stores_every_record_and_exits_0(write_feed, capsys):
    path = write_feed([customer("C1"), customer("C2", vatNumber="EU1", active=False)])

    code, _ = run_import("customer", path)

    assert code == 0
    assert list(
        Company.objects.order_by("customer_number").values_list(
            "customer_number", "name", "customer_center_enabled", "vat_number", "is_active"
        )
    ) == [("C1", "Customer C1", True, "", True), ("C2", "Customer C2", True, "EU1", False)]
    run = ErpSyncRun.objects.get()
    assert (run.kind, run.source, run.status) == ("customer", "file", "succeeded")
    assert (run.received, run.stored, run.rejected) == (2, 2, 0)
    assert run.finished_at is not None
    assert "2 received, 2 stored, 0 rejected" in capsys.readouterr().out


def test_some_rejected_records_exit_1_are_kept_with_reason_and_line(write_feed, capsys):
    CompanyFactory(customer_number="C1")
    path = write_feed(
        [
            invoice("C1", "I-1"),
            invoice("C1", "I-2", grossAmount=12.5),  # money must be a decimal string
            invoice("C404", "I-3"),  # unknown customer
            {"customerNumber": "C1", "invoiceNumber": "I-4"},  # missing keys
            invoice("C1", "I-5", issueDate="2026-02-30"),
            invoice("C1", "I-6"),
        ]
    )

    code, message = run_import("invoice", path)

    assert code == 1
    assert "3 record(s) rejected" not in message
    assert "4 record(s) rejected" in message
    assert sorted(Invoice.objects.values_list("invoice_number", flat=True)) == ["I-1", "I-6"]
    rejected = {r.position: r for r in ErpRejectedRecord.objects.all()}
    assert set(rejected) == {"line 2", "line 3", "line 4", "line 5"}
    assert rejected["line 2"].reason.startswith("grossAmount: must be a decimal string")
    assert rejected["line 2"].key == "C1/I-2"
    assert '"grossAmount": 12.5' in rejected["line 2"].raw
    assert rejected["line 3"].reason == "customerNumber: unknown customer 'C404'"
    assert rejected["line 4"].reason == "issueDate: required"
    assert rejected["line 5"].reason == "issueDate: not a calendar date: '2026-02-30'"
    assert all(r.resolved_at is None and r.source == "file" for r in rejected.values())
    run = ErpSyncRun.objects.get()
    assert (run.status, run.received, run.stored, run.rejected) == ("partial", 6, 2, 4)
    err = capsys.readouterr().err
    assert "line 3: customerNumber: unknown customer 'C404'" in err


def test_malformed_line_exits_2_with_the_line_number_and_stores_nothing(write_feed):
    CompanyFactory(customer_number="C1")
    path = write_feed([invoice("C1", "I-1"), invoice("C1", "I-2"), '{"customerNumber": "C1",'])

    code, message = run_import("invoice", path)

    assert code == 2
    assert "line 3: invalid JSON" in message
    assert Invoice.objects.count() == 0
    run = ErpSyncRun.objects.get()
    assert run.status == "failed"
    assert "line 3" in run.error


def test_unreadable_file_exits_2(tmp_path):
    code, message = run_import("invoice", tmp_path / "missing.ndjson")
    assert code == 2
    assert "cannot read" in message


def test_not_utf8_exits_2_with_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"a": 1}\n{"name": "\xff"}\n')
    code, message = run_import("customer", path)
    assert (code, "line 2: not UTF-8" in message) == (2, True)


def test_same_feed_twice_gives_the_same_rows(write_feed):
    CompanyFactory(customer_number="C1")
    path = write_feed([invoice("C1", f"I-{n}", grossAmount=f"{n}.50") for n in range(25)])

    assert run_import("invoice", path, batch_size=10)[0] == 0
    first = list(Invoice.objects.order_by("invoice_number").values())
    assert run_import("invoice", path, batch_size=10)[0] == 0

    assert list(Invoice.objects.order_by("invoice_number").values()) == first
    assert len(first) == 25
    assert [r.stored for r in ErpSyncRun.objects.order_by("pk")] == [25, 25]


def test_a_record_repeated_in_a_feed_keeps_its_last_version(write_feed):
    CompanyFactory(customer_number="C1")
    path = write_feed([invoice("C1", "I-1", status="open"), invoice("C1", "I-1", status="paid")])
    assert run_import("invoice", path)[0] == 0
    assert list(Invoice.objects.values_list("invoice_number", "status")) == [("I-1", "paid")]


def test_unknown_keys_are_kept_in_erp_extra(write_feed):
    CompanyFactory(customer_number="C1")
    path = write_feed([invoice("C1", "I-1", costCenter="CC-7", tags=["a"])])
    assert run_import("invoice", path)[0] == 0
    assert Invoice.objects.get().erp_extra == {"costCenter": "CC-7", "tags": ["a"]}


def test_csv_import_with_booleans_lists_and_extra_columns(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(
        "customerNumber,name,customerCenter,adminEmail,active,region\n"
        'C1,"Acme, Inc.",true,boss@acme.example.com,,north\n'
        "C2,Beta,no,,false,\n"
        "C3,Gamma,maybe,x@gamma.example.com,,\n",
        encoding="utf-8",
    )

    code, _ = run_import("customer", path)

    assert code == 1
    assert list(
        Company.objects.order_by("customer_number").values_list(
            "customer_number",
            "name",
            "customer_center_enabled",
            "admin_email",
            "is_active",
            "erp_extra",
        )
    ) == [
        ("C1", "Acme, Inc.", True, "boss@acme.example.com", True, {"region": "north"}),
        ("C2", "Beta", False, "", False, {}),
    ]
    reject = ErpRejectedRecord.objects.get()
    assert (reject.position, reject.reason) == (
        "line 4",
        "customerCenter: must be true or false, got 'maybe'",
    )


def test_csv_payment_invoice_numbers_split_on_semicolons(tmp_path):
    CompanyFactory(customer_number="C1")
    path = tmp_path / "payments.csv"
    path.write_text(
        "customerNumber,paymentNumber,date,currency,amount,invoiceNumbers\n"
        "C1,P-1,2026-11-03,EUR,100.00,I-1;I-2\n",
        encoding="utf-8",
    )
    assert run_import("payment", path)[0] == 0
    from saleor_customer_center.models import Payment

    assert Payment.objects.get().invoice_numbers == ["I-1", "I-2"]


def test_csv_row_with_too_many_cells_exits_2(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(
        "customerNumber,name,customerCenter,adminEmail\nC1,A,true,a@a.example.com,extra\n"
    )
    code, message = run_import("customer", path)
    assert code == 2
    assert "line 2: 5 cells for 4 columns" in message


def test_rejected_records_are_retried_on_the_next_run_and_resolved(write_feed):
    path = write_feed([invoice("C9", "I-1")], name="invoices.ndjson")
    assert run_import("invoice", path)[0] == 1
    rejected = ErpRejectedRecord.objects.get()
    assert rejected.resolved_at is None

    # The customer arrives; the next invoice run (of any feed) retries the kept record.
    assert run_import("customer", write_feed([customer("C9")], name="c.ndjson"))[0] == 0
    assert run_import("invoice", write_feed([], name="empty.ndjson"))[0] == 0

    rejected.refresh_from_db()
    assert rejected.resolved_at is not None
    assert Invoice.objects.get().company.customer_number == "C9"
    last = ErpSyncRun.objects.filter(kind="invoice").first()
    assert (last.received, last.stored, last.rejected, last.checkpoint["retried"]) == (1, 1, 0, 1)


def test_a_record_rejected_again_updates_its_kept_row(write_feed):
    path = write_feed([invoice("C9", "I-1")])
    assert run_import("invoice", path)[0] == 1
    assert run_import("invoice", write_feed([invoice("C9", "I-1")], name="again.ndjson"))[0] == 1
    row = ErpRejectedRecord.objects.get()
    assert (row.attempts, row.resolved_at) == (2, None)  # rejected, then re-sent


def test_a_byte_order_mark_at_the_start_of_a_file_is_accepted(tmp_path):
    path = tmp_path / "bom.ndjson"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(customer("C1")).encode() + b"\n")
    assert run_import("customer", path)[0] == 0
    assert Company.objects.get().customer_number == "C1"


def test_new_and_existing_rows_in_one_feed_and_text_that_needs_escaping(write_feed):
    """The first batch goes in by direct COPY; a batch that meets existing rows upserts."""
    CompanyFactory(customer_number="C\\1")
    tricky = 'tab\there, newline\nthere, back\\slash and "quotes"'
    first = write_feed([invoice("C\\1", f"I-{n}", orderNumber=tricky) for n in range(4)])
    assert run_import("invoice", first, batch_size=2)[0] == 0
    second = write_feed(
        [invoice("C\\1", "I-9"), invoice("C\\1", "I-0", status="paid"), invoice("C\\1", "I-8")],
        name="second.ndjson",
    )
    assert run_import("invoice", second, batch_size=2)[0] == 0

    assert sorted(Invoice.objects.values_list("invoice_number", "status", "order_number")) == [
        ("I-0", "paid", ""),  # an upsert replaces the record: no orderNumber this time
        ("I-1", "open", tricky),
        ("I-2", "open", tricky),
        ("I-3", "open", tricky),
        ("I-8", "open", ""),
        ("I-9", "open", ""),
    ]
