from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .company import Company, Membership


class RequestKind(models.TextChoices):
    NEW_USER = "new_user", _("New user")
    BUDGET_APPROVAL = "budget_approval", _("Over-budget order approval")
    INVOICE_DISPUTE = "invoice_dispute", _("Invoice dispute")
    QUOTE = "quote", _("Quote request")
    OTHER = "other", _("Other")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    USED = "used", _("Used")  # an approval that has been consumed (budget approvals)


class CompanyRequest(models.Model):
    """Something a company user asks for; lands in a queue, never silently dropped."""

    company = models.ForeignKey(Company, related_name="requests", on_delete=models.CASCADE)
    kind = models.CharField(max_length=32, choices=RequestKind.choices)
    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    membership = models.ForeignKey(
        Membership, related_name="requests", null=True, blank=True, on_delete=models.SET_NULL
    )
    # Whether the shop (staff) must decide, rather than the company's own admins.
    needs_shop = models.BooleanField(default=False)
    payload = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RequestKind.values), name="cc_request_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="cc_request_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["company", "status"], name="cc_request_company_idx"),
            # A company's queue newest first, paged (services/paging.py); the shop's queue
            # oldest first, of a status or all.
            models.Index(fields=["company", "-created_at", "-id"], name="cc_request_page_idx"),
            models.Index(
                fields=["status", "created_at", "id"],
                condition=models.Q(needs_shop=True),
                name="cc_request_shop_status_idx",
            ),
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(needs_shop=True),
                name="cc_request_shop_idx",
            ),
        ]


class CompanyRequestEvent(models.Model):
    """The status history of a request."""

    request = models.ForeignKey(CompanyRequest, related_name="events", on_delete=models.CASCADE)
    status = models.CharField(max_length=16, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
