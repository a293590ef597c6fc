"""TEST HOST stand-in for ``validate_checkout`` of saleor/checkout/checkout_cleaner.py.

Saleor's ``orderCreateFromCheckout`` mutation calls ``validate_checkout`` (which ends by
calling the plugins' ``preprocess_order_creation``) and then
``complete_checkout.create_order_from_checkout``. Same name and call shape as Saleor 3.24;
Saleor's own checks (channel, lines, voucher, email, addresses, gift cards) are not
reproduced: the plugin only takes part through the hook.
"""

from __future__ import annotations

from collections.abc import Iterable


def validate_checkout(checkout_info, lines, unavailable_variant_pks: Iterable[int], manager):
    manager.preprocess_order_creation(checkout_info, lines)
