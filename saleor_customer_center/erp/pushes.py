"""Signed pushes: received (checked and stored) by the endpoint, synced later by a task.

The door checks the signature and freshness (:func:`verify`), the endpoint stores the batch
(:class:`ErpPushReceipt`); the celery task ``erp_process_push`` runs it through the sync, so
a large batch never holds the request. README "Connectors" documents the contract.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import conf
from ..models import ErpPushReceipt, ErpSyncRun
from . import records, sync
from .connectors.push import PushConnector, signature_matches


class PushRefused(Exception):
    """The push endpoint refuses a batch; ``status`` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def verify(body: bytes, timestamp: str, signature: str, *, secret: str) -> int:
    """The door's check of a pushed batch (rule ``PUSH_SIGNATURE``): the signature of the
    timestamp and the raw body, and the timestamp's freshness. Returns the timestamp.

    No secret configured, a wrong signature or a stale timestamp: 401, nothing stored.
    """
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
    return sent_at


def store_push(kind: str, body: bytes, timestamp: str, signature: str) -> ErpPushReceipt:
    """Store a verified batch for the sync (the caller queues ``erp_process_push`` after
    commit). The same signed batch again: 409, nothing more stored."""
    records.spec(kind)
    try:
        with transaction.atomic():
            return ErpPushReceipt.objects.create(
                signature=signature.strip().lower(), timestamp=int(timestamp), kind=kind, body=body
            )
    except IntegrityError:
        raise PushRefused(409, "This batch was already received (replay).") from None


def process_push(receipt_id: int) -> ErpSyncRun | None:
    """Sync one stored push batch; a processed or vanished receipt is left alone."""
    receipt = ErpPushReceipt.objects.filter(pk=receipt_id, processed_at__isnull=True).first()
    if receipt is None:
        return None
    run = sync.run_sync(PushConnector(receipt.kind, receipt.pk, receipt.body))
    ErpPushReceipt.objects.filter(pk=receipt.pk).update(processed_at=timezone.now())
    return run


def unprocessed(older_than: timedelta = timedelta(hours=1)) -> list[int]:
    """Pushed batches still unprocessed after ``older_than``: the daily task queues their
    sync again, so a batch that failed as a whole is never left behind (issue 12 item 9)."""
    cutoff = timezone.now() - older_than
    return [
        row["pk"]
        for row in ErpPushReceipt.objects.filter(processed_at__isnull=True, received_at__lt=cutoff)
        .order_by("pk")
        .values("pk")
    ]


def prune_push_receipts() -> int:
    """Delete processed push batches older than ``ERP_PUSH_RECEIPT_DAYS``; unprocessed
    ones are kept whatever their age (their records are not stored yet)."""
    days = conf.get("ERP_PUSH_RECEIPT_DAYS")
    if days < 1:
        return 0
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = ErpPushReceipt.objects.filter(
        processed_at__isnull=False, received_at__lt=cutoff
    ).delete()
    return deleted
