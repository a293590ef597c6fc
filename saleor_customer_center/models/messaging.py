from django.db import models


class EmailLog(models.Model):
    """Every email the plugin sends or finally fails to send: none is silently lost."""

    event = models.CharField(max_length=64)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=16, default="queued")  # queued, sent, failed
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    company = models.ForeignKey(
        "saleor_customer_center.Company",
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
