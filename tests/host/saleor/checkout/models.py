from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone


def _money() -> models.DecimalField:
    return models.DecimalField(max_digits=12, decimal_places=3, default=0)


class Checkout(models.Model):
    token = models.UUIDField(primary_key=True, default=uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_change = models.DateTimeField(auto_now=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        blank=True,
        null=True,
        related_name="checkouts",
        on_delete=models.CASCADE,
    )
    email = models.EmailField(blank=True, null=True)
    channel = models.ForeignKey(
        "channel.Channel", related_name="checkouts", on_delete=models.PROTECT
    )
    billing_address = models.ForeignKey(
        "account.Address", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "account.Address", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    currency = models.CharField(max_length=3)
    shipping_price_net_amount = _money()
    shipping_price_gross_amount = _money()
    subtotal_net_amount = _money()
    subtotal_gross_amount = _money()
    total_net_amount = _money()
    total_gross_amount = _money()

    class Meta:
        ordering = ("-last_change", "pk")


class CheckoutLine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid4, editable=False)
    checkout = models.ForeignKey(Checkout, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey(
        "product.ProductVariant", related_name="+", on_delete=models.CASCADE
    )
    quantity = models.PositiveIntegerField(default=1)
    currency = models.CharField(max_length=3)
    price_override = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ("id",)


class CheckoutMetadata(models.Model):
    checkout = models.OneToOneField(
        Checkout, related_name="metadata_storage", on_delete=models.CASCADE
    )
    private_metadata = models.JSONField(blank=True, null=True, default=dict)
    metadata = models.JSONField(blank=True, null=True, default=dict)
