"""The ERP sync: streams records from a connector into the plugin's tables.

Rules (DESIGN.md flow 7, README "ERP sync"):

- Streaming: records are read lazily and written in batches of ``ERP_BATCH_SIZE``; memory
  holds one batch, whatever the size of the feed.
- One transaction per batch: its upsert, its rejected records, the run's counters and the
  checkpoint commit together. A crash loses at most the batch in flight, and the next run
  of the same feed resumes from the checkpoint: nothing lost, nothing written twice.
- A record that fails validation (or names an unknown customer) is kept in
  ``ErpRejectedRecord`` with its raw payload, reason and position; it never stops the rest.
  Unresolved rejects are retried at the end of the next run of their kind and resolved
  when they pass (or when a good record with the same ERP numbers arrives).
- Runs of one kind never overlap: a PostgreSQL advisory lock per kind, held for the run.
- Every run is an ``ErpSyncRun`` row: kind, source, counts, status, error, timing.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connection, connections, transaction
from django.utils import timezone

from .. import conf
from ..models import Company, ErpRejectedRecord, ErpSyncRun
from ..models.erp import SyncSource, SyncStatus
from . import bulk, effects, records, rejects
from .bulk import named_rows
from .connectors.base import Connector, SourceRecord, pull_connector_class
from .connectors.files import FileConnector
from .errors import SyncLocked

logger = logging.getLogger(__name__)

# pg_advisory_lock(classid, objid): classid marks the customer center's ERP locks.
LOCK_CLASS_ID = 0x4343_0001


@contextmanager
def kind_lock(kind: str) -> Iterator[None]:
    """Hold the session-level advisory lock of one record kind, or raise SyncLocked.

    Session-level (not transaction-level) because a run spans many batch transactions; a
    killed worker's session ends and PostgreSQL releases the lock with it.
    """
    key = (LOCK_CLASS_ID, records.KINDS.index(kind) + 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s) AS locked", key)
        if not named_rows(cursor)[0]["locked"]:
            raise SyncLocked(f"A sync of {kind} records is already running.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


@dataclass
class _RunState:
    run: ErpSyncRun
    kind_spec: records.KindSpec
    source: str
    has_unresolved: bool
    companies: dict[str, int] = field(default_factory=dict)
    try_copy: bool = True  # see bulk.write: COPY straight in while no row exists yet


def run_sync(connector: Connector, *, batch_size: int | None = None) -> ErpSyncRun:
    """Run (or resume) a sync of the connector's feed; the run row tells how it went.

    Raises SyncLocked when a run of the same kind is in progress, and re-raises what
    stopped the run (connection error, malformed feed) after logging it on the run.
    """
    kind = connector.kind
    kind_spec = records.spec(kind)
    batch_size = batch_size or conf.get("ERP_BATCH_SIZE")
    with kind_lock(kind):
        run, resume = _start_run(connector)
        state = _RunState(
            run=run,
            kind_spec=kind_spec,
            source=connector.source,
            has_unresolved=ErpRejectedRecord.objects.filter(
                kind=kind, resolved_at__isnull=True
            ).exists(),
        )
        try:
            batches = _read_ahead(_prepared_batches(connector, resume, kind_spec, batch_size))
            waited = written = 0.0
            clock = time.perf_counter()
            for batch, prepared, checkpoint in batches:
                started = time.perf_counter()
                waited += started - clock
                _store_batch(state, batch, prepared, checkpoint)
                clock = time.perf_counter()
                written += clock - started
            # Where the time went: waiting for the source (reading, validating) or writing.
            run.checkpoint["seconds"] = {"reading": round(waited, 3), "writing": round(written, 3)}
            run.save(update_fields=["checkpoint"])
            # After the feed: a newer version of a rejected record in the feed has already
            # resolved it, so an old version never overwrites a new one.
            if state.has_unresolved:
                _retry_rejected(state, batch_size)
        except BaseException as exc:
            _finish(run, error=exc)
            raise
        finally:
            connector.close()
        _finish(run)
    return run


Prepared = tuple[
    list[tuple[SourceRecord, list[Any]]], list[tuple[SourceRecord, str]], dict[Any, str]
]


def _prepared_batches(
    connector: Connector,
    resume: dict[str, Any] | None,
    kind_spec: records.KindSpec,
    batch_size: int,
) -> Iterator[tuple[list[SourceRecord], Prepared, dict[str, Any]]]:
    """Batches of the feed, validated, each with the checkpoint right after it.

    A source error while a batch is being collected discards that batch: the checkpoint
    stays at the last committed one, so nothing is skipped when the run resumes.
    """
    stream = connector.records(resume)
    while True:
        batch = list(islice(stream, batch_size))
        if not batch:
            return
        yield batch, _prepare(kind_spec, batch), connector.checkpoint()
        if len(batch) < batch_size:
            return


def _read_ahead(iterator: Iterator[Any], depth: int = 2) -> Iterator[Any]:
    """Produce the items in a reader thread while the caller writes the previous ones.

    Reading and validating (Python) overlaps with PostgreSQL working on the last batch;
    at most ``depth`` batches wait in between, so memory stays flat. A connector's
    ``records()`` therefore runs in that thread: it must not need the caller's
    database transaction.
    """
    handover: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stopped = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stopped.is_set():
            try:
                handover.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for item in iterator:
                if not put(("item", item)):
                    return
            put(("done", None))
        except BaseException as exc:  # handed over and raised in the caller's thread
            put(("error", exc))
        finally:
            connections.close_all()  # this thread's own, if a connector opened one

    reader = threading.Thread(target=read, name="erp-sync-reader", daemon=True)
    reader.start()
    try:
        while True:
            tag, value = handover.get()
            if tag == "item":
                yield value
            elif tag == "done":
                return
            else:
                raise value
    finally:
        stopped.set()
        reader.join()


def _start_run(connector: Connector) -> tuple[ErpSyncRun, dict[str, Any] | None]:
    """A new run, or the crashed/failed last run of the same feed with its checkpoint."""
    feed = connector.feed_id()
    last = (
        ErpSyncRun.objects.filter(
            kind=connector.kind, source=connector.source, checkpoint__feed=feed
        )
        .order_by("-started_at", "-pk")
        .first()
    )
    if (
        last is not None
        and last.status in (SyncStatus.RUNNING, SyncStatus.FAILED)
        and last.checkpoint.get("resume")
    ):
        last.status = SyncStatus.RUNNING
        last.error = ""
        last.finished_at = None
        last.checkpoint["resumed"] = int(last.checkpoint.get("resumed", 0)) + 1
        last.save(update_fields=["status", "error", "finished_at", "checkpoint"])
        return last, last.checkpoint["resume"]
    run = ErpSyncRun.objects.create(
        kind=connector.kind, source=connector.source, checkpoint={"feed": feed}
    )
    return run, None


def _finish(run: ErpSyncRun, error: BaseException | None = None) -> None:
    if error is not None:
        run.status = SyncStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"[:10_000]
    else:
        run.status = SyncStatus.PARTIAL if run.rejected else SyncStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


def _retry_rejected(state: _RunState, batch_size: int, only_ids: list[int] | None = None) -> None:
    """Feed the kind's unresolved rejects through the batch path again, in pk order."""
    for batch in rejects.unresolved_batches(
        state.kind_spec.kind, batch_size, exclude_run=state.run, only_ids=only_ids
    ):
        _store_batch(state, batch, _prepare(state.kind_spec, batch), checkpoint=None)


