"""Records from NDJSON/JSON Lines or CSV files (the import command) and from pushed batches.

Both read bytes line by line and remember the byte offset and line number after the last
record yielded, so a crashed import resumes by seeking, not by re-reading.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from ...models.erp import SyncSource
from .. import records
from ..source import LineBatch
from .base import Connector, MalformedFeed, RawLine, SourceRecord

NDJSON_SUFFIXES = (".ndjson", ".jsonl")
CSV_SUFFIXES = (".csv",)
TRUE_WORDS = {"true", "1", "yes", "y"}
FALSE_WORDS = {"false", "0", "no", "n"}


class LineReader:
    """NDJSON from a binary stream: one JSON value per line, blank lines skipped."""

    def __init__(self) -> None:
        self.offset = 0
        self.line = 0

    def checkpoint(self) -> dict[str, Any]:
        return {"offset": self.offset, "line": self.line}

    def ndjson(self, stream: BinaryIO, resume: dict[str, Any] | None) -> Iterator[RawLine]:
        """The lines as they are: the sync decodes them in its parse worker."""
        if resume:
            self.offset, self.line = int(resume["offset"]), int(resume["line"])
            stream.seek(self.offset)
        line, offset = self.line, self.offset
        for raw in stream:
            line += 1
            offset += len(raw)
            if raw.isspace():
                continue
            self.line, self.offset = line, offset
            yield RawLine(raw, line)
        self.line, self.offset = line, offset

    def ndjson_batches(
        self, stream: BinaryIO, resume: dict[str, Any] | None, size: int
    ) -> Iterator[LineBatch]:
        """:meth:`ndjson` a batch at a time, without a Python object per line (the sync's
        reading thread shares the GIL with its writer: README "ERP sync", Speed)."""
        if resume:
            self.offset, self.line = int(resume["offset"]), int(resume["line"])
            stream.seek(self.offset)
        while raws := list(islice(stream, size)):
            first = self.line + 1
            self.line += len(raws)
            self.offset += sum(map(len, raws))
            lines = list(range(first, first + len(raws)))
            blank = [i for i, raw in enumerate(raws) if raw.isspace()]
            if blank:
                for i in reversed(blank):
                    del raws[i], lines[i]
                if not raws:
                    continue
            yield LineBatch(raws, lines)

    def csv(self, stream: BinaryIO, kind: str, resume: dict[str, Any] | None) -> Iterator[Any]:
        first = stream.readline()
        if not first:
            return
        self.line, self.offset = 1, len(first)
        try:
            header = next(csv.reader([first.decode("utf-8-sig")]))
        except (UnicodeDecodeError, csv.Error, StopIteration) as exc:
            raise MalformedFeed(1, f"bad CSV header: {exc}") from None
        header = [name.strip() for name in header]
        if not header or "" in header or len(set(header)) != len(header):
            raise MalformedFeed(1, "the CSV header must name every column once")
        if resume:
            self.offset, self.line = int(resume["offset"]), int(resume["line"])
            stream.seek(self.offset)
        coerce = _csv_coercions(kind)
        required = set(records.spec(kind).required_keys)
        reader = csv.reader(self._lines(stream))
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise MalformedFeed(self.line, f"bad CSV: {exc}") from None
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise MalformedFeed(
                    self.line, f"{len(row)} cells for {len(header)} columns in the header"
                )
            payload = {}
            for name, cell in zip(header, row, strict=False):
                if cell == "":
                    # An empty cell is an absent key, or an empty text where one is required.
                    if name in required:
                        payload[name] = ""
                    continue
                payload[name] = coerce[name](cell) if name in coerce else cell
            yield SourceRecord(payload, f"line {self.line}")

    def _lines(self, stream: BinaryIO) -> Iterator[str]:
        """Decoded lines that keep the offset and line number (csv pulls them lazily)."""
        for raw in stream:
            self.line += 1
            self.offset += len(raw)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise MalformedFeed(self.line, "not UTF-8 text") from None


def _csv_coercions(kind: str) -> dict[str, Any]:
    """CSV cells are text: turn booleans and lists into what the record format says."""

    def to_bool(cell: str) -> Any:
        word = cell.strip().lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else cell

    def to_json_or(cell: str, fallback: Any) -> Any:
        text = cell.strip()
        if text[:1] in "[{":
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                return cell
        return fallback(text)

    coercions: dict[str, Any] = {}
    for field in records.spec(kind).fields:
        if field.type == "bool":
            coercions[field.key] = to_bool
        elif field.type == "strings":
            coercions[field.key] = lambda cell: to_json_or(
                cell, lambda t: [part.strip() for part in t.split(";") if part.strip()]
            )
        elif field.type == "objects":
            coercions[field.key] = lambda cell: to_json_or(cell, lambda t: t)
    return coercions


class FileConnector(Connector):
    """An NDJSON (``.ndjson``, ``.jsonl``) or CSV (``.csv``) file."""

    source = SyncSource.FILE

    def __init__(self, kind: str, path: str | os.PathLike[str]) -> None:
        super().__init__(kind)
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in NDJSON_SUFFIXES + CSV_SUFFIXES:
            raise MalformedFeed(0, f"unknown file type {suffix!r}: use .ndjson, .jsonl or .csv")
        self.is_csv = suffix in CSV_SUFFIXES
        self.reader = LineReader()
        self._stream: BinaryIO | None = None

    def feed_id(self) -> str:
        try:
            stat = self.path.stat()
        except OSError as exc:
            raise MalformedFeed(0, f"cannot read {self.path}: {exc.strerror}") from None
        return f"file:{self.path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"

    def records(self, resume: dict[str, Any] | None = None) -> Iterator[SourceRecord | RawLine]:
        self._open()
        assert self._stream is not None
        if self.is_csv:
            return self.reader.csv(self._stream, self.kind, resume)
        return self.reader.ndjson(self._stream, resume)

    def batches(self, resume: dict[str, Any] | None, size: int) -> Iterator[Sequence[Any]]:
        if self.is_csv:
            return super().batches(resume, size)
        self._open()
        assert self._stream is not None
        return self.reader.ndjson_batches(self._stream, resume, size)

    def _open(self) -> None:
        try:
            self._stream = open(self.path, "rb")  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise MalformedFeed(0, f"cannot read {self.path}: {exc.strerror}") from None

    def checkpoint(self) -> dict[str, Any]:
        return self.reader.checkpoint()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None


class BytesConnector(Connector):
    """NDJSON held in memory: a pushed batch (see ``push.PushConnector``) or a test's feed."""

    source = SyncSource.PUSH

    def __init__(self, kind: str, body: bytes, feed: str) -> None:
        super().__init__(kind)
        self.body = body
        self.feed = feed
        self.reader = LineReader()

    def feed_id(self) -> str:
        return self.feed

    def records(self, resume: dict[str, Any] | None = None) -> Iterator[RawLine]:
        return self.reader.ndjson(io.BytesIO(self.body), resume)

    def batches(self, resume: dict[str, Any] | None, size: int) -> Iterator[LineBatch]:
        return self.reader.ndjson_batches(io.BytesIO(self.body), resume, size)

    def checkpoint(self) -> dict[str, Any]:
        return self.reader.checkpoint()
