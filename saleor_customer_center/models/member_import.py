from django.conf import settings
from django.db import models


class MemberImportStatus(models.TextChoices):
    SENDING = "sending", "sending invitations"
    DONE = "done", "done"


class MemberImport(models.Model):
    """One confirmed user import (services/member_import.py): who brought in how many
    members, and how far the invitations are (the progress the page shows)."""

    company = models.ForeignKey(
        "saleor_customer_center.Company", related_name="member_imports", on_delete=models.CASCADE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        max_length=16, choices=MemberImportStatus.choices, default=MemberImportStatus.SENDING
    )
    filename = models.CharField(max_length=255, blank=True, default="")
    # The memberships the import created, in file order; invitations go out in that order.
    member_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    # Where the invitations' set-password links point (the admin's origin, the storefront).
    link_origin = models.CharField(max_length=255, blank=True, default="")
    storefront_url = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
