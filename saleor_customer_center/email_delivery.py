"""Rendering and sending one logged email through anymail (the send task's work).

The shop's ``EMAIL_BACKEND`` is never replaced: when the operator picked an ESP in the
plugin configuration the plugin opens its own anymail connection, otherwise it uses the
shop's default connection. The operator's settings come from the task, read once at its
start (docs/architecture.md, "Settings").
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from . import branding, conf, languages, settings_store
from .models import EmailLog
from .settings_store import PluginSettings
from .templating import render_to_string

logger = logging.getLogger("saleor_customer_center.tasks")

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


def render(event: str, context: dict[str, Any]) -> tuple[str, str, str]:
    base = f"{TEMPLATE_PREFIX}{event}"
    subject = render_to_string(f"{base}_subject.txt", context).strip()
    text = render_to_string(f"{base}_message.txt", context)
    html = render_to_string(f"{base}_message.html", context)
    return " ".join(subject.split()), text, html


def _connection(plugin_settings: PluginSettings):
    if plugin_settings.email_esp:
        return get_connection(
            backend=f"anymail.backends.{plugin_settings.email_esp}.EmailBackend",
            api_key=plugin_settings.email_esp_api_key,
        )
    return get_connection()


def deliver(log: EmailLog, plugin_settings: PluginSettings) -> None:
    """Render and send one logged email (raises TRANSIENT_ERRORS for the task to retry)."""
    context = {"shop_name": plugin_settings.shop_name, **log.context}
    with (
        languages.speaking(context.get("language_code") or settings.LANGUAGE_CODE),
        branding.using(branding.Brand.of(plugin_settings)),
    ):
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


@shared_task(
    bind=True, max_retries=None, acks_late=True, name="saleor_customer_center.tasks.send_email_task"
)
def send_email_task(self, email_log_id: int) -> None:
    """Send one logged email; a transient failure is retried with a growing pause."""
    log = EmailLog.objects.filter(pk=email_log_id).first()
    if log is None or log.status == "sent":
        return
    try:
        deliver(log, settings_store.current())
    except TRANSIENT_ERRORS as exc:
        # Run eagerly (the demo, a shop without workers) there is no later try: a retry
        # would only raise into the caller's request. The failure stays recorded.
        final = self.request.is_eager or self.request.retries >= conf.get("EMAIL_MAX_RETRIES")
        note_failure(log, exc, final=final)
        if final:
            logger.error("Email %s (%s) finally failed: %s", log.pk, log.event, exc)
            return
        raise self.retry(exc=exc, countdown=min(60 * 2**self.request.retries, 3600)) from exc
