"""A second database connection that writes half of each large batch (README "ERP sync",
Speed, item 8).

PostgreSQL runs a connection's statement on one core. A batch holds each ERP key once
(``parsing`` keeps the last version), so its two halves never touch the same row: the
sync's own connection writes the first half while this writer's thread writes the second
on a connection of its own, and PostgreSQL works on both cores. Where it can, the parse
worker orders a batch so that the halves hold the rows of disjoint companies: the foreign
key checks of both then never lock the same company row (``parsing.render``). Nothing else
changes: the batch's own transaction keeps its rejected records, counters and checkpoint.

Order of commits: this writer's transaction commits just before the batch's own one. A crash
in between leaves the second half written and the checkpoint before the batch, so the batch
is written again when the run resumes; that half then merges unchanged (``IS DISTINCT
FROM``): nothing lost, nothing written twice.

Anything the second half meets (a refused row, a lock wait longer than ``LOCK_TIMEOUT``)
rolls it back and the sync writes the whole batch again on its own connection, where
refused rows are found one by one (``sync._write``).
"""

from __future__ import annotations

import queue
import threading
from typing import Any

from django.db import connection, connections, transaction

from . import bulk

# A batch smaller than this is written on one connection: the halves would cost more to
# start than they save.
MIN_ROWS = 1_000
# The two connections never wait for each other's rows (distinct keys); a wait on another
# session's lock longer than this gives the batch back to the sync's own connection.
LOCK_TIMEOUT = "10s"


class _RolledBack(Exception):
    pass


def halves(data: bytes, cut: int | None = None) -> tuple[bytes, bytes]:
    """COPY text cut at ``cut`` (a line start: ``parsing.Rendered.cut``) when each side then
    holds a quarter of it or more, else at the line break nearest its middle (the second
    may be empty)."""
    if cut is None or not len(data) // 4 <= cut <= len(data) - len(data) // 4:
        cut = data.find(b"\n", len(data) // 2) + 1
        if cut == 0:
            return data, b""
    return data[:cut], data[cut:]


class SecondWriter:
    """One run's second connection, in a thread of its own: ``write`` a half, wait for it
    (``written``), then ``commit`` or ``rollback``. One batch at a time."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.state = "idle"  # "writing": a half sent, "written": its transaction open
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._answers: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="erp-sync-writer", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> bool:
        """A half was sent and its transaction has not ended."""
        return self.state != "idle"

    def write(self, data: bytes, try_copy: bool) -> None:
        """Start writing ``data`` (COPY text) in a new transaction of the second connection."""
        assert self.state == "idle"
        self.state = "writing"
        self._jobs.put((data, try_copy))

    def written(self) -> bulk.Written:
        """Wait for the half; raises what it met (its transaction is then rolled back)."""
        assert self.state == "writing"
        answer = self._answers.get()
        if answer[0] == "error":
            self.state = "idle"
            raise answer[1]
        self.state = "written"
        return answer[1]

    def commit(self) -> None:
        """Commit the written half; raises what the commit met."""
        assert self.state == "written"
        self._end("commit")

    def rollback(self) -> None:
        """Roll the half back, whether or not it was waited for (no-op when none)."""
        if self.state == "writing":
            try:
                self.written()
            except Exception:  # noqa: S110 - rolled back already, which is what is asked
                return
        if self.state == "written":
            self._end("rollback")

    def close(self) -> None:
        self.rollback()
        self._jobs.put(None)
        self._thread.join()

    def _end(self, decision: str) -> None:
        self._jobs.put(decision)
        answer = self._answers.get()
        self.state = "idle"
        if answer[0] == "error":
            raise answer[1]

    def _serve(self) -> None:
        try:
            while (job := self._jobs.get()) is not None:
                self._batch(*job)
        finally:
            connections.close_all()  # this thread's own connection

    def _batch(self, data: bytes, try_copy: bool) -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                written = bulk.write_rows(self.kind, data, try_copy)
                bulk.check_constraints()
                self._answers.put(("written", written))
                if self._jobs.get() != "commit":
                    raise _RolledBack
            self._answers.put(("committed",))
        except _RolledBack:
            self._answers.put(("rolled back",))
        except Exception as exc:  # handed to the sync's thread, which raises or falls back
            self._answers.put(("error", exc))
