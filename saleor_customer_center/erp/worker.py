"""The parse worker: a child process that parses batches while the sync writes.

Parsing (JSON decoding, validation, COPY text) is Python and holds the GIL; in a thread it
slowed the writer down as much as it helped (README "ERP sync", Speed). In a process of its
own it runs on the machine's other core. It is a plain ``python -m`` child speaking over its
standard input and output (length-prefixed pickles, our own data only): no fork of a
process holding database connections and threads, and it exits when the sync's process
goes away (end of input).
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Sequence
from typing import IO, Any, TypeGuard

from .errors import MalformedFeed, WorkerDied
from .parsing import ParsedBatch, Rows, parse_batch, parse_lines, render
from .records import CUSTOMER
from .source import Item, LineBatch, RawLine

_LENGTH = struct.Struct("!Q")


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        raise EOFError
    return pickle.loads(data)  # noqa: S301 - written by our own process, see _send


def _all_lines(items: Sequence[Item]) -> TypeGuard[Sequence[RawLine]]:
    return all(item.__class__ is RawLine for item in items)


class ParseWorker:
    """The sync's side of one worker. ``submit`` and ``result`` may run in two threads
    (one writes the child's input, the other reads its output); answers come in order."""

    def __init__(self) -> None:
        paths = [path for path in sys.path if path]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def submit(
        self, kind: str, items: Sequence[Item], companies: list[tuple[str, int]] | None = None
    ) -> None:
        """Send a batch, with the company ids the sync learned since the last one (the
        worker renders a batch whole when it knows every company in it)."""
        assert self.process.stdin is not None
        message: tuple[
            str, Sequence[Item] | list[bytes], list[int] | None, list[tuple[str, int]] | None
        ]
        if isinstance(items, LineBatch):
            message = (kind, items.raws, items.lines, companies)
        elif _all_lines(items):
            lines = [item.line for item in items]
            message = (kind, [item.raw for item in items], lines, companies)
        else:
            message = (kind, items, None, companies)
        try:
            _send(self.process.stdin, message)
        except (BrokenPipeError, OSError, ValueError) as exc:
            raise WorkerDied("the ERP parse worker is gone") from exc

    def result(self) -> ParsedBatch:
        assert self.process.stdout is not None
        try:
            answer = _receive(self.process.stdout)
        except (EOFError, OSError, ValueError) as exc:
            raise WorkerDied("the ERP parse worker ended without an answer") from exc
        if answer[0] == "malformed":
            raise MalformedFeed(answer[1], answer[2])
        if answer[0] == "error":
            raise WorkerDied(f"the ERP parse worker failed: {answer[1]}")
        return answer[1]

    def peak_rss_kib(self) -> int:
        """The child's peak resident memory so far (Linux), 0 where unknown."""
        try:
            with open(f"/proc/{self.process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def close(self, *, kill: bool = False) -> None:
        """End the child: end of input (it exits), or at once when ``kill``."""
        process = self.process
        if kill:
            process.kill()
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# The worker forgets the company ids it learned beyond this many (the sync's cache does too).
MAX_COMPANIES = 200_000


def serve(source: IO[bytes], sink: IO[bytes]) -> None:
    """The child's loop: a batch in, its ParsedBatch (or what went wrong) out. A batch whose
    companies it all knows goes back rendered (``ParsedBatch.rendered``)."""
    companies: dict[str, int] = {}
    while True:
        try:
            kind, items, lines, learned = _receive(source)
        except EOFError:
            return
        try:
            if learned:
                if len(companies) + len(learned) > MAX_COMPANIES:
                    companies.clear()
                companies.update(learned)
            parsed = parse_batch(kind, items) if lines is None else parse_lines(kind, items, lines)
            rendered = render(parsed.rows, None if kind == CUSTOMER else companies)
            if rendered is not None:
                parsed = parsed._replace(rows=Rows([], [], [], []), rendered=rendered)
            answer: tuple[Any, ...] = ("ok", parsed)
        except MalformedFeed as exc:
            answer = ("malformed", exc.line, exc.message)
        except Exception as exc:  # reported to the sync, which fails the run with it
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            _send(sink, answer)
        except BrokenPipeError:
            return


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
