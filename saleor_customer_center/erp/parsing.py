"""One batch from source records to COPY text: decode, validate, check, render.

No database and no Django settings: it runs in the parse worker process (``worker``) while
the sync's own process writes the previous batch (README "ERP sync", Speed), or inline for
small feeds and retries. The same function either way, so both give the same result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from . import records
from .source import Item, LineBatch, RawLine, decode_line

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
MAX_EXTRA_BYTES = 1 << 20  # unknown keys of one record, as JSON


class Rows(NamedTuple):
    """The rows to write, the last version of each ERP key, read by name: row ``at`` is
    ``customers[at]``, ``keys[at]``, ``tails[at]``, ``indexes[at]``.

    Columns rather than a named tuple per row: a batch crosses the pipe from the parse
    worker as four plain lists, which pickle no slower than tuples, where a named tuple
    per row cost ten times as much (README "ERP sync", Speed).
    """

    # The ERP customer number; for customers already in COPY text form.
    customers: list[str]
    keys: list[str]  # the record's ERP key, as rejected records are found by
    tails: list[str]  # the row's other columns, COPY text
    indexes: list[int]  # where the record is in the batch as the connector gave it

    def without(self, positions: set[int]) -> Rows:
        """These rows less the rows at ``positions``."""
        kept = [at for at in range(len(self.indexes)) if at not in positions]
        return Rows(
            [self.customers[at] for at in kept],
            [self.keys[at] for at in kept],
            [self.tails[at] for at in kept],
            [self.indexes[at] for at in kept],
        )


class Rendered(NamedTuple):
    """A batch's rows as the COPY text PostgreSQL reads, company ids resolved: what the
    writer sends as it is (README "ERP sync", Speed: the writer's process does no work per
    row). ``keys`` and ``indexes`` follow the rows' order."""

    data: bytes  # one line per row, each ending in a newline
    keys: str  # the rows' ERP keys joined by NUL (validation keeps NUL out of them)
    indexes: list[int]  # where each row's record is in the batch as the connector gave it
    # Where the rows of even company ids end and those of odd ones begin (None: customers):
    # the two halves a batch is written in then lock disjoint companies (second_writer).
    cut: int | None = None

    def key_list(self) -> list[str]:
        """The rows' ERP keys, in the rows' order."""
        return self.keys.split("\x00") if self.indexes else []

    def without(self, positions: set[int]) -> Rendered:
        """These rows less the rows at ``positions``."""
        lines = self.data.split(b"\n")
        keys = self.key_list()
        kept = [at for at in range(len(self.indexes)) if at not in positions]
        return Rendered(
            b"".join([lines[at] + b"\n" for at in kept]),
            "\x00".join([keys[at] for at in kept]),
            [self.indexes[at] for at in kept],
        )


class ParsedBatch(NamedTuple):
    """A batch ready to write. Indexes point into the batch as the connector gave it."""

    received: int  # records in the batch, as the connector gave them
    rows: Rows  # empty when ``rendered`` holds them
    # Older versions of a key in the same batch: (customer number, index).
    dropped: list[tuple[str, int]]
    rejects: list[tuple[int, str]]  # (index, reason)
    # The rows rendered by the parse worker, which knew every company of the batch.
    rendered: Rendered | None = None


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


