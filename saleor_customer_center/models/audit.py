from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """Who did what to which member, role, budget, request or preview, before and after."""

    # Set on a page of entries by services/audit_sentences.describe, never stored.
    summary: str
    actor_name: str

    company = models.ForeignKey(
        "saleor_customer_center.Company", related_name="audit_entries", on_delete=models.CASCADE
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text too: the log must still say who acted after that user is deleted.
    actor_email = models.EmailField(blank=True, default="")
    actor_is_staff = models.BooleanField(default=False)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=32, blank=True, default="")
    target_id = models.CharField(max_length=64, blank=True, default="")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        # A company's log newest first, paged by (created_at, id) (services/paging.py).
        indexes = [
            models.Index(fields=["company", "-created_at", "-id"], name="cc_audit_company_page_idx")
        ]
