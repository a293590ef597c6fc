"""The ERP sync: streams records from a connector into the plugin's tables.

Rules (DESIGN.md flow 7, issue 4):

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

from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from .. import conf, saleor
from ..erp import bulk, records
from ..erp.connectors.base import Connector, SourceRecord, pull_connector_class
from ..erp.connectors.files import FileConnector
from ..erp.connectors.push import PushConnector, signature_matches
from ..erp.errors import SyncLocked
from ..models import ErpContact, ErpPushReceipt, ErpRejectedRecord, ErpSyncRun, Membership
from ..models.erp import SyncSource, SyncStatus

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
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        if not cursor.fetchone()[0]:
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
    last_pk = 0
    base = ErpRejectedRecord.objects.filter(
        kind=state.kind_spec.kind, resolved_at__isnull=True
    ).exclude(run=state.run)  # not the ones this very run has just rejected
    if only_ids is not None:
        base = base.filter(pk__in=only_ids)
    while True:
        chunk = list(
            base.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "raw", "position")[:batch_size]
        )
        if not chunk:
            return
        last_pk = chunk[-1][0]
        batch = []
        for pk, raw, position in chunk:
            try:
                payload = json.loads(raw)
            except ValueError:
                payload = raw
            batch.append(SourceRecord(payload, position, raw, retry_of=pk))
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
    rejects: list[tuple[SourceRecord, str]] = []
    lines: dict[Any, str] = {}
    for record in batch:
        try:
            values, extra = validate(kind_spec, record.payload)
        except records.RecordError as exc:
            rejects.append((record, str(exc)))
            continue
        values.append(dumps(extra) if extra else "{}")
        good.append((record, values))
        lines[values[0] if is_customer else (values[0], values[1])] = copy_tail(kind_spec, values)
    return good, rejects, lines


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
    good, rejects, lines = prepared
    rejects = list(rejects)

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
            rejects += [
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
        rejected_retries = {r.retry_of for r, _ in rejects if r.retry_of is not None}
        retried_ok = [pk for pk in retried_ok if pk not in rejected_retries]

    with transaction.atomic():
        old_names = _linked_contact_names(rows) if kind_spec.kind == records.CONTACT else {}
        if lines:
            copied = bulk.write(
                kind_spec, lines, None if is_customer else companies, try_copy=state.try_copy
            )
            # Once a batch met existing rows, the rest of the run upserts straight away.
            state.try_copy = copied
        if old_names:
            _update_member_names(old_names, rows)
        now = timezone.now()
        if state.has_unresolved and (accepted_keys or retried_ok):
            resolved = ErpRejectedRecord.objects.filter(
                kind=kind_spec.kind, resolved_at__isnull=True
            )
            resolved.filter(key__in=accepted_keys).update(resolved_at=now)
            resolved.filter(pk__in=retried_ok).update(resolved_at=now, run=state.run)
        if rejects:
            _keep_rejects(state, rejects, now)
        run = state.run
        run.received += len(batch)
        run.stored += len(batch) - len(rejects)
        run.rejected += len(rejects)
        if checkpoint is not None:
            run.checkpoint["resume"] = checkpoint
        else:
            run.checkpoint["retried"] = int(run.checkpoint.get("retried", 0)) + len(batch)
        run.save(update_fields=["received", "stored", "rejected", "checkpoint"])


def _company_ids(state: _RunState, numbers: set[str]) -> dict[str, int]:
    """ERP customer numbers to company ids; known ones cached for the run."""
    from ..models import Company

    cache = state.companies
    missing = [n for n in numbers if n not in cache]
    if missing:
        if len(cache) > 200_000:
            cache.clear()
        cache.update(
            Company.objects.filter(customer_number__in=missing).values_list("customer_number", "pk")
        )
    return cache


def _keep_rejects(state: _RunState, rejects: list[tuple[SourceRecord, str]], now) -> None:
    """Store rejected records; a record rejected again updates its existing row."""
    kind = state.kind_spec.kind
    keyed: dict[str, tuple[SourceRecord, str]] = {}
    by_pk: dict[int, tuple[SourceRecord, str]] = {}
    fresh: list[tuple[SourceRecord, str, str]] = []
    for record, reason in rejects:
        key = records.record_key(kind, record.payload)
        if record.retry_of is not None:
            by_pk[record.retry_of] = (record, reason)
        elif key and state.has_unresolved:
            keyed[key] = (record, reason)
        else:
            fresh.append((record, reason, key))
    existing: list[ErpRejectedRecord] = []
    if by_pk:
        existing += list(ErpRejectedRecord.objects.filter(pk__in=by_pk))
    if keyed:
        found = ErpRejectedRecord.objects.filter(
            kind=kind, resolved_at__isnull=True, key__in=keyed
        ).exclude(pk__in=by_pk)
        seen = set()
        for row in found:
            if row.key in seen:
                continue
            seen.add(row.key)
            existing.append(row)
        fresh += [(r, reason, key) for key, (r, reason) in keyed.items() if key not in seen]
    for row in existing:
        record, reason = by_pk.get(row.pk) or keyed[row.key]
        row.raw = _raw(record)
        row.reason = reason
        row.position = record.position[:64]
        row.attempts += 1
        row.run = state.run
        row.source = state.source if record.retry_of is None else SyncSource.RETRY
        row.last_attempt_at = now
    if existing:
        ErpRejectedRecord.objects.bulk_update(
            existing, ["raw", "reason", "position", "attempts", "run", "source", "last_attempt_at"]
        )
    if fresh:
        ErpRejectedRecord.objects.bulk_create(
            [
                ErpRejectedRecord(
                    kind=kind,
                    run=state.run,
                    source=state.source,
                    key=key,
                    raw=_raw(record),
                    reason=reason,
                    position=record.position[:64],
                )
                for record, reason, key in fresh
            ]
        )
        state.has_unresolved = True


def _raw(record: SourceRecord) -> str:
    if isinstance(record.raw, bytes):
        return record.raw.decode("utf-8", "replace").rstrip("\r\n")
    if record.raw is not None:
        return record.raw
    try:
        return json.dumps(record.payload)
    except (TypeError, ValueError):
        return repr(record.payload)


# Contacts: a name change reaches the linked member's Saleor user -------------------------


def _linked_contact_names(
    rows: dict[Any, list[Any]],
) -> dict[tuple[int, str], tuple[int, str, str]]:
    """Current names of the batch's contacts that are linked to a member, before the write."""
    if not rows:
        return {}
    company_ids = {company_id for company_id, _ in rows}
    numbers = {number for _, number in rows}
    linked = ErpContact.objects.filter(
        company_id__in=company_ids, contact_number__in=numbers, member__isnull=False
    ).values_list("company_id", "contact_number", "pk", "first_name", "last_name")
    return {
        (company_id, number): (pk, first, last)
        for company_id, number, pk, first, last in linked
        if (company_id, number) in rows
    }


