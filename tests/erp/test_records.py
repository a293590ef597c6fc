"""The record formats: validator per kind, and the shipped JSON Schemas agree with it."""

from __future__ import annotations

import json
import re

import pytest

from saleor_customer_center.erp import records
from saleor_customer_center.erp.records import RecordError, spec, validate

GOOD = {
    "customer": {
        "customerNumber": "C1",
        "name": "Acme",
        "customerCenter": True,
        "adminEmail": "boss@acme.example.com",
        "addresses": [{"city": "Berlin"}],
        "active": None,
    },
    "contact": {
        "customerNumber": "C1",
        "contactNumber": "K1",
        "email": "ann@acme.example.com",
        "firstName": "Ann",
        "lastName": "Smith",
        "isMainContact": True,
    },
    "invoice": {
        "customerNumber": "C1",
        "invoiceNumber": "I-1",
        "issueDate": "2026-11-02",
        "currency": "EUR",
        "grossAmount": "119.00",
        "netAmount": "100",
        "status": "paid",
        "pdfUrl": "https://erp.example.com/i/1.pdf",
    },
    "openItem": {
        "customerNumber": "C1",
        "documentNumber": "D1",
        "dueDate": "2026-12-01",
        "currency": "EUR",
        "amountDue": "-5.125",
        "status": "closed",
    },
    "payment": {
        "customerNumber": "C1",
        "paymentNumber": "P1",
        "date": "2026-11-03",
        "currency": "EUR",
        "amount": "10.00",
        "invoiceNumbers": ["I-1"],
    },
}

# Changes that make a record bad, for both the validator and the schema.
BAD = [
    ("customer", {"customerCenter": "yes"}),
    ("customer", {"name": None}),
    ("customer", {"addresses": ["Main St 1"]}),
    ("contact", {"isMainContact": 1}),
    ("contact", {"contactNumber": ""}),
    ("contact", {"firstName": 7}),
    ("invoice", {"grossAmount": 119}),
    ("invoice", {"grossAmount": "1,5"}),
    ("invoice", {"grossAmount": "1.2345"}),
    ("invoice", {"grossAmount": "1234567890"}),
    ("invoice", {"issueDate": "02.11.2026"}),
    ("invoice", {"issueDate": "2026-13-01"}),
    ("invoice", {"currency": "eur"}),
    ("invoice", {"status": "void"}),
    ("invoice", {"invoiceNumber": "x" * 65}),
    ("openItem", {"status": "open-ish"}),
    ("openItem", {"dueDate": None}),
    ("payment", {"invoiceNumbers": "I-1"}),
    ("payment", {"invoiceNumbers": [1]}),
]
# The validator is stricter than a schema can say: calendar dates, e-mail and URL syntax.
STRICTER_THAN_SCHEMA = [
    ("invoice", {"issueDate": "2026-02-30"}),
    ("contact", {"email": "not-an-email"}),
    ("invoice", {"pdfUrl": "ftp://x"}),
    ("contact", {"contactNumber": "   "}),
]


def test_validator_returns_values_in_column_order_and_keeps_unknown_keys():
    values, extra = validate(spec("invoice"), {**GOOD["invoice"], "costCenter": "CC1"})
    assert dict(zip(spec("invoice").columns, values, strict=True)) == {
        "company_id": "C1",
        "invoice_number": "I-1",
        "issue_date": "2026-11-02",
        "currency": "EUR",
        "gross_amount": "119.00",
        "net_amount": "100",
        "due_date": None,
        "status": "paid",
        "order_number": "",
        "pdf_url": "https://erp.example.com/i/1.pdf",
    }
    assert extra == {"costCenter": "CC1"}


def test_optional_null_means_default():
    values, _ = validate(spec("customer"), GOOD["customer"])
    assert values[spec("customer").columns.index("is_active")] is True


@pytest.mark.parametrize("kind", records.KINDS)
def test_every_required_key_is_required(kind):
    for key in spec(kind).required_keys:
        record = {k: v for k, v in GOOD[kind].items() if k != key}
        with pytest.raises(RecordError, match=f"^{key}: required$"):
            validate(spec(kind), record)


def test_required_keys_are_those_of_the_design():
    assert {kind: spec(kind).required_keys for kind in records.KINDS} == {
        "customer": ["customerNumber", "name", "customerCenter", "adminEmail"],
        "contact": ["customerNumber", "contactNumber", "email", "firstName", "lastName"],
        "invoice": ["customerNumber", "invoiceNumber", "issueDate", "currency", "grossAmount"],
        "openItem": ["customerNumber", "documentNumber", "dueDate", "currency", "amountDue"],
        "payment": ["customerNumber", "paymentNumber", "date", "currency", "amount"],
    }


