"""The ERP record formats of the README ("Record formats"): validation and their JSON Schemas.

One table of fields per kind drives both the validator (used by every connector) and the
JSON Schema files shipped in ``saleor_customer_center/schemas/`` (regenerate them with
``python -m saleor_customer_center.erp.records``), so the two cannot drift apart.

Each field gets its parser bound once; values stay strings where PostgreSQL parses them
(money, dates) once they are known to be well-formed. The sync's hot path is the same
checks compiled into one function per kind with the rendering (``parsing._compile_row``);
this validator is its reference and gives the precise reason when it refuses a record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import orjson
from django.core.exceptions import ValidationError

CUSTOMER = "customer"
CONTACT = "contact"
INVOICE = "invoice"
OPEN_ITEM = "openItem"
PAYMENT = "payment"
KINDS = (CUSTOMER, CONTACT, INVOICE, OPEN_ITEM, PAYMENT)

# Money fits Saleor's DecimalField(max_digits=12, decimal_places=3).
MONEY_PATTERN = r"-?[0-9]{1,9}(\.[0-9]{1,3})?"
DATE_PATTERN = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
CURRENCY_PATTERN = r"[A-Z]{3}"

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
_dumps = orjson.dumps


class RecordError(ValueError):
    """This record (only) is rejected: the message says which key and why."""


def unstorable(text: str) -> str | None:
    """What in ``text`` PostgreSQL refuses to store (text and jsonb alike), or None.

    NUL characters and lone surrogates (issue 12 item 9): one of them used to fail the
    whole batch's COPY; now it rejects its record only.
    """
    if "\x00" in text:
        return "a NUL character (\\u0000)"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "a lone surrogate (not valid Unicode)"
    return None


def check_storable(key: str, text: str) -> str:
    problem = unstorable(text)
    if problem is not None:
        raise _fail(key, f"contains {problem}, which cannot be stored")
    return text


def json_text(key: str, value: Any) -> str:
    """``value`` as JSON text PostgreSQL's jsonb accepts, or RecordError naming ``key``."""
    try:
        text = _dumps(value).decode()
    except (TypeError, ValueError):  # orjson refuses lone surrogates (and odd types)
        for string in _strings(value):
            check_storable(key, string)
        raise _fail(key, "cannot be stored as JSON") from None
    if "\\u0000" in text:  # jsonb refuses the NUL escape; a literal backslash may look alike
        for string in _strings(value):
            check_storable(key, string)
    return text


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item_key, item in value.items():
            yield str(item_key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@dataclass(frozen=True)
class Field:
    key: str
    column: str
    type: str  # string, money, date, bool, email, currency, url, enum, strings, objects
    required: bool = False
    max_length: int | None = None
    min_length: int = 0
    choices: tuple[str, ...] = ()
    default: Any = None
    parse: Callable[[Any], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parse", _parser(self))


def _fail(key: str, message: str) -> RecordError:
    return RecordError(f"{key}: {message}")


def _compiled(lazy_pattern: Any) -> re.Pattern[str]:
    return re.compile(lazy_pattern.pattern, lazy_pattern.flags)


@cache
def _email_matchers() -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """Django's two e-mail expressions, compiled on the first address checked: their Unicode
    ranges take a tenth of a second to compile, which the parse worker's start-up and the
    kinds without e-mails should not wait for (README "ERP sync", Speed)."""
    from django.core.validators import EmailValidator

    return _compiled(EmailValidator.user_regex).match, _compiled(EmailValidator.domain_regex).match


@cache
def _url_validator() -> Callable[[str], None]:
    from django.core.validators import URLValidator

    return URLValidator(schemes=["http", "https"])


def _check_email(value: str) -> None:
    """Django's ``validate_email``, with its two regular expressions compiled here once:
    through Django's lazy objects they cost more than the rest of a record's checks (the
    profile in the README). An address they accept is one Django accepts; anything else
    goes through Django's validator itself (IP literals, its error)."""
    if 0 < len(value) <= 320 and "@" in value:
        user, domain = value.rsplit("@", 1)
        user_matches, domain_matches = _email_matchers()
        if user_matches(user) and domain_matches(domain):
            return
    from django.core.validators import validate_email

    validate_email(value)


def _parser(f: Field) -> Callable[[Any], Any]:
    key = f.key
    if f.type in ("string", "email", "url"):
        min_length, max_length = f.min_length, f.max_length or 10**6
        extra_check: Callable[[str], None] | None = None
        if f.type == "email":
            extra_check = _check_email

        elif f.type == "url":

            def extra_check(value: str) -> None:
                _url_validator()(value)

        def parse_string(value: Any) -> str:
            if value.__class__ is not str:
                raise _fail(key, "must be a string")
            check_storable(key, value)
            value = value.strip()
            if not min_length <= len(value) <= max_length:
                if len(value) < min_length:
                    raise _fail(key, "must not be empty")
                raise _fail(key, f"longer than {max_length} characters")
            return value

        if extra_check is None:
            return parse_string

        def parse_checked_string(value: Any) -> str:
            value = parse_string(value)
            if value:
                try:
                    extra_check(value)
                except ValidationError:
                    raise _fail(key, f"not a valid {f.type}: {value!r}") from None
            return value

        return parse_checked_string

    if f.type in ("money", "date", "currency"):
        pattern = {"money": MONEY_PATTERN, "date": DATE_PATTERN, "currency": CURRENCY_PATTERN}
        match = re.compile(pattern[f.type], re.ASCII).fullmatch
        what = {
            "money": "a decimal string such as '123.45' (at most 9 digits before the point, 3 "
            "after)",
            "date": "an ISO 8601 date such as '2026-01-31'",
            "currency": "a three-letter ISO 4217 code such as 'EUR'",
        }[f.type]

        def parse_pattern(value: Any) -> str:
            if value.__class__ is not str or match(value) is None:
                raise _fail(key, f"must be {what}, got {value!r}")
            return value

        if f.type != "date":
            return parse_pattern
        fromisoformat = date.fromisoformat

        def parse_date(value: Any) -> str:
            if value.__class__ is not str or match(value) is None:
                raise _fail(key, f"must be {what}, got {value!r}")
            try:
                fromisoformat(value)
            except ValueError:
                raise _fail(key, f"not a calendar date: {value!r}") from None
            return value

        return parse_date

    if f.type == "bool":

        def parse_bool(value: Any) -> bool:
            if not isinstance(value, bool):
                raise _fail(key, f"must be true or false, got {value!r}")
            return value

        return parse_bool

    if f.type == "enum":
        choices = f.choices

        def parse_enum(value: Any) -> str:
            if value not in choices:
                raise _fail(key, f"must be one of {', '.join(choices)}, got {value!r}")
            return value

        return parse_enum

    if f.type == "strings":
        max_length = f.max_length or 10**6

        def parse_strings(value: Any) -> list[str]:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _fail(key, "must be a list of strings")
            for v in value:
                check_storable(key, v)
            if any(len(v) > max_length for v in value):
                raise _fail(key, f"an entry is longer than {max_length} characters")
            return value

        return parse_strings

    if f.type == "objects":

        def parse_objects(value: Any) -> list[dict[str, Any]]:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise _fail(key, "must be a list of objects")
            json_text(key, value)
            return value

        return parse_objects

    raise ValueError(f"unknown field type {f.type}")


@dataclass(frozen=True)
class KindSpec:
    """One record kind: its fields, its table and the ERP numbers that key it."""

    kind: str
    table_model: str  # model name in saleor_customer_center
    number_key: str  # the ERP number of the record within its customer
    fields: tuple[Field, ...]

    @property
    def required_keys(self) -> list[str]:
        return [f.key for f in self.fields if f.required]

    @cached_property
    def known_keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.fields)

    @cached_property
    def plan(self) -> tuple[tuple[str, Callable[[Any], Any], bool, Any], ...]:
        """(key, parser, required, default) per field: what the hot loop needs, unpacked."""
        return tuple((f.key, f.parse, f.required, f.default) for f in self.fields)

    @property
    def columns(self) -> list[str]:
        """Table columns written by the sync, in the order of :func:`validate`'s values."""
        return [f.column for f in self.fields]


def _number(key: str, column: str) -> Field:
    return Field(key, column, "string", required=True, min_length=1, max_length=64)


def _customer_number() -> Field:
    # For every kind but customer it is resolved to the company: its column is company_id.
    return _number("customerNumber", "company_id")


SPECS: dict[str, KindSpec] = {
    CUSTOMER: KindSpec(
        CUSTOMER,
        "Company",
        "customerNumber",
        (
            _number("customerNumber", "customer_number"),
            Field("name", "name", "string", required=True, min_length=1, max_length=255),
            Field("customerCenter", "customer_center_enabled", "bool", required=True),
            Field("adminEmail", "admin_email", "email", required=True, max_length=254),
            Field("uin", "uin", "string", max_length=64, default=""),
            Field("vatNumber", "vat_number", "string", max_length=64, default=""),
            Field("currency", "currency", "currency", default=""),
            Field("addresses", "addresses", "objects", default=[]),
            Field("active", "is_active", "bool", default=True),
        ),
    ),
    CONTACT: KindSpec(
        CONTACT,
        "ErpContact",
        "contactNumber",
        (
            _customer_number(),
            _number("contactNumber", "contact_number"),
            Field("email", "email", "email", required=True, min_length=1, max_length=254),
            Field("firstName", "first_name", "string", required=True, max_length=256),
            Field("lastName", "last_name", "string", required=True, max_length=256),
            Field("salutation", "salutation", "string", max_length=32, default=""),
            Field("isMainContact", "is_main_contact", "bool", default=False),
            Field("phone", "phone", "string", max_length=64, default=""),
            Field("active", "is_active", "bool", default=True),
        ),
    ),
    INVOICE: KindSpec(
        INVOICE,
        "Invoice",
        "invoiceNumber",
        (
            _customer_number(),
            _number("invoiceNumber", "invoice_number"),
            Field("issueDate", "issue_date", "date", required=True),
            Field("currency", "currency", "currency", required=True),
            Field("grossAmount", "gross_amount", "money", required=True),
            Field("netAmount", "net_amount", "money"),
            Field("dueDate", "due_date", "date"),
            Field(
                "status", "status", "enum", choices=("open", "paid", "cancelled"), default="open"
            ),
            Field("orderNumber", "order_number", "string", max_length=64, default=""),
            Field("pdfUrl", "pdf_url", "url", max_length=1024, default=""),
        ),
    ),
    OPEN_ITEM: KindSpec(
        OPEN_ITEM,
        "OpenItem",
        "documentNumber",
        (
            _customer_number(),
            _number("documentNumber", "document_number"),
            Field("dueDate", "due_date", "date", required=True),
            Field("currency", "currency", "currency", required=True),
            Field("amountDue", "amount_due", "money", required=True),
            Field("invoiceNumber", "invoice_number", "string", max_length=64, default=""),
            Field("originalAmount", "original_amount", "money"),
            Field("status", "status", "enum", choices=("open", "closed"), default="open"),
        ),
    ),
    PAYMENT: KindSpec(
        PAYMENT,
        "Payment",
        "paymentNumber",
        (
            _customer_number(),
            _number("paymentNumber", "payment_number"),
            Field("date", "date", "date", required=True),
            Field("currency", "currency", "currency", required=True),
            Field("amount", "amount", "money", required=True),
            Field("method", "method", "string", max_length=64, default=""),
            Field("invoiceNumbers", "invoice_numbers", "strings", max_length=64, default=[]),
        ),
    ),
}


def spec(kind: str) -> KindSpec:
    try:
        return SPECS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind {kind!r}; use one of {', '.join(KINDS)}") from None


def record_key(kind: str, payload: Any) -> str:
    """The ERP numbers of a record as one string ("" when they are missing)."""
    if not isinstance(payload, Mapping):
        return ""
    customer = payload.get("customerNumber")
    if kind == CUSTOMER:
        return str(customer).strip()[:140] if isinstance(customer, str) else ""
    number = payload.get(SPECS[kind].number_key) if kind in SPECS else None
    if not isinstance(customer, str) or not isinstance(number, str):
        return ""
    return f"{customer.strip()}/{number.strip()}"[:140]


def validate(kind_spec: KindSpec, payload: Any) -> tuple[list[Any], dict[str, Any]]:
    """Clean one record: (values in ``kind_spec.columns`` order, unknown keys kept aside).

    Raises :class:`RecordError` naming the first bad key. Optional keys given as null
    count as absent.
    """
    if not isinstance(payload, dict):
        raise RecordError(f"a record must be a JSON object, got {type(payload).__name__}")
    values = _validate_fields(kind_spec, payload)
    unknown = payload.keys() - kind_spec.known_keys
    extra = {key: payload[key] for key in unknown} if unknown else {}
    return values, extra


def _validate_fields(kind_spec: KindSpec, payload: dict[str, Any]) -> list[Any]:
    values: list[Any] = []
    append = values.append
    get = payload.get
    for key, parse, required, default in kind_spec.plan:
        value = get(key)
        if value is None:
            if required:
                raise _fail(key, "required")
            append(default)
        else:
            append(parse(value))
    return values


# JSON Schema -----------------------------------------------------------------------------


def _field_schema(f: Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if f.type in ("string", "email", "url"):
        schema = {"type": "string"}
        if f.min_length:
            schema["minLength"] = f.min_length
        if f.max_length:
            schema["maxLength"] = f.max_length
        if f.type in ("email", "url"):
            fmt = {"email": "email", "url": "uri"}[f.type]
            schema["anyOf"] = (
                [{"format": fmt}] if f.min_length else [{"maxLength": 0}, {"format": fmt}]
            )
    elif f.type in ("money", "date", "currency"):
        pattern = {"money": MONEY_PATTERN, "date": DATE_PATTERN, "currency": CURRENCY_PATTERN}
        schema = {"type": "string", "pattern": f"^{pattern[f.type]}$"}
        if f.type == "date":
            schema["format"] = "date"
    elif f.type == "bool":
        schema = {"type": "boolean"}
    elif f.type == "enum":
        schema = {"type": "string", "enum": list(f.choices)}
    elif f.type == "strings":
        schema = {"type": "array", "items": {"type": "string", "maxLength": f.max_length}}
    else:  # objects
        schema = {"type": "array", "items": {"type": "object"}}
    if not f.required:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        if "anyOf" in schema:
            schema["anyOf"] = [*schema["anyOf"], {"type": "null"}]
    return schema


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one record kind; unknown keys are allowed."""
    kind_spec = spec(kind)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://saleor-customer-center/schemas/{kind}.json",
        "title": f"ERP {kind} record",
        "description": "One record of an NDJSON/CSV feed, a pushed batch or a pulled page. "
        "Money as decimal strings, dates ISO 8601; unknown keys are kept, not rejected.",
        "type": "object",
        "required": kind_spec.required_keys,
        "properties": {f.key: _field_schema(f) for f in kind_spec.fields},
        "additionalProperties": True,
    }


def schema_path(kind: str) -> Path:
    return SCHEMA_DIR / f"{kind}.json"


def render_schema(kind: str) -> str:
    return json.dumps(json_schema(kind), indent=2) + "\n"


def write_schemas() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    paths = []
    for kind in KINDS:
        path = schema_path(kind)
        path.write_text(render_schema(kind), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - a maintenance helper
    for written in write_schemas():
        print(written)
