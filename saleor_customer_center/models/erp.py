from django.db import models
from django.utils.translation import gettext_lazy as _


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
        indexes = [models.Index(fields=["kind", "-started_at"], name="cc_sync_run_kind_idx")]


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
        indexes = [
            models.Index(fields=["kind", "resolved_at"], name="cc_rejected_kind_idx"),
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
