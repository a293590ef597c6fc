from django.db import models


class Product(models.Model):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)


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
