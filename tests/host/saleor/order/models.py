from uuid import uuid4

from django.conf import settings
from django.db import connection, models
from django.utils.timezone import now

from ..core.models import ModelWithExternalReference, ModelWithMetadata
from . import FulfillmentStatus, OrderStatus


def get_order_number() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('order_order_number_seq')")
        return cursor.fetchone()[0]


def _money() -> models.DecimalField:
    return models.DecimalField(
        max_digits=settings.DEFAULT_MAX_DIGITS,
        decimal_places=settings.DEFAULT_DECIMAL_PLACES,
        default=0,
    )


class Order(ModelWithMetadata, ModelWithExternalReference):
    id = models.UUIDField(primary_key=True, editable=False, unique=True, default=uuid4)
    number = models.IntegerField(unique=True, default=get_order_number, editable=False)
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False, db_index=True)
    status = models.CharField(
        max_length=32, default=OrderStatus.UNFULFILLED, choices=OrderStatus.CHOICES
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        blank=True,
        null=True,
        related_name="orders",
        on_delete=models.SET_NULL,
    )
    user_email = models.EmailField(blank=True, default="")
    billing_address = models.ForeignKey(
        "account.Address", related_name="+", editable=False, null=True, on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "account.Address", related_name="+", editable=False, null=True, on_delete=models.SET_NULL
    )
    channel = models.ForeignKey("channel.Channel", related_name="orders", on_delete=models.PROTECT)
    currency = models.CharField(max_length=3)
    checkout_token = models.CharField(max_length=36, blank=True)
    lines_count = models.PositiveIntegerField(default=0)
    shipping_price_net_amount = _money()
    shipping_price_gross_amount = _money()
    total_net_amount = _money()
    total_gross_amount = _money()
    undiscounted_total_net_amount = _money()
    undiscounted_total_gross_amount = _money()
    subtotal_net_amount = _money()
    subtotal_gross_amount = _money()

    class Meta:
        ordering = ("-number",)

    def can_cancel(self) -> bool:
        statuses_allowed = {
            FulfillmentStatus.CANCELED,
            FulfillmentStatus.REFUNDED,
            FulfillmentStatus.REPLACED,
            FulfillmentStatus.RETURNED,
        }
        has_blocking_fulfillment = self.fulfillments.exclude(status__in=statuses_allowed).exists()
        return not has_blocking_fulfillment and self.status not in {
            OrderStatus.CANCELED,
            OrderStatus.DRAFT,
            OrderStatus.EXPIRED,
        }


class OrderLine(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, editable=False, unique=True, default=uuid4)
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey(
        "product.ProductVariant", related_name="order_lines", null=True, on_delete=models.SET_NULL
    )
    product_name = models.CharField(max_length=386)
    variant_name = models.CharField(max_length=255, default="", blank=True)
    product_sku = models.CharField(max_length=255, null=True, blank=True)
    quantity = models.IntegerField()
    currency = models.CharField(max_length=3)
    unit_discount_amount = _money()
    unit_price_net_amount = _money()
    unit_price_gross_amount = _money()
    total_price_net_amount = _money()
    total_price_gross_amount = _money()

    class Meta:
        ordering = ("pk",)


class Fulfillment(models.Model):
    order = models.ForeignKey(Order, related_name="fulfillments", on_delete=models.CASCADE)
    fulfillment_order = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=32, default=FulfillmentStatus.FULFILLED)
    created_at = models.DateTimeField(default=now)