def _compile_row(kind_spec: records.KindSpec, *, clean: bool = False) -> Any:
    """One straight-line function per kind that checks a good record and renders its COPY
    text at once: ``row(payload) -> (first value, second value, tail) or None``.

    ``clean``: for a record decoded from a JSON line without a backslash. JSON escapes
    every control character and backslash inside a string, so none of its strings holds a
    character COPY escapes, a NUL or a lone surrogate (invalid UTF-8 is refused by the
    decoder): those checks are left out. The profile in the README counted them as a fifth
    of a record's checks.

    The checks are those of ``records`` (the same patterns, parsers and storable-text
    test); None means "not a plainly good record": then ``records.validate`` runs and
    either raises the precise error or gives the values (the slow path renders them). The
    profile in the README showed validation and rendering, field by field, as the largest
    cost of the sync; fused here they cost about half.
    """
    env: dict[str, Any] = {
        "fromisoformat": date.fromisoformat,
        "RecordError": records.RecordError,
        "unstorable": records.unstorable,
        "json_text": records.json_text,
        "escape": _COPY_ESCAPES,
    }
    lines = ["def row(payload):", "    get = payload.get"]
    rendered = []
    for i, f in enumerate(kind_spec.fields):
        v, r = f"v{i}", f"r{i}"
        rendered.append(r)
        env[f"parse{i}"] = f.parse
        lines.append(f"    {v} = get({f.key!r})")
        lines.append(f"    if {v} is None:")
        if f.required:
            lines.append("        return None")
        else:
            default = _formatters_for(f)(f.default) if i else None
            env[f"default{i}"] = f.default
            lines.append(f"        {v} = default{i}; {r} = {default!r}")
        lines.append("    else:")
        body: list[str]
        text = (
            f"{r} = {v}"
            if clean
            else f"{r} = {v}.translate(escape) if '\\\\' in {v} or '\\t' in {v} "
            f"or '\\n' in {v} or '\\r' in {v} else {v}"
        )
        if f.type == "string":
            storable = (
                []
                if clean
                else [f"if '\\x00' in {v} or not {v}.isascii() and unstorable({v}): return None"]
            )
            body = [
                f"if {v}.__class__ is not str: return None",
                *storable,
                f"{v} = {v}.strip()",
                f"if not {f.min_length} <= len({v}) <= {f.max_length or 10**6}: return None",
                text,
            ]
        elif f.type in ("email", "url"):
            body = [f"try: {v} = parse{i}({v})", "except RecordError: return None", text]
        elif f.type in ("money", "date", "currency"):
            pattern = {
                "money": records.MONEY_PATTERN,
                "date": records.DATE_PATTERN,
                "currency": records.CURRENCY_PATTERN,
            }
            env[f"match{i}"] = re.compile(pattern[f.type], re.ASCII).fullmatch
            body = [f"if {v}.__class__ is not str or match{i}({v}) is None: return None"]
            if f.type == "date":
                body += ["try: fromisoformat(" + v + ")", "except ValueError: return None"]
            body += [f"{r} = {v}"]
        elif f.type == "bool":
            body = [f"if {v}.__class__ is not bool: return None", f"{r} = 't' if {v} else 'f'"]
        elif f.type == "enum":
            env[f"choices{i}"] = frozenset(f.choices)
            body = [f"if {v} not in choices{i}: return None", f"{r} = {v}"]
        else:  # strings, objects: the parser, then JSON text
            body = [
                f"try: {v} = parse{i}({v}); {r} = json_text({f.key!r}, {v})",
                "except RecordError: return None",
                f"{r} = {r}.translate(escape) if '\\\\' in {r} else {r}",
            ][: 2 if clean else 3]
        lines += [f"        {statement}" for statement in body]
    tail = "\\t".join("{" + r + "}" for r in rendered[1:])
    lines.append(f'    return v0, v1, f"{tail}"')
    exec("\n".join(lines), env)  # noqa: S102 - source built above from the field table
    return env["row"]


def _formatters_for(f: records.Field) -> Any:
    """The COPY text of a field's value, for defaults (rendered once, at compile time)."""
    if f.type in ("string", "email", "url"):
        return copy_text
    if f.type == "bool":
        return _bool
    if f.type in ("objects", "strings"):
        return lambda value: copy_text(records.json_text(f.key, value))
    return _plain


_ROWS: dict[tuple[str, bool], Any] = {}


def _row_function(kind_spec: records.KindSpec, clean: bool) -> Any:
    key = (kind_spec.kind, clean)
    return _ROWS.get(key) or _ROWS.setdefault(key, _compile_row(kind_spec, clean=clean))


def parse_batch(kind: str, items: Sequence[Item]) -> ParsedBatch:
    """Validate and render a batch. Raises MalformedFeed for a line that is not JSON."""
    if isinstance(items, LineBatch):
        return parse_lines(kind, items.raws, items.lines)
    return _parse(kind, len(items), _payloads(items))


def parse_lines(kind: str, raws: list[bytes], lines: list[int]) -> ParsedBatch:
    """:func:`parse_batch` of a batch of :class:`RawLine` given as two plain lists (what the
    worker receives: lists of bytes and ints cross the pipe far cheaper than tuples)."""
    return _parse(kind, len(raws), _decoded(raws, lines))


# Each record comes with ``clean``: decoded from a JSON line without a backslash (see
# ``_compile_row``: such a record skips the escape and storable checks).


def _decoded(raws: list[bytes], lines: list[int]) -> Iterator[tuple[Any, bool]]:
    for raw, line in zip(raws, lines, strict=True):
        yield decode_line(raw, line), b"\\" not in raw


