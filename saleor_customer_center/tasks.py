"""Celery tasks: they take ids, re-fetch, are idempotent and retry only what may pass.

A task that needs the operator's settings reads them once, at its start, and passes them
down (docs/architecture.md, "Settings"). The email task lives with the delivery
(email_delivery.py, under this module's task name) so that queueing an email never
imports the tasks that call the services.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.db import DatabaseError, transaction

from . import conf, settings_store
from .email_delivery import send_email_task
from .erp import pushes, sync
from .erp.errors import ErpConnectionError, SyncLocked, WorkerDied
from .services import checkout_budget, member_import

__all__ = [
    "erp_process_push",
    "erp_prune_push_receipts_task",
    "erp_pull",
    "release_stale_budget_reservations_task",
    "send_email_task",
    "send_member_import_invitations",
]

logger = logging.getLogger(__name__)


@shared_task
def release_stale_budget_reservations_task() -> int:
    """Periodic sweep: release reservations whose checkout never became an order.

    Each reservation is handled on its own (by id, re-fetched, idempotent), so a crash
    half-way leaves the rest for the next run.
    """
    plugin_settings = settings_store.current()
    ttl = timedelta(minutes=conf.get("BUDGET_RESERVATION_TTL_MINUTES"))
    released = 0
    for charge_id in checkout_budget.stale_reservation_ids(ttl):
        released += checkout_budget.release_stale_reservation(charge_id, plugin_settings)
    return released


@shared_task(
    name=member_import.INVITATION_TASK,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    max_retries=10,
)
def send_member_import_invitations(import_id: int) -> int:
    """The invitations of a user import, in batches whose progress the page shows; a
    retry resumes after the last batch sent (services/member_import.py)."""
    return member_import.send_invitations(import_id)


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
    try:
        run = sync.pull(kind, settings_store.current())
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
    run = pushes.process_push(receipt_id)
    return run.pk if run is not None else None


@shared_task
def erp_prune_push_receipts_task() -> int:
    """Daily: processed push batches leave the database after ERP_PUSH_RECEIPT_DAYS, and
    batches still unprocessed after an hour (their task gave up or was lost) are queued
    again."""
    for receipt_id in pushes.unprocessed():
        transaction.on_commit(partial(erp_process_push.delay, receipt_id))
    return pushes.prune_push_receipts()
