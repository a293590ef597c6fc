"""Checkout completion as far as the plugin sees it.

Saleor calls ``preprocess_order_creation`` before the order exists (a ValidationError
there stops completion and keeps the checkout), then creates the order with
``checkout_token`` set, deletes the checkout, and dispatches ``order_created`` on commit.
"""

from django.db import transaction

from ..order import OrderStatus
from ..order.models import Order, OrderLine
from .fetch import fetch_checkout_info
from .models import Checkout


def complete_checkout(manager, checkout: Checkout, user=None) -> Order:
    checkout_info = fetch_checkout_info(checkout, manager)
    manager.preprocess_order_creation(checkout_info, checkout_info.lines)
    with transaction.atomic():
        order = Order.objects.create(
            status=OrderStatus.UNFULFILLED,
            user=checkout.user,
            user_email=checkout.email or (checkout.user.email if checkout.user else ""),
            channel=checkout.channel,
            currency=checkout.currency,
            checkout_token=str(checkout.token),
            billing_address=checkout.billing_address,
            shipping_address=checkout.shipping_address,
            shipping_price_net_amount=checkout.shipping_price_net_amount,
            shipping_price_gross_amount=checkout.shipping_price_gross_amount,
            subtotal_net_amount=checkout.subtotal_net_amount,
            subtotal_gross_amount=checkout.subtotal_gross_amount,
            total_net_amount=checkout.total_net_amount,
            total_gross_amount=checkout.total_gross_amount,
            undiscounted_total_net_amount=checkout.total_net_amount,
            undiscounted_total_gross_amount=checkout.total_gross_amount,
            lines_count=0,
        )
        lines = []
        for info in checkout_info.lines:
            line = info.line
            price = line.price_override or 0
            lines.append(
                OrderLine(
                    order=order,
                    variant=info.variant,
                    product_name=info.variant.product.name,
                    variant_name=info.variant.name,
                    product_sku=info.variant.sku,
                    quantity=line.quantity,
                    currency=line.currency,
                    unit_price_net_amount=price,
                    unit_price_gross_amount=price,
                    total_price_net_amount=price * line.quantity,
                    total_price_gross_amount=price * line.quantity,
                )
            )
        OrderLine.objects.bulk_create(lines)
        order.lines_count = len(lines)
        order.save(update_fields=["lines_count"])
        checkout.delete()
        transaction.on_commit(lambda: manager.order_created(order))
    return order
