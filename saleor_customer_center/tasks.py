"""Celery tasks: they take ids, re-fetch, are idempotent and retry only what may pass."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError

from . import conf
from .erp.errors import ErpConnectionError, SyncLocked, WorkerDied

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=None, acks_late=True)
def send_email_task(self, email_log_id: int) -> None:
    from . import emails
    from .models import EmailLog

    log = EmailLog.objects.filter(pk=email_log_id).first()
    if log is None or log.status == "sent":
        return
    try:
        emails.deliver(log)
    except emails.TRANSIENT_ERRORS as exc:
        # Run eagerly (the demo, a shop without workers) there is no later try: a retry
        # would only raise into the caller's request. The failure stays recorded.
        final = self.request.is_eager or self.request.retries >= conf.get("EMAIL_MAX_RETRIES")
        emails.note_failure(log, exc, final=final)
        if final:
            logger.error("Email %s (%s) finally failed: %s", log.pk, log.event, exc)
            return
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc


@shared_task
def release_stale_budget_reservations_task() -> int:
    """Periodic sweep: release reservations whose checkout never became an order.

    Each reservation is handled on its own (by id, re-fetched, idempotent), so a crash
    half-way leaves the rest for the next run.
    """
    from datetime import timedelta

    from .services import checkout_budget

    ttl = timedelta(minutes=conf.get("BUDGET_RESERVATION_TTL_MINUTES"))
    released = 0
    for charge_id in checkout_budget.stale_reservation_ids(ttl):
        released += checkout_budget.release_stale_reservation(charge_id)
    return released


# ERP sync --------------------------------------------------------------------------------
# Scheduled per kind by django-celery-beat rows (management command customer_center_schedule).


@shared_task(
    bind=True,
    autoretry_for=(ErpConnectionError,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=8,
)
def erp_pull(self, kind: str) -> int | None:
    """Pull one record kind from the ERP; a retry resumes the run from its checkpoint."""
    from .erp import sync

    try:
        run = sync.pull(kind)
    except SyncLocked:
        # The previous run of this kind is still going: this tick is simply skipped.
        logger.info("ERP pull of %s skipped: a run of that kind is in progress", kind)
        return None
    return run.pk


@shared_task(
    bind=True,
    autoretry_for=(SyncLocked, DatabaseError, WorkerDied),
    retry_backoff=5,
    retry_backoff_max=5 * 60,
    max_retries=50,
    acks_late=True,
)
def erp_process_push(self, receipt_id: int) -> int | None:
    """Sync one stored push batch; waits (retries) while a run of its kind holds the lock,
    and retries a batch that failed as a whole (the database refused or went away, the
    parse worker died): its run shows as failed on the console and the retry resumes it
    from its checkpoint. A malformed batch is not retried: the same bytes fail the same
    way (its run shows the line)."""
    from .erp import pushes

    run = pushes.process_push(receipt_id)
    return run.pk if run is not None else None


@shared_task
def erp_prune_push_receipts_task() -> int:
    """Daily: processed push batches leave the database after ERP_PUSH_RECEIPT_DAYS, and
    batches still unprocessed after an hour (their task gave up or was lost) are queued
    again."""
    from .erp import pushes

    pushes.requeue_unprocessed()
    return pushes.prune_push_receipts()
