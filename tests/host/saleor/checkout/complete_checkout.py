"""Checkout completion as far as the plugin sees it.

Saleor calls ``preprocess_order_creation`` before the order exists (a ValidationError
there stops completion and keeps the checkout), then creates the order with
``checkout_token`` set, deletes the checkout, and dispatches ``order_created`` on commit.
"""

from django.db import DatabaseError, transaction

from ..order import OrderStatus
from ..order.models import Order, OrderLine
from .fetch import fetch_checkout_info
from .models import Checkout


def complete_checkout(manager, checkout: Checkout, user=None) -> Order:
    checkout_info = fetch_checkout_info(checkout, manager)
    manager.preprocess_order_creation(checkout_info, checkout_info.lines)
    return create_order_from_checkout(checkout_info, manager, user=user, app=None)


def create_order_from_checkout(
    checkout_info,
    manager,
    user,
    app,
    delete_checkout: bool = True,
    metadata_list: list | None = None,
    private_metadata_list: list | None = None,
    is_automatic_completion: bool = False,
) -> Order:
    """Saleor's name and call shape. Like Saleor's, it does not call the hook itself: its
    callers (``validate_checkout``, the transactions flow) have done that before."""
    checkout = checkout_info.checkout
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
        if delete_checkout:
            checkout.delete()
        transaction.on_commit(lambda: manager.order_created(order))
    return order


# TEST HOST stand-ins for Saleor's two other entry points that turn a checkout into an
# order (issue 6: every path that creates an order from a checkout is covered). Same names
# and call shapes as saleor/checkout/complete_checkout.py in Saleor 3.24; each calls
# ``preprocess_order_creation`` where Saleor does, and nothing more of Saleor's work.


def complete_checkout_with_transaction(
    manager,
    checkout_info,
    lines,
    user,
    app,
    redirect_url: str | None = None,
    metadata_list: list | None = None,
    private_metadata_list: list | None = None,
    is_automatic_completion: bool = False,
) -> Order | None:
    """checkoutComplete, transactions flow: ``_prepare_checkout_with_transactions`` calls
    the hook, then ``create_order_from_checkout``."""
    manager.preprocess_order_creation(checkout_info, lines)
    return create_order_from_checkout(checkout_info, manager, user, app)


def complete_checkout_with_payment(
    manager,
    checkout_pk,
    payment_data,
    store_source,
    user,
    app,
    site_settings=None,
    redirect_url: str | None = None,
    metadata_list: list | None = None,
    private_metadata_list: list | None = None,
    is_automatic_completion: bool = False,
) -> tuple[Order | None, bool, dict]:
    """checkoutComplete, payment flow: in ``transaction_with_commit_on_errors`` (an atomic
    block that commits even when a non-database error leaves it), the checkout row is
    locked, ``_prepare_order_data`` calls the hook, and the order is created. Answers
    ``(order, action_required, action_data)``; a checkout already gone answers no order."""
    error: Exception | None = None
    order = None
    with transaction.atomic():
        try:
            checkout = Checkout.objects.select_for_update().filter(pk=checkout_pk).first()
            if checkout is not None:
                checkout_info = fetch_checkout_info(checkout, manager)
                manager.preprocess_order_creation(checkout_info, checkout_info.lines)
                order = create_order_from_checkout(checkout_info, manager, user, app)
        except DatabaseError:
            raise
        except Exception as exc:  # noqa: BLE001 - Saleor's commit-on-errors, re-raised below
            error = exc
    if error is not None:
        raise error
    return order, False, {}
