"""Rejected ERP records: kept with their raw payload, reason and position, retried later.

README "ERP sync": a record that cannot be stored is never dropped. A record rejected again
updates its existing row (attempts + 1), so the console shows one row per record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from ..models import ErpRejectedRecord, ErpSyncRun
from ..models.erp import SyncSource
from . import records
from .source import Item, SourceRecord

Reject = tuple[Item, str]  # the record and why it was rejected


def storable(text: str) -> str:
    """``text`` as PostgreSQL stores it: a NUL or a lone surrogate written as its escape
    (``\\u0000``, ``\\ud800``), so a rejected record itself can always be kept and shown."""
    if "\x00" in text:
        text = text.replace("\x00", "\\u0000")
    if not text.isascii():
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def keep(
    run: ErpSyncRun,
    kind: str,
    source: str,
    rejects: list[Reject],
    now: datetime,
    *,
    may_exist: bool,
) -> None:
    """Store rejected records; a record rejected again updates its existing row.

    ``may_exist``: the kind has unresolved rejects, so a rejected record may already have
    a row (found by its ERP numbers); without any, every reject is a new row.
    """
    keyed: dict[str, Reject] = {}
    by_pk: dict[int, Reject] = {}
    fresh: list[tuple[Item, str, str]] = []
    for record, reason in rejects:
        key = storable(records.record_key(kind, record.payload))
        reason = storable(reason)
        if record.retry_of is not None:
            by_pk[record.retry_of] = (record, reason)
        elif key and may_exist:
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
        row.raw = raw_text(record)
        row.reason = reason
        row.position = storable(record.position)[:64]
        row.attempts += 1
        row.run = run
        row.source = source if record.retry_of is None else SyncSource.RETRY
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
                    run=run,
                    source=source,
                    key=key,
                    raw=raw_text(record),
                    reason=reason,
                    position=storable(record.position)[:64],
                )
                for record, reason, key in fresh
            ]
        )


def raw_text(record: Item) -> str:
    """The record as the ERP sent it, as text PostgreSQL can store."""
    if isinstance(record.raw, bytes):
        return storable(record.raw.decode("utf-8", "replace").rstrip("\r\n"))
    if record.raw is not None:
        return storable(record.raw)
    try:
        return json.dumps(record.payload)  # ASCII: NULs and surrogates escaped
    except (TypeError, ValueError):
        return storable(repr(record.payload))


def unresolved_batches(
    kind: str, batch_size: int, *, exclude_run: ErpSyncRun, only_ids: list[int] | None = None
) -> Iterator[list[SourceRecord]]:
    """The kind's unresolved rejects as source records again, in pk order, a batch at a time.

    Those ``exclude_run`` has just rejected are left out: they failed moments ago.
    """
    base = ErpRejectedRecord.objects.filter(kind=kind, resolved_at__isnull=True).exclude(
        run=exclude_run
    )
    if only_ids is not None:
        base = base.filter(pk__in=only_ids)
    last_pk = 0
    while True:
        chunk = list(
            base.filter(pk__gt=last_pk).order_by("pk").values("pk", "raw", "position")[:batch_size]
        )
        if not chunk:
            return
        last_pk = chunk[-1]["pk"]
        yield [_as_source_record(row) for row in chunk]


def _as_source_record(row: Mapping[str, Any]) -> SourceRecord:
    try:
        payload = json.loads(row["raw"])
    except ValueError:
        payload = row["raw"]
    return SourceRecord(payload, row["position"], row["raw"], retry_of=row["pk"])
