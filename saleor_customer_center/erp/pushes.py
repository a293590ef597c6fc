"""Signed pushes: received (checked and stored) by the endpoint, synced later by a task.

The endpoint only checks the signature and freshness and stores the batch
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
    run = sync.run_sync(PushConnector(receipt.kind, receipt.pk, receipt.body))
    ErpPushReceipt.objects.filter(pk=receipt.pk).update(processed_at=timezone.now())
    return run


def requeue_unprocessed(older_than: timedelta = timedelta(hours=1)) -> list[int]:
    """Queue the sync of pushed batches still unprocessed after ``older_than`` again: a
    batch that failed as a whole is never left behind (issue 12 item 9)."""
    from .. import tasks

    cutoff = timezone.now() - older_than
    ids = [
        row["pk"]
        for row in ErpPushReceipt.objects.filter(processed_at__isnull=True, received_at__lt=cutoff)
        .order_by("pk")
        .values("pk")
    ]
    for receipt_id in ids:
        transaction.on_commit(
            lambda receipt_id=receipt_id: tasks.erp_process_push.delay(receipt_id)
        )
    return ids


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
