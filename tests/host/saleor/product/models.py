import datetime

from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)


class ProductChannelListing(models.Model):
    """Saleor's product listing in a channel: published (``PublishableModel``) and on sale
    from ``available_for_purchase_at``. Saleor refuses checkout lines (CheckoutCreate) and
    marks them unavailable (``fetch_checkout_lines``) unless both hold."""

    product = models.ForeignKey(Product, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey(
        "channel.Channel", related_name="product_listings", on_delete=models.CASCADE
    )
    currency = models.CharField(max_length=3)
    published_at = models.DateTimeField(blank=True, null=True)
    is_published = models.BooleanField(default=False)
    visible_in_listings = models.BooleanField(default=False)
    available_for_purchase_at = models.DateTimeField(blank=True, null=True)

    class Meta:
        unique_together = [["product", "channel"]]

    @property
    def is_visible(self):
        return self.is_published and (
            self.published_at is None or self.published_at <= datetime.datetime.now(tz=datetime.UTC)
        )

    def is_available_for_purchase(self):
        return (
            self.available_for_purchase_at is not None
            and datetime.datetime.now(tz=datetime.UTC) >= self.available_for_purchase_at
        )


class ProductVariant(models.Model):
    sku = models.CharField(max_length=255, unique=True, null=True, blank=True)
    name = models.CharField(max_length=255, blank=True)
    product = models.ForeignKey(Product, related_name="variants", on_delete=models.CASCADE)
    track_inventory = models.BooleanField(default=True)


class ProductVariantChannelListing(models.Model):
    variant = models.ForeignKey(
        ProductVariant, related_name="channel_listings", on_delete=models.CASCADE
    )
    channel = models.ForeignKey(
        "channel.Channel", related_name="variant_listings", on_delete=models.CASCADE
    )
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)

    class Meta:
        unique_together = [["variant", "channel"]]


class Stock(models.Model):
    # Saleor keeps stock in warehouse.Stock; one quantity per variant is all the host needs.
    product_variant = models.OneToOneField(
        ProductVariant, related_name="stock", on_delete=models.CASCADE
    )
    quantity = models.IntegerField(default=0)
    quantity_allocated = models.IntegerField(default=0)
