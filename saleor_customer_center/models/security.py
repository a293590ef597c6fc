from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionTokenPurpose(models.TextChoices):
    SET_PASSWORD = "set_password", _("Set password")
    INVITATION = "invitation", _("Invitation")


class ActionToken(models.Model):
    """A single-use link token bound to one user and one purpose; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="customer_center_tokens", on_delete=models.CASCADE
    )
    purpose = models.CharField(max_length=32, choices=ActionTokenPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ActivationAttempt(models.Model):
    """Activation attempts, counted per client address and per customer number."""

    client_address = models.GenericIPAddressField(null=True, blank=True)
    customer_number = models.CharField(max_length=64, blank=True, default="")
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["client_address", "created_at"], name="cc_attempt_ip_idx"),
            models.Index(fields=["customer_number", "created_at"], name="cc_attempt_customer_idx"),
        ]


class PageSession(models.Model):
    """One sign-in of the pages (docs/architecture.md, "The door"): what signing out ends.

    The refresh cookie holds a random secret of this row (only its SHA-256 is stored); every
    access token the pages mint names the row (claim ``cc_session``), so once the session is
    ended neither the cookie nor a copied access token is accepted by the plugin again.
    ``token_key`` is the user's Saleor ``jwt_token_key`` at sign-in: rotating it (sign out
    everywhere, a deactivation) ends every session at once, as it ends Saleor's tokens.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="customer_center_sessions", on_delete=models.CASCADE
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    token_key = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
