"""Celery tasks: they take ids, re-fetch, are idempotent and retry only what may pass."""

from __future__ import annotations

import logging

from celery import shared_task

from . import conf

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
        final = self.request.retries >= conf.get("EMAIL_MAX_RETRIES")
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
