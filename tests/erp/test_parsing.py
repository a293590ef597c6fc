"""The fused check-and-render path of the parser gives exactly what the field-by-field
path gives (it exists for speed only), and a record it does not take goes the slow way."""

from __future__ import annotations

import json

import pytest

from saleor_customer_center.erp import parsing, records
from saleor_customer_center.erp.source import SourceRecord

RECORDS = {
    "customer": {
        "customerNumber": " K1 ",
        "name": "Müller\tGmbH",
        "customerCenter": True,
        "adminEmail": "admin@k1.example.com",
        "uin": "back\\slash",
        "addresses": [{"city": "Köln", "note": "a\tb"}],
        "active": False,
    },
    "contact": {
        "customerNumber": "C1",
        "contactNumber": "P1",
        "email": "p1@c1.example.com",
        "firstName": "Ann\nMarie",
        "lastName": "Smith\r",
        "isMainContact": True,
    },
    "invoice": {
        "customerNumber": "C1",
        "invoiceNumber": "I-1",
        "issueDate": "2026-02-28",
        "currency": "EUR",
        "grossAmount": "-12.5",
        "status": "paid",
        "pdfUrl": "https://erp.example.com/i/1.pdf",
    },
    "openItem": {
        "customerNumber": "C1",
        "documentNumber": "D-1",
        "dueDate": "2026-11-30",
        "currency": "EUR",
        "amountDue": "999999999.999",
        "originalAmount": None,
    },
    "payment": {
        "customerNumber": "C1",
        "paymentNumber": "PAY-1",
        "date": "2026-01-01",
        "currency": "EUR",
        "amount": "1",
        "invoiceNumbers": ["I-1", "I\\2"],
    },
}


def slow(kind: str, payload: dict) -> tuple:
    spec = records.spec(kind)
    values, _ = records.validate(spec, payload)
    formatters = parsing._formatters(spec)
    tail = "\t".join(formatters[i](values[i]) for i in range(1, len(formatters)))
    return values[0], values[1], tail


@pytest.mark.parametrize("kind", records.KINDS)
def test_fused_path_renders_as_the_field_by_field_path(kind):
    payload = RECORDS[kind]
    required_only = {key: payload[key] for key in records.spec(kind).required_keys}

    for record in (payload, required_only):
        assert parsing._compile_row(records.spec(kind))(record) == slow(kind, record)


@pytest.mark.parametrize("kind", records.KINDS)
def test_a_record_the_fused_path_refuses_gets_its_precise_reason(kind):
    bad = {**RECORDS[kind], records.spec(kind).required_keys[-1]: 12}

    assert parsing._compile_row(records.spec(kind))(bad) is None
    parsed = parsing.parse_batch(kind, [SourceRecord(bad, "line 1")])
    assert parsed.rows == parsing.Rows([], [], [], [])
    assert parsed.rejects[0][1].startswith(records.spec(kind).required_keys[-1] + ":")


def test_rows_are_read_by_name_and_a_newer_version_takes_the_older_ones_row():
    invoice = RECORDS["invoice"]
    other = {**invoice, "invoiceNumber": "INV-2"}
    newer = {**invoice, "status": "cancelled"}

    parsed = parsing.parse_batch(
        "invoice",
        [SourceRecord(r, f"line {n}") for n, r in enumerate([invoice, other, newer], 1)],
    )

    assert parsed.received == 3
    assert parsed.rows.customers == ["C1", "C1"]
    assert parsed.rows.keys == [f"C1/{invoice['invoiceNumber']}", "C1/INV-2"]
    assert parsed.rows.indexes == [2, 1]  # the first key's row, now holding its newer version
    assert "cancelled" in parsed.rows.tails[0] and "paid" not in parsed.rows.tails[0]
    assert parsed.dropped == [("C1", 0)]
    assert parsed.rows.without({0}) == parsing.Rows(
        ["C1"], ["C1/INV-2"], [parsed.rows.tails[1]], [1]
    )


def _without_escapes(value):
    """``value`` with no character JSON writes as an escape (tab, line breaks, backslash)."""
    if isinstance(value, str):
        return value.translate(str.maketrans("\t\n\r\\", "   /"))
    if isinstance(value, list):
        return [_without_escapes(each) for each in value]
    if isinstance(value, dict):
        return {key: _without_escapes(each) for key, each in value.items()}
    return value


@pytest.mark.parametrize("kind", records.KINDS)
def test_a_line_with_or_without_escapes_parses_as_the_record_checked_in_full(kind):
    # A JSON line without a backslash skips the escape and storable checks (it cannot hold
    # what they look for: JSON escapes them); a line with escapes takes them.
    payload = RECORDS[kind]
    clean = _without_escapes(payload)
    clean_line = json.dumps(clean, ensure_ascii=False).encode()  # raw UTF-8 where non-ASCII
    escaped = {**payload, "note": "a\tb\\c"}  # an unknown key needing escapes too
    escaped_line = json.dumps(escaped).encode()
    nul_line = json.dumps({**clean, "note": "a\x00b"}).encode()
    assert b"\\" not in clean_line and b"\\" in escaped_line

    for line, record in ((clean_line, clean), (escaped_line, escaped)):
        by_line = parsing.parse_lines(kind, [line], [1])
        in_full = parsing.parse_batch(kind, [SourceRecord(record, "line 1")])
        assert (by_line.rows, by_line.rejects) == (in_full.rows, [])
        assert len(by_line.rows.indexes) == 1
    refused = parsing.parse_lines(kind, [nul_line], [1])
    assert refused.rows.indexes == []
    assert refused.rejects[0][1].startswith("unknown keys: contains a NUL character")
