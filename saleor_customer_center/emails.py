"""Queueing the customer center's emails: written now, sent by a celery task after commit.

Every email is first an ``EmailLog`` row, written in the caller's transaction, then sent by
``send_email_task`` once the transaction commits (email_delivery.py renders and
sends it); a send that finally fails stays recorded as ``failed``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .email_delivery import send_email_task
from .models import EmailLog


def queue_email(
    event: str,
    to: list[str],
    context: dict[str, Any],
    company=None,
) -> EmailLog | None:
    """Record the email now and send it once the caller's transaction commits."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    log = EmailLog.objects.create(event=event, to=recipients, company=company, context=context)
    transaction.on_commit(lambda: send_email_task.delay(log.pk))
    return log