@pytest.mark.parametrize("kind", records.KINDS)
def test_shipped_schema_files_are_the_generated_ones(kind):
    shipped = records.schema_path(kind).read_text(encoding="utf-8")
    assert json.loads(shipped) == records.json_schema(kind)
    assert json.loads(shipped)["required"] == spec(kind).required_keys


def schema_errors(schema: dict, value) -> list[str]:
    """A small evaluator of the JSON Schema keywords the shipped files use ("format" is an
    annotation, as in JSON Schema 2020-12 by default)."""
    types = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
    }
    errors = []
    if "type" in schema:
        allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(isinstance(value, types[t]) for t in allowed):
            return [f"type {type(value).__name__} not in {allowed}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append("enum")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append("minLength")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append("maxLength")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append("pattern")
    if "anyOf" in schema and all(schema_errors(s, value) for s in schema["anyOf"]):
        errors.append("anyOf")
    if isinstance(value, list) and "items" in schema:
        errors += [e for item in value for e in schema_errors(schema["items"], item)]
    if isinstance(value, dict):
        errors += [f"{k} required" for k in schema.get("required", []) if k not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += [f"{key}: {e}" for e in schema_errors(sub, value[key])]
    return errors


def validator_accepts(kind, record) -> bool:
    try:
        validate(spec(kind), record)
    except RecordError:
        return False
    return True


@pytest.mark.parametrize("kind", records.KINDS)
def test_schema_and_validator_accept_the_good_samples(kind):
    schema = json.loads(records.schema_path(kind).read_text(encoding="utf-8"))
    record = {**GOOD[kind], "somethingNew": {"kept": True}}
    assert schema_errors(schema, record) == []
    assert validator_accepts(kind, record)


@pytest.mark.parametrize(("kind", "change"), BAD, ids=[f"{k}-{list(c)[0]}" for k, c in BAD])
def test_schema_and_validator_refuse_the_bad_samples(kind, change):
    schema = json.loads(records.schema_path(kind).read_text(encoding="utf-8"))
    record = {**GOOD[kind], **change}
    assert schema_errors(schema, record) != []
    assert not validator_accepts(kind, record)


@pytest.mark.parametrize(("kind", "change"), STRICTER_THAN_SCHEMA)
def test_validator_is_stricter_than_the_schema_where_a_pattern_cannot_tell(kind, change):
    record = {**GOOD[kind], **change}
    assert not validator_accepts(kind, record)


def test_a_record_must_be_an_object():
    with pytest.raises(RecordError, match="must be a JSON object, got list"):
        validate(spec("invoice"), [1, 2])


def _fields_path(kind, record):
    try:
        return records._validate_fields(spec(kind), record)
    except RecordError:
        return None


@pytest.mark.parametrize(
    ("kind", "change"),
    [(kind, {}) for kind in records.KINDS]
    + BAD
    + STRICTER_THAN_SCHEMA
    + [("customer", {"name": "  padded  "}), ("payment", {"method": None})],
)
def test_compiled_checks_agree_with_the_field_parsers(kind, change):
    """The sync's compiled path (parsing) accepts exactly what the parsers accept, with
    the same values rendered."""
    from saleor_customer_center.erp import parsing

    record = {**GOOD[kind], **change}
    values = _fields_path(kind, record)
    compiled = parsing._compile_row(spec(kind))(record)
    if values is None:
        assert compiled is None
    else:
        formatters = parsing._formatters(spec(kind))
        tail = "\t".join(formatters[i](values[i]) for i in range(1, len(formatters)))
        assert compiled == (values[0], values[1], tail)


@pytest.mark.parametrize(
    "address",
    [
        "ann@example.com",
        "Ann.Smith+b2b@mail.example.co.uk",
        '"quoted name"@example.com',
        "ann@localhost",
        "ann@[127.0.0.1]",
        "ann@[::1]",
        "ann@münchen.de",
        "ann@example",
        "ann@@example.com",
        "ann.@example.com",
        "@example.com",
        "ann@",
        "ann@-example.com",
        "ann example@example.com",
        "a" * 310 + "@example.com",
        "",
    ],
)
def test_the_fast_email_check_answers_as_djangos_validator(address):
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from saleor_customer_center.erp.records import _check_email

    def accepted(check) -> bool:
        try:
            check(address)
        except ValidationError:
            return False
        return True

    assert accepted(_check_email) is accepted(validate_email)