def _payloads(items: Sequence[Item]) -> Iterator[tuple[Any, bool]]:
    for item in items:
        if isinstance(item, RawLine):
            yield decode_line(item.raw, item.line), b"\\" not in item.raw
        else:
            yield item.payload, False


def _parse(kind: str, count: int, payloads: Iterator[tuple[Any, bool]]) -> ParsedBatch:
    kind_spec = records.spec(kind)
    formatters = _FORMATTERS.get(kind) or _FORMATTERS.setdefault(kind, _formatters(kind_spec))
    columns = range(1, len(formatters))
    validate = records.validate
    json_text = records.json_text
    is_customer = kind == records.CUSTOMER
    winners: dict[Any, int] = {}  # ERP key: the position of its row
    rows = Rows([], [], [], [])
    customers, keys, tails, indexes = rows
    dropped: list[tuple[str, int]] = []
    rejects: list[tuple[int, str]] = []
    fast_rows = (_row_function(kind_spec, False), _row_function(kind_spec, True))
    known = kind_spec.known_keys
    for index, (payload, clean) in enumerate(payloads):
        try:
            fast = fast_rows[clean](payload) if payload.__class__ is dict else None
            if fast is not None:
                customer, second, tail = fast
            else:
                values, _ = validate(kind_spec, payload)
                customer, second = values[0], values[1]
                tail = "\t".join([formatters[i](values[i]) for i in columns])
            if payload.keys() <= known:
                extra_text = "{}"
            else:
                extra_text = json_text(
                    "unknown keys", {key: payload[key] for key in payload.keys() - known}
                )
            if len(extra_text) > MAX_EXTRA_BYTES:
                raise records.RecordError(
                    f"unknown keys: larger than {MAX_EXTRA_BYTES} bytes as JSON"
                )
        except records.RecordError as exc:
            rejects.append((index, str(exc)))
            continue
        # "{}" (no unknown keys) and a clean line's text need no escaping (``_compile_row``).
        tail = f"{tail}\t{extra_text if extra_text == '{}' else copy_text(extra_text)}"
        if is_customer:
            erp_key = customer
            key = customer[:140]
            customer_text = customer if clean else copy_text(customer)
        else:
            erp_key = (customer, second)
            key = f"{customer}/{second}"[:140]
            customer_text = customer
        at = winners.get(erp_key)
        if at is None:  # a new key: a new row
            winners[erp_key] = len(indexes)
            customers.append(customer_text)
            keys.append(key)
            tails.append(tail)
            indexes.append(index)
        else:  # a newer version of a key: it takes the older one's row (the same order)
            dropped.append((customer, indexes[at]))
            customers[at], keys[at], tails[at], indexes[at] = customer_text, key, tail, index
    return ParsedBatch(count, rows, dropped, rejects)


def render(rows: Rows, companies: Mapping[str, int] | None) -> Rendered | None:
    """The rows as COPY text, each customer number replaced by its company id (customers:
    ``companies`` is None, the number is the first column); None when ``companies`` lacks
    one of them."""
    if companies is None:
        data = "".join([f"{c}\t{t}\n" for c, t in zip(rows.customers, rows.tails, strict=True)])
        return Rendered(
            data.encode("utf-8", "surrogatepass"),  # refused by PostgreSQL, row by row
            "\x00".join(rows.keys),
            list(rows.indexes),
        )
    try:
        ids = [companies[c] for c in rows.customers]
    except KeyError:
        return None
    # Rows of even company ids first: each half of the batch checks its foreign keys
    # against companies of its own (a company locked by both takes a MultiXact: README
    # "ERP sync", Speed, item 8).
    order = [at for at, id_ in enumerate(ids) if not id_ & 1]
    cut_at = len(order)
    order += [at for at, id_ in enumerate(ids) if id_ & 1]
    tails, keys, indexes = rows.tails, rows.keys, rows.indexes
    first = "".join([f"{ids[at]}\t{tails[at]}\n" for at in order[:cut_at]])
    second = "".join([f"{ids[at]}\t{tails[at]}\n" for at in order[cut_at:]])
    head = first.encode("utf-8", "surrogatepass")  # refused by PostgreSQL, row by row
    return Rendered(
        head + second.encode("utf-8", "surrogatepass"),
        "\x00".join([keys[at] for at in order]),
        [indexes[at] for at in order],
        len(head),
    )