def _update_member_names(
    old_names: dict[tuple[int, str], tuple[int, str, str]], rows: dict[Any, list[Any]]
) -> None:
    first_index = records.spec(records.CONTACT).columns.index("first_name")
    changed: dict[int, tuple[str, str]] = {}
    for key, (pk, first, last) in old_names.items():
        values = rows[key]
        new = (values[first_index], values[first_index + 1])
        if new != (first, last):
            changed[pk] = new
    if not changed:
        return
    user_model = saleor.user_model()
    memberships = Membership.objects.filter(erp_contact_id__in=changed).values_list(
        "erp_contact_id", "user_id"
    )
    for contact_id, user_id in memberships:
        first_name, last_name = changed[contact_id]
        user = user_model._default_manager.filter(pk=user_id).first()
        if user is None:
            continue
        user.first_name, user.last_name = first_name, last_name
        update_fields = ["first_name", "last_name"]
        if any(f.name == "updated_at" for f in user_model._meta.concrete_fields):
            update_fields.append("updated_at")
        user.save(update_fields=update_fields)


# Entry points: pull, file import, push, retry ----------------------------------------------


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


class PushRefused(Exception):
    """The push endpoint refuses a batch; ``status`` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def receive_push(
    kind: str, body: bytes, timestamp: str, signature: str, *, secret: str
) -> ErpPushReceipt:
    """Check a pushed batch and store it; the sync runs later, in a celery task.

    Wrong signature or stale timestamp: 401; the same signed batch again: 409. Nothing is
    stored in either case.
    """
    from .. import tasks

    records.spec(kind)
    if not secret:
        raise PushRefused(401, "Pushes are not enabled: no push secret is configured.")
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        raise PushRefused(401, "Missing or bad timestamp.") from None
    if not signature_matches(secret, timestamp, body, signature):
        raise PushRefused(401, "Bad signature.")
    if abs(timezone.now().timestamp() - sent_at) > conf.get("ERP_PUSH_MAX_SKEW_SECONDS"):
        raise PushRefused(401, "Timestamp too old (or too far in the future).")
    signature = signature.strip().lower()
    try:
        with transaction.atomic():
            receipt = ErpPushReceipt.objects.create(
                signature=signature, timestamp=sent_at, kind=kind, body=body
            )
            transaction.on_commit(lambda: tasks.erp_process_push.delay(receipt.pk))
    except IntegrityError:
        raise PushRefused(409, "This batch was already received (replay).") from None
    return receipt


def process_push(receipt_id: int) -> ErpSyncRun | None:
    """Sync one stored push batch; a processed or vanished receipt is left alone."""
    receipt = ErpPushReceipt.objects.filter(pk=receipt_id, processed_at__isnull=True).first()
    if receipt is None:
        return None
    run = run_sync(PushConnector(receipt.kind, receipt.pk, receipt.body))
    ErpPushReceipt.objects.filter(pk=receipt.pk).update(processed_at=timezone.now())
    return run


def prune_push_receipts() -> int:
    """Delete processed push batches older than ``ERP_PUSH_RECEIPT_DAYS``; unprocessed
    ones are kept whatever their age (their records are not stored yet)."""
    from datetime import timedelta

    days = conf.get("ERP_PUSH_RECEIPT_DAYS")
    if days < 1:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = ErpPushReceipt.objects.filter(
        processed_at__isnull=False, received_at__lt=cutoff
    ).delete()
    return deleted
