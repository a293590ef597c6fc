"""TEST HOST stand-in for the two functions of saleor/checkout/utils.py that build a checkout.

Same names and call shapes as Saleor 3.24. Saleor computes prices later (checkout
calculations) and checks stock here; the stand-in stores the channel price on each line
and the totals on the checkout (what the host's ``complete_checkout`` reads), and refuses
quantities above the free stock.
"""

from decimal import Decimal

from django.db import transaction

from ..core.utils.metadata_manager import MetadataItemCollection
from ..product.models import ProductVariantChannelListing
from .models import Checkout, CheckoutLine, CheckoutMetadata


class InsufficientStock(Exception):
    pass


def add_variants_to_checkout(
    checkout: Checkout,
    variants,
    checkout_lines_data,
    channel,
    replace=False,
    replace_reservations=False,
    reservation_length=None,
    raise_error_for_missing_lines=False,
    *,
    calculate_stocks_with_shipping_zones: bool,
):
    by_id = {str(variant.pk): variant for variant in variants}
    with transaction.atomic():
        for data in checkout_lines_data:
            variant = by_id[str(data.variant_id)]
            stock = getattr(variant, "stock", None)
            free = stock.quantity - stock.quantity_allocated if stock else 0
            if variant.track_inventory and data.quantity > free:
                raise InsufficientStock(variant.sku)
            price = ProductVariantChannelListing.objects.get(
                variant=variant, channel=channel
            ).price_amount
            CheckoutLine.objects.create(
                checkout=checkout,
                variant=variant,
                quantity=data.quantity,
                currency=checkout.currency,
                price_override=price,
            )
        subtotal = sum(
            (line.price_override * line.quantity for line in checkout.lines.all()), Decimal(0)
        )
        checkout.subtotal_net_amount = checkout.subtotal_gross_amount = subtotal
        checkout.total_net_amount = subtotal + checkout.shipping_price_net_amount
        checkout.total_gross_amount = subtotal + checkout.shipping_price_gross_amount
        checkout.save()
    return checkout


def create_checkout_metadata(
    checkout: Checkout,
    *,
    metadata: MetadataItemCollection | None,
    private_metadata: MetadataItemCollection | None,
) -> CheckoutMetadata:
    return CheckoutMetadata.objects.create(
        checkout=checkout,
        metadata={item.key: item.value for item in (metadata.items if metadata else [])},
        private_metadata={
            item.key: item.value for item in (private_metadata.items if private_metadata else [])
        },
    )
