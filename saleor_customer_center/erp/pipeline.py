"""The feed as parsed batches, read and parsed ahead of the writer (README "ERP sync", Speed).

Three things run at once: a reader thread pulls records from the connector (I/O, little
Python), the parse worker process decodes, validates and renders them (the other core),
and the caller writes the previous batch to PostgreSQL. At most ``DEPTH`` batches wait in
between, so memory stays flat whatever the size of the feed.

The first batch is parsed in the reader thread itself: a feed of one batch (a push, a
test) never starts a process; a longer one starts the worker while that batch is parsed.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from django.db import connections

from .connectors.base import Connector
from .parsing import ParsedBatch, parse_batch
from .source import Item
from .worker import ParseWorker

DEPTH = 2


class Batch(NamedTuple):
    items: Sequence[Item]
    parsed: ParsedBatch
    checkpoint: dict[str, Any] | None  # where to resume after this batch; None: a retry


class Learned:
    """Company ids the writer looked up, handed to the worker with the next batch it gets:
    then it renders batches whole and the writer only sends them (README "ERP sync")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pairs: list[tuple[str, int]] = []

    def add(self, pairs: list[tuple[str, int]]) -> None:
        with self._lock:
            self._pairs += pairs

    def take(self) -> list[tuple[str, int]]:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        return pairs


class _Holder:
    """The worker, started by the reader thread, closed by the caller's."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.worker: ParseWorker | None = None
        self.closed = False

    def start(self) -> ParseWorker | None:
        with self.lock:
            if not self.closed and self.worker is None:
                self.worker = ParseWorker()
            return self.worker

    def close(self, *, kill: bool) -> int:
        """Ends the worker; returns its peak memory in KiB (0: none was started)."""
        with self.lock:
            self.closed = True
            worker, self.worker = self.worker, None
        if worker is None:
            return 0
        peak = worker.peak_rss_kib()
        worker.close(kill=kill)
        return peak


def parsed_batches(
    connector: Connector,
    resume: dict[str, Any] | None,
    kind: str,
    batch_size: int,
    stats: dict[str, Any] | None = None,
    learned: Learned | None = None,
) -> Iterator[Batch]:
    """The connector's feed as parsed batches, each with the checkpoint right after it.

    ``stats`` gets the parse worker's peak memory (``worker_peak_kib``) at the end;
    ``learned`` brings the worker the company ids the writer found.

    A source error while a batch is being collected discards that batch: the checkpoint
    stays at the last committed one, so nothing is skipped when the run resumes.
    """
    pending: queue.Queue[tuple[Any, ...]] = queue.Queue(maxsize=DEPTH)
    stopped = threading.Event()
    holder = _Holder()

    def put(entry: tuple[Any, ...]) -> bool:
        while not stopped.is_set():
            try:
                pending.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            first = True
            for items in connector.batches(resume, batch_size):
                if stopped.is_set():
                    return
                checkpoint = connector.checkpoint()
                more = len(items) >= batch_size  # a full batch: most likely more to come
                if first:
                    if more:
                        holder.start()  # starts up while this batch is parsed here
                    entry: tuple[Any, ...] = ("parsed", items, parse_batch(kind, items))
                else:
                    worker = holder.start()
                    if worker is None:
                        return
                    worker.submit(kind, items, learned.take() if learned else None)
                    entry = ("worker", items, None)
                first = False
                if not put((*entry, checkpoint)):
                    return
            put(("done",))
        except BaseException as exc:  # handed over and raised in the caller's thread
            put(("error", exc))
        finally:
            connections.close_all()  # this thread's own, if a connector opened one

    reader = threading.Thread(target=read, name="erp-sync-reader", daemon=True)
    reader.start()
    finished = False
    try:
        while True:
            entry = pending.get()
            if entry[0] == "done":
                finished = True
                return
            if entry[0] == "error":
                raise entry[1]
            tag, items, parsed, checkpoint = entry
            if tag == "worker":
                assert holder.worker is not None
                parsed = holder.worker.result()
            yield Batch(items, parsed, checkpoint)
    finally:
        stopped.set()
        peak = holder.close(kill=not finished)  # unblocks a reader waiting on the child
        reader.join()
        if stats is not None:
            stats["worker_peak_kib"] = peak
