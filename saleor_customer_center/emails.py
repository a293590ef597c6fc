"""Building and sending the customer center's emails through anymail.

Every email is first an ``EmailLog`` row, written in the caller's transaction, then sent
by a celery task after commit; a send that finally fails stays recorded as ``failed``.
The shop's ``EMAIL_BACKEND`` is never replaced: when the operator picked an ESP in the
plugin configuration the plugin opens its own anymail connection, otherwise it uses the
shop's default connection.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone, translation

from . import settings_store
from .models import EmailLog
from .templating import render_to_string

TEMPLATE_PREFIX = "saleor_customer_center/emails/"

try:  # anymail is a hard dependency; its error class is what an ESP raises
    from anymail.exceptions import AnymailAPIError, AnymailRequestsAPIError
except ImportError:  # pragma: no cover
    AnymailAPIError = AnymailRequestsAPIError = OSError  # type: ignore[misc,assignment]

# Worth another try: the network or the ESP, not our template or our data.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
    AnymailRequestsAPIError,
    AnymailAPIError,
)


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
    from .tasks import send_email_task

    transaction.on_commit(lambda: send_email_task.delay(log.pk))
    return log


def render(event: str, context: dict[str, Any]) -> tuple[str, str, str]:
    base = f"{TEMPLATE_PREFIX}{event}"
    subject = render_to_string(f"{base}_subject.txt", context).strip()
    text = render_to_string(f"{base}_message.txt", context)
    html = render_to_string(f"{base}_message.html", context)
    return " ".join(subject.split()), text, html


def _connection(plugin_settings: settings_store.PluginSettings):
    if plugin_settings.email_esp:
        return get_connection(
            backend=f"anymail.backends.{plugin_settings.email_esp}.EmailBackend",
            api_key=plugin_settings.email_esp_api_key,
        )
    return get_connection()


def deliver(log: EmailLog) -> None:
    """Render and send one logged email (raises TRANSIENT_ERRORS for the task to retry)."""
    plugin_settings = settings_store.current()
    context = {"shop_name": plugin_settings.shop_name, **log.context}
    with translation.override(context.get("language_code") or settings.LANGUAGE_CODE):
        subject, text, html = render(log.event, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=plugin_settings.sender_email or settings.DEFAULT_FROM_EMAIL,
        to=log.to,
        connection=_connection(plugin_settings),
    )
    message.attach_alternative(html, "text/html")
    log.subject = subject[:255]
    log.attempts += 1
    message.send()
    log.status = "sent"
    log.sent_at = timezone.now()
    log.error = ""
    log.save(update_fields=["subject", "attempts", "status", "sent_at", "error"])


def note_failure(log: EmailLog, error: BaseException, final: bool) -> None:
    log.error = f"{type(error).__name__}: {error}"[:2000]
    log.status = "failed" if final else "retrying"
    log.save(update_fields=["subject", "attempts", "status", "error"])