def _prepare(kind_spec: records.KindSpec, batch: list[SourceRecord]) -> Prepared:
    """Validate a batch and render its COPY lines; no database, so it runs while reading.

    Returns (record, values) of the good records, the rejects, and one COPY line per ERP
    key (customer number, or customer number and document number): the last version of a
    record in a batch wins.
    """
    validate = records.validate
    dumps = json.dumps
    copy_tail = bulk.copy_tail
    is_customer = kind_spec.kind == records.CUSTOMER
    good: list[tuple[SourceRecord, list[Any]]] = []
    bad: list[tuple[SourceRecord, str]] = []
    lines: dict[Any, str] = {}
    for record in batch:
        try:
            values, extra = validate(kind_spec, record.payload)
        except records.RecordError as exc:
            bad.append((record, str(exc)))
            continue
        values.append(dumps(extra) if extra else "{}")
        good.append((record, values))
        lines[values[0] if is_customer else (values[0], values[1])] = copy_tail(kind_spec, values)
    return good, bad, lines


def _store_batch(
    state: _RunState,
    batch: list[SourceRecord],
    prepared: Prepared,
    checkpoint: dict[str, Any] | None,
) -> None:
    """Upsert and account for one validated batch, in one transaction."""
    kind_spec = state.kind_spec
    is_customer = kind_spec.kind == records.CUSTOMER
    companies: dict[str, int] = {}
    good, bad, lines = prepared
    rejected = list(bad)

    rows: dict[Any, list[Any]] = {}  # contacts only: (company id, number) -> values
    accepted_keys: list[str] = []
    retried_ok: list[int] = []
    if is_customer:
        if state.has_unresolved:
            accepted_keys = list(lines)
    else:
        numbers = {customer_number for customer_number, _ in lines}
        companies = _company_ids(state, numbers)
        unknown = {n for n in numbers if n not in companies}
        if unknown:
            rejected += [
                (record, f"customerNumber: unknown customer {values[0]!r}")
                for record, values in good
                if values[0] in unknown
            ]
            lines = {key: line for key, line in lines.items() if key[0] not in unknown}
        if state.has_unresolved:
            accepted_keys = [f"{customer}/{number}" for customer, number in lines]
        if kind_spec.kind == records.CONTACT:
            rows = {
                (companies[values[0]], values[1]): values
                for _, values in good
                if values[0] not in unknown
            }
    if state.has_unresolved:
        retried_ok = [r.retry_of for r, _ in good if r.retry_of is not None]
        rejected_retries = {r.retry_of for r, _ in rejected if r.retry_of is not None}
        retried_ok = [pk for pk in retried_ok if pk not in rejected_retries]

    with transaction.atomic():
        old_names = effects.linked_contact_names(rows) if kind_spec.kind == records.CONTACT else {}
        if lines:
            copied = bulk.write(
                kind_spec, lines, None if is_customer else companies, try_copy=state.try_copy
            )
            # Once a batch met existing rows, the rest of the run upserts straight away.
            state.try_copy = copied
        if old_names:
            first, last = (kind_spec.columns.index(c) for c in ("first_name", "last_name"))
            effects.rename_linked_users(
                old_names, {key: (values[first], values[last]) for key, values in rows.items()}
            )
        now = timezone.now()
        if state.has_unresolved and (accepted_keys or retried_ok):
            resolved = ErpRejectedRecord.objects.filter(
                kind=kind_spec.kind, resolved_at__isnull=True
            )
            resolved.filter(key__in=accepted_keys).update(resolved_at=now)
            resolved.filter(pk__in=retried_ok).update(resolved_at=now, run=state.run)
        if rejected:
            rejects.keep(
                state.run,
                kind_spec.kind,
                state.source,
                rejected,
                now,
                may_exist=state.has_unresolved,
            )
            state.has_unresolved = True
        run = state.run
        run.received += len(batch)
        run.stored += len(batch) - len(rejected)
        run.rejected += len(rejected)
        if checkpoint is not None:
            run.checkpoint["resume"] = checkpoint
        else:
            run.checkpoint["retried"] = int(run.checkpoint.get("retried", 0)) + len(batch)
        run.save(update_fields=["received", "stored", "rejected", "checkpoint"])


