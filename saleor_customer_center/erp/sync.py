"""The ERP sync: streams records from a connector into the plugin's tables.

Rules (README "ERP sync"):

- Streaming: records are read lazily and written in batches of ``ERP_BATCH_SIZE``; memory
  holds a few batches, whatever the size of the feed. Reading, parsing (in a worker
  process, ``pipeline``) and writing overlap.
- One transaction per batch: its rows, its rejected records, the run's counters and the
  checkpoint commit together. A crash loses at most the batch in flight, and the next run
  of the same feed resumes from the checkpoint: nothing lost, nothing written twice. A
  large batch's second half is written on a second connection and commits just before
  (``second_writer``).
- A record that cannot be stored (fails validation, holds text PostgreSQL refuses, names
  an unknown customer, or is refused by the database itself) is kept in
  ``ErpRejectedRecord`` with its raw payload, reason and position; it never stops the rest.
  Unresolved rejects are retried at the end of the next run of their kind and resolved
  when they pass (or when a good record with the same ERP numbers arrives).
- Runs of one kind never overlap: a PostgreSQL advisory lock per kind, held for the run.
- Every run is an ``ErpSyncRun`` row: kind, source, counts, status, error, timing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone

from .. import conf
from ..models import Company, ErpRejectedRecord, ErpSyncRun
from ..models.erp import SyncSource, SyncStatus
from ..settings_store import PluginSettings
from . import bulk, effects, records, rejects, second_writer
from .bulk import named_rows
from .connectors.base import Connector, pull_connector_class
from .connectors.files import FileConnector
from .errors import SyncLocked
from .parsing import ParsedBatch, Rendered, Rows, parse_batch, render
from .pipeline import Batch, Learned, parsed_batches
from .rejects import Reject, storable
from .second_writer import SecondWriter, halves
from .source import Item

logger = logging.getLogger(__name__)

# What PostgreSQL refuses row by row (bulk wraps its COPYs, so PostgreSQL's errors arrive
# as Django's; text that cannot even be encoded fails before it is sent): the batch is split
# to find and reject those rows.
REFUSED_BY_DATABASE = (DataError, IntegrityError, UnicodeEncodeError)

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
    kind: str
    source: str
    has_unresolved: bool
    companies: dict[str, int] = field(default_factory=dict)
    learned: Learned = field(default_factory=Learned)  # company ids for the parse worker
    try_copy: bool = True  # see bulk.copy_direct: COPY straight in while no row exists yet
    # Large batches are written half here, half on a second connection (second_writer);
    # only when the run owns its transactions (not inside a caller's atomic block).
    split: bool = False
    second: SecondWriter | None = None


def run_sync(connector: Connector, *, batch_size: int | None = None) -> ErpSyncRun:
    """Run (or resume) a sync of the connector's feed; the run row tells how it went.

    Raises SyncLocked when a run of the same kind is in progress, and re-raises what
    stopped the run (connection error, malformed feed) after logging it on the run.
    """
    kind = connector.kind
    records.spec(kind)
    batch_size = batch_size or conf.get("ERP_BATCH_SIZE")
    with kind_lock(kind):
        run, resume = _start_run(connector)
        state = _RunState(
            run=run,
            kind=kind,
            source=connector.source,
            has_unresolved=ErpRejectedRecord.objects.filter(
                kind=kind, resolved_at__isnull=True
            ).exists(),
            split=not connection.in_atomic_block,
        )
        try:
            waited = written = 0.0
            stats: dict[str, Any] = {}
            clock = time.perf_counter()
            batches = parsed_batches(connector, resume, kind, batch_size, stats, state.learned)
            for batch in batches:
                started = time.perf_counter()
                waited += started - clock
                _store_batch(state, batch)
                clock = time.perf_counter()
                written += clock - started
            # Where the time went: waiting for the source (reading, parsing) or writing.
            run.checkpoint["seconds"] = {"reading": round(waited, 3), "writing": round(written, 3)}
            run.checkpoint["worker_peak_mib"] = round(stats.get("worker_peak_kib", 0) / 1024, 1)
            run.save(update_fields=["checkpoint"])
            # After the feed: a newer version of a rejected record in the feed has already
            # resolved it, so an old version never overwrites a new one.
            if state.has_unresolved:
                _retry_rejected(state, batch_size)
        except BaseException as exc:
            _finish(run, error=exc)
            raise
        finally:
            if state.second is not None:
                state.second.close()
            connector.close()
        _finish(run)
    return run


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
        run.error = storable(f"{type(error).__name__}: {error}")[:10_000]
    else:
        run.status = SyncStatus.PARTIAL if run.rejected else SyncStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


def _retry_rejected(state: _RunState, batch_size: int, only_ids: list[int] | None = None) -> None:
    """Feed the kind's unresolved rejects through the batch path again, in pk order."""
    for items in rejects.unresolved_batches(
        state.kind, batch_size, exclude_run=state.run, only_ids=only_ids
    ):
        _store_batch(state, Batch(items, parse_batch(state.kind, items), None))


