from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _

WAITING = Q(resolved_at__isnull=True)


class RecordKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    CONTACT = "contact", _("Contact")
    INVOICE = "invoice", _("Invoice")
    OPEN_ITEM = "openItem", _("Open item")
    PAYMENT = "payment", _("Payment")


class SyncSource(models.TextChoices):
    PULL = "pull", _("HTTP pull")
    PUSH = "push", _("Signed push")
    FILE = "file", _("File import")
    RETRY = "retry", _("Retry of rejected records")


class SyncStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    PARTIAL = "partial", _("Some records rejected")
    FAILED = "failed", _("Failed")


# The runs the console warns about (erp/health.py, services/console.py): one rule.
TROUBLED_STATUSES = (SyncStatus.PARTIAL, SyncStatus.FAILED)


class ErpSyncRun(models.Model):
    """One run of the sync for one record kind."""

    kind = models.CharField(max_length=16, choices=RecordKind.choices)
    source = models.CharField(max_length=16, choices=SyncSource.choices)
    status = models.CharField(max_length=16, choices=SyncStatus.choices, default="running")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    received = models.PositiveIntegerField(default=0)
    stored = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    # Where the run has got to (page cursor, file line): a crashed run resumes from here.
    checkpoint = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-started_at", "-pk")
        # Every filter and sort of the sync and the console (migration 0003): runs newest
        # first, of a kind, and the last run of one feed (resume).
        indexes = [
            models.Index(fields=["-started_at", "-id"], name="cc_sync_run_started_idx"),
            models.Index(fields=["kind", "-started_at", "-id"], name="cc_sync_run_kind_idx"),
            models.Index(
                "kind",
                "source",
                KeyTransform("feed", "checkpoint"),
                F("started_at").desc(),
                F("id").desc(),
                name="cc_sync_run_feed_idx",
            ),
        ]

    @property
    def duration(self) -> timedelta | None:
        """How long the run took; None while it runs."""
        return self.finished_at - self.started_at if self.finished_at else None


class ErpRejectedRecord(models.Model):
    """A record that failed validation: kept with its raw payload, retried on the next run."""

    kind = models.CharField(max_length=16, choices=RecordKind.choices)
    run = models.ForeignKey(
        ErpSyncRun,
        related_name="rejected_records",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    source = models.CharField(max_length=16, choices=SyncSource.choices)
    key = models.CharField(max_length=140, blank=True, default="")
    raw = models.TextField()
    reason = models.TextField()
    position = models.CharField(max_length=64, blank=True, default="")
    attempts = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        # Every filter and sort of the sync and the console (migration 0003): newest first,
        # of a kind or all, waiting ones or all; the sync's look-ups of waiting ones by ERP
        # numbers and in pk order (retries).
        indexes = [
            models.Index(
                fields=["-created_at", "-id"], condition=WAITING, name="cc_rejected_open_idx"
            ),
            models.Index(
                fields=["kind", "-created_at", "-id"],
                condition=WAITING,
                name="cc_rejected_kind_open_idx",
            ),
            models.Index(fields=["-created_at", "-id"], name="cc_rejected_created_idx"),
            models.Index(fields=["kind", "-created_at", "-id"], name="cc_rejected_kind_idx"),
            models.Index(fields=["kind", "key"], condition=WAITING, name="cc_rejected_key_idx"),
            models.Index(fields=["kind", "id"], condition=WAITING, name="cc_rejected_retry_idx"),
        ]


class ErpPushReceipt(models.Model):
    """Signatures of accepted pushes: a replayed batch is refused."""

    signature = models.CharField(max_length=128, unique=True)
    timestamp = models.BigIntegerField()
    kind = models.CharField(max_length=16, choices=RecordKind.choices)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The pushed NDJSON batch exactly as signed: the push endpoint stores it and enqueues
    # the sync, which sets processed_at once every record is stored or rejected.
    body = models.BinaryField(default=b"")
    processed_at = models.DateTimeField(null=True, blank=True)
