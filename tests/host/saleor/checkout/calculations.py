"""TEST HOST stand-in for ``calculate_checkout_total`` of saleor/checkout/calculations.py.

Saleor prices the checkout from its lines (and taxes, shipping, discounts) when its prices
are stale and stores the totals on it. The stand-in recomputes the totals from the lines'
prices when every line has one (checkouts built by ``add_variants_to_checkout``) and
otherwise leaves the stored totals (the tests' line-less checkouts).
"""

from decimal import Decimal


def calculate_checkout_total(
    *,
    manager,
    checkout_info,
    lines,
    database_connection_name: str = "default",
    force_update: bool = False,
    allow_sync_webhooks: bool = True,
):
    checkout = checkout_info.checkout
    priced = [info.line for info in lines or []]
    if priced and all(line.price_override is not None for line in priced):
        subtotal = sum((line.price_override * line.quantity for line in priced), Decimal(0))
        checkout.subtotal_net_amount = checkout.subtotal_gross_amount = subtotal
        checkout.total_net_amount = subtotal + checkout.shipping_price_net_amount
        checkout.total_gross_amount = subtotal + checkout.shipping_price_gross_amount
        checkout.save()
    return checkout.total_gross_amount