def _store_batch(state: _RunState, batch: Batch) -> None:
    """Write and account for one parsed batch, in one transaction."""
    items, parsed, checkpoint = batch
    rejected: list[Reject] = [(items[index], reason) for index, reason in parsed.rejects]
    rendered = parsed.rendered
    if rendered is None:  # parsed here, or by a worker that did not know every company
        rendered = _render(state, parsed.rows, parsed.dropped, items, rejected)

    try:
        with transaction.atomic():
            _store_rows(state, items, parsed, rendered, rejected, checkpoint)
            if state.second is not None and state.second.pending:
                state.second.commit()  # just before this batch's own (second_writer)
    finally:
        if state.second is not None:
            state.second.rollback()  # what this batch left open when it failed


def _store_rows(
    state: _RunState,
    items: Sequence[Item],
    parsed: ParsedBatch,
    rendered: Rendered,
    rejected: list[Reject],
    checkpoint: dict[str, Any] | None,
) -> None:
    """The batch's writes inside its transaction: rows, rejects, resolved rejects, the
    run's counters and checkpoint."""
    kind = state.kind
    if rendered.indexes:
        refused = _write(state, rendered.data, cut=rendered.cut)
        if refused:
            rejected += [(items[rendered.indexes[at]], reason) for at, reason in refused]
            rendered = rendered.without({at for at, _ in refused})
    now = timezone.now()
    if state.has_unresolved:
        _resolve(state, items, rendered, parsed.dropped, rejected, now)
    if rejected:
        rejects.keep(state.run, kind, state.source, rejected, now, may_exist=state.has_unresolved)
        state.has_unresolved = True
    run = state.run
    run.received += parsed.received
    run.stored += parsed.received - len(rejected)
    run.rejected += len(rejected)
    if checkpoint is not None:
        run.checkpoint["resume"] = checkpoint
    else:
        run.checkpoint["retried"] = int(run.checkpoint.get("retried", 0)) + parsed.received
    run.save(update_fields=["received", "stored", "rejected", "checkpoint"])


def _render(
    state: _RunState,
    rows: Rows,
    dropped: list[tuple[str, int]],
    items: Sequence[Item],
    rejected: list[Reject],
) -> Rendered:
    """Resolve the rows' companies (rejecting the records of unknown customers, the older
    versions too) and render the rows; the parse worker learns the ids for the batches to
    come."""
    if state.kind == records.CUSTOMER:
        done = render(rows, None)
        assert done is not None
        return done
    numbers = set(rows.customers)
    companies = _company_ids(state, numbers)
    state.learned.add([(number, companies[number]) for number in numbers if number in companies])
    unknown = numbers - companies.keys()
    if unknown:
        rejected += [
            (items[index], f"customerNumber: unknown customer {customer!r}")
            for customer, index in [*zip(rows.customers, rows.indexes, strict=True), *dropped]
            if customer in unknown
        ]
        rows = rows.without(
            {at for at, customer in enumerate(rows.customers) if customer in unknown}
        )
    done = render(rows, companies)
    assert done is not None
    return done


