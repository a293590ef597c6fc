"""What a connector hands the sync: records, parsed or still as their NDJSON line.

Django-free, like ``parsing``: the parse worker process imports it without a database.
"""

from __future__ import annotations

from typing import Any, NamedTuple


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
        from .parsing import decode_line

        try:
            return decode_line(self.raw, self.line)
        except ValueError:
            return None

    retry_of = None


Item = SourceRecord | RawLine
