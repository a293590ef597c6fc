"""One batch from source records to COPY text: decode, validate, check, render.

No database and no Django settings: it runs in the parse worker process (``worker``) while
the sync's own process writes the previous batch (README "ERP sync", Speed), or inline for
small feeds and retries. The same function either way, so both give the same result.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import orjson

from . import records
from .errors import MalformedFeed
from .source import Item, LineBatch, RawLine

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
BOM = b"\xef\xbb\xbf"
MAX_EXTRA_BYTES = 1 << 20  # unknown keys of one record, as JSON


class ParsedBatch(NamedTuple):
    """A batch ready to write. Indexes point into the batch as the connector gave it."""

    count: int
    # The last version of each ERP key: (customer number, key, COPY tail, index). For
    # customers the first item is the customer number already in COPY text form.
    rows: list[tuple[str, str, str, int]]
    # Older versions of a key in the same batch: (customer number, index).
    dropped: list[tuple[str, int]]
    rejects: list[tuple[int, str]]  # (index, reason)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_line(raw: bytes, line: int) -> Any:
    """One NDJSON line as a value; MalformedFeed when it is not UTF-8 JSON.

    orjson first (the profile in the README shows decoding as the largest cost); the
    standard decoder only for what orjson refuses, which includes valid JSON with a lone
    surrogate escape: that record is then rejected by validation, not the whole feed.
    """
    if line == 1 and raw.startswith(BOM):
        raw = raw[3:]
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedFeed(line, "not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise MalformedFeed(line, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except ValueError as exc:
        raise MalformedFeed(line, f"invalid JSON: {exc}") from None


def copy_text(value: str | None) -> str:
    """A value in COPY's text format: backslash, tab and line breaks escaped."""
    if value is None:
        return NULL
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def _plain(value: str | None) -> str:
    """Pattern-checked values (money, dates, codes, choices) have nothing to escape."""
    return NULL if value is None else value


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _formatters(kind_spec: records.KindSpec) -> list[Any]:
    formatters: list[Any] = []
    for f in kind_spec.fields:
        if f.type in ("string", "email", "url"):
            formatters.append(copy_text)
        elif f.type == "bool":
            formatters.append(_bool)
        elif f.type in ("objects", "strings"):
            key = f.key
            formatters.append(lambda value, key=key: copy_text(records.json_text(key, value)))
        else:
            formatters.append(_plain)
    return formatters


_FORMATTERS: dict[str, list[Any]] = {}


def parse_batch(kind: str, items: Sequence[Item]) -> ParsedBatch:
    """Validate and render a batch. Raises MalformedFeed for a line that is not JSON."""
    if isinstance(items, LineBatch):
        return parse_lines(kind, items.raws, items.lines)
    return _parse(kind, len(items), enumerate(_payloads(items)))


def parse_lines(kind: str, raws: list[bytes], lines: list[int]) -> ParsedBatch:
    """:func:`parse_batch` of a batch of :class:`RawLine` given as two plain lists (what the
    worker receives: lists of bytes and ints cross the pipe far cheaper than tuples)."""
    return _parse(kind, len(raws), enumerate(map(decode_line, raws, lines)))


def _payloads(items: Sequence[Item]) -> Iterator[Any]:
    for item in items:
        yield decode_line(item.raw, item.line) if item.__class__ is RawLine else item.payload


def _parse(kind: str, count: int, payloads: Iterator[tuple[int, Any]]) -> ParsedBatch:
    kind_spec = records.spec(kind)
    formatters = _FORMATTERS.get(kind) or _FORMATTERS.setdefault(kind, _formatters(kind_spec))
    columns = range(1, len(formatters))
    validate = records.validate
    json_text = records.json_text
    is_customer = kind == records.CUSTOMER
    winners: dict[Any, tuple[str, str, str, int]] = {}
    dropped: list[tuple[str, int]] = []
    rejects: list[tuple[int, str]] = []
    for index, payload in payloads:
        try:
            values, extra = validate(kind_spec, payload)
            tail = "\t".join([formatters[i](values[i]) for i in columns])
            extra_text = json_text("unknown keys", extra) if extra else "{}"
            if len(extra_text) > MAX_EXTRA_BYTES:
                raise records.RecordError(
                    f"unknown keys: larger than {MAX_EXTRA_BYTES} bytes as JSON"
                )
        except records.RecordError as exc:
            rejects.append((index, str(exc)))
            continue
        customer = values[0]
        if is_customer:
            erp_key = customer
            row = (copy_text(customer), customer[:140], f"{tail}\t{copy_text(extra_text)}", index)
        else:
            erp_key = (customer, values[1])
            key = f"{customer}/{values[1]}"[:140]
            row = (customer, key, f"{tail}\t{copy_text(extra_text)}", index)
        older = winners.get(erp_key)
        if older is not None:
            dropped.append((customer, older[3]))
        winners[erp_key] = row
    return ParsedBatch(count, list(winners.values()), dropped, rejects)
