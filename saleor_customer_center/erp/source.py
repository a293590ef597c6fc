"""What a connector hands the sync: records, parsed or still as their NDJSON line, and how
such a line is decoded (``decode_line``, used by the parse step and by a rejected line).

Django-free, like ``parsing``: the parse worker process imports it without a database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple, overload

import orjson

from .errors import MalformedFeed

BOM = b"\xef\xbb\xbf"


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


class SourceRecord(NamedTuple):
    """One record as the ERP sent it: parsed payload, raw text if at hand, where it was.

    A named tuple because millions are made per feed: it is the cheapest record type.
    """

    payload: Any
    position: str
    raw: str | bytes | None = None  # bytes: the UTF-8 line, decoded only if rejected
    retry_of: int | None = None  # the ErpRejectedRecord being retried, if any


class RawLine(NamedTuple):
    """One NDJSON line not decoded yet: the parse step (in the worker process) decodes it.

    Files and pushes hand over lines, so that the reading thread does next to nothing and
    decoding runs on the other core (README "ERP sync", Speed).
    """

    raw: bytes
    line: int

    @property
    def position(self) -> str:
        return f"line {self.line}"

    @property
    def payload(self) -> Any:
        """Decoded on demand (a rejected or retried line); None when it is not JSON."""
        try:
            return decode_line(self.raw, self.line)
        except ValueError:
            return None

    @property
    def retry_of(self) -> None:
        """A line of the feed retries no rejected record (a retry is a SourceRecord)."""
        return None


Item = SourceRecord | RawLine


class LineBatch(Sequence[RawLine]):
    """A batch of NDJSON lines kept as two plain lists (lines and their numbers): built
    without a Python object per line, and sent to the parse worker as they are."""

    __slots__ = ("raws", "lines")

    def __init__(self, raws: list[bytes], lines: list[int]) -> None:
        self.raws = raws
        self.lines = lines

    def __len__(self) -> int:
        return len(self.raws)

    @overload
    def __getitem__(self, index: int) -> RawLine: ...
    @overload
    def __getitem__(self, index: slice) -> list[RawLine]: ...
    def __getitem__(self, index: int | slice) -> RawLine | list[RawLine]:
        if isinstance(index, slice):
            return [RawLine(r, n) for r, n in zip(self.raws[index], self.lines[index], strict=True)]
        return RawLine(self.raws[index], self.lines[index])