def _write(
    state: _RunState, data: bytes, offset: int = 0, *, cut: int | None = None
) -> list[tuple[int, str]]:
    """Write the rows (COPY text, one line each); returns (row number, reason) of rows the
    database refused.

    Validation keeps out what PostgreSQL refuses, so this is a second line: a batch the
    database refuses is split in halves (each in a savepoint) until the refused rows are
    found, and only they are rejected, with the database's own message.
    """
    if offset == 0 and state.split and data.count(b"\n") >= second_writer.MIN_ROWS:
        try:
            with transaction.atomic():
                _write_halves(state, *halves(data, cut))
            return []
        except Exception:  # noqa: BLE001 - written again below, where refusals are found
            logger.debug("ERP %s batch written again on one connection", state.kind, exc_info=True)
            if state.second is not None:
                state.second.rollback()
    try:
        with transaction.atomic():
            _write_rows(state, data)
        return []
    except REFUSED_BY_DATABASE as exc:
        lines = data.split(b"\n")[:-1]
        if len(lines) == 1:
            message = str(getattr(exc, "__cause__", None) or exc).splitlines()[0]
            return [(offset, storable(f"refused by the database: {message}"))]
    half = len(lines) // 2
    first, second = b"\n".join(lines[:half]) + b"\n", b"\n".join(lines[half:]) + b"\n"
    return _write(state, first, offset) + _write(state, second, offset + half)


def _write_rows(state: _RunState, data: bytes) -> None:
    written = bulk.write_rows(state.kind, data, state.try_copy)
    # Once a batch met existing rows, the rest of the run merges straight away.
    state.try_copy = written.copied
    effects.rename_linked_users(written.renames)


def _write_halves(state: _RunState, first: bytes, second: bytes) -> None:
    """Write the first half here and the second on the second connection, at once."""
    if state.second is None:
        state.second = SecondWriter(state.kind)
    state.second.write(second, state.try_copy)
    here = bulk.write_rows(state.kind, first, state.try_copy)
    bulk.check_constraints()  # while the second half checks its own
    there = state.second.written()
    state.try_copy = here.copied and there.copied
    effects.rename_linked_users({**here.renames, **there.renames})


def _resolve(
    state: _RunState,
    items: Sequence[Item],
    rendered: Rendered,
    dropped: list[tuple[str, int]],
    rejected: list[Reject],
    now: Any,
) -> None:
    """Resolve the kind's rejects that this batch has now stored: retried ones that
    passed, and older rejects of the ERP numbers just stored."""
    refused = {id(record) for record, _ in rejected}
    stored = [items[index] for index in rendered.indexes] + [items[index] for _, index in dropped]
    retried_ok = [
        record.retry_of
        for record in stored
        if record.retry_of is not None and id(record) not in refused
    ]
    accepted_keys = rendered.key_list()
    if not (accepted_keys or retried_ok):
        return
    pending = ErpRejectedRecord.objects.filter(kind=state.kind, resolved_at__isnull=True)
    pending.filter(key__in=accepted_keys).update(resolved_at=now)
    pending.filter(pk__in=retried_ok).update(resolved_at=now, run=state.run)


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
    records.spec(kind)
    with kind_lock(kind):
        run = ErpSyncRun.objects.create(kind=kind, source=SyncSource.RETRY, checkpoint={})
        state = _RunState(run=run, kind=kind, source=SyncSource.RETRY, has_unresolved=True)
        try:
            _retry_rejected(state, conf.get("ERP_BATCH_SIZE"), record_ids)
        except BaseException as exc:
            _finish(run, error=exc)
            raise
        _finish(run)
    return run


def pull(kind: str, settings: PluginSettings) -> ErpSyncRun:
    """A scheduled pull of one kind through the installer's connector (``ERP_CONNECTOR``),
    with the operator's settings the task read at its start."""
    records.spec(kind)
    return run_sync(pull_connector_class()(kind, settings))


def import_file(kind: str, path: str, *, batch_size: int | None = None) -> ErpSyncRun:
    return run_sync(FileConnector(kind, path), batch_size=batch_size)