def _company_ids(state: _RunState, numbers: set[str]) -> dict[str, int]:
    """ERP customer numbers to company ids; known ones cached for the run."""
    cache = state.companies
    missing = [n for n in numbers if n not in cache]
    if missing:
        if len(cache) > 200_000:
            cache.clear()
        found = Company.objects.filter(customer_number__in=missing).values("customer_number", "pk")
        cache.update((row["customer_number"], row["pk"]) for row in found)
    return cache


# Entry points: pull, file import, retry -------------------------------------------------------


def retry_rejected(kind: str, record_ids: list[int] | None = None) -> ErpSyncRun:
    """The console's "retry now": the kind's unresolved rejects (or only ``record_ids``)
    through the batch path again, as a run of their own, without waiting for a feed."""
    kind_spec = records.spec(kind)
    with kind_lock(kind):
        run = ErpSyncRun.objects.create(kind=kind, source=SyncSource.RETRY, checkpoint={})
        state = _RunState(
            run=run, kind_spec=kind_spec, source=SyncSource.RETRY, has_unresolved=True
        )
        try:
            _retry_rejected(state, conf.get("ERP_BATCH_SIZE"), record_ids)
        except BaseException as exc:
            _finish(run, error=exc)
            raise
        _finish(run)
    return run


def pull(kind: str) -> ErpSyncRun:
    """A scheduled pull of one kind through the installer's connector (``ERP_CONNECTOR``)."""
    records.spec(kind)
    return run_sync(pull_connector_class()(kind))


def import_file(kind: str, path: str, *, batch_size: int | None = None) -> ErpSyncRun:
    return run_sync(FileConnector(kind, path), batch_size=batch_size)
