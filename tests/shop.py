"""The shop the tests run in: the real Saleor, its catalog built with Saleor's own models
(``devtools/shop_catalog.py``), and a storefront that buys through Saleor's GraphQL API
(``devtools/storefront.py``).
"""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from saleor.product.models import ProductVariant

from devtools.shop_catalog import CHANNEL, app_token, channel, shipping_price, tax_rate, variant
from devtools.storefront import (
    Completion,
    ShopApiError,
    Storefront,
    checkout_id,
    create_order_from_checkout,
    pay_in_full,
)

__all__ = [
    "CHANNEL",
    "Buyer",
    "Completion",
    "ShopApiError",
    "Storefront",
    "app_token",
    "channel",
    "checkout_id",
    "create_order_from_checkout",
    "pay_in_full",
    "shipping_price",
    "tax_rate",
    "variant",
]


class Buyer:
    """Orders of a given gross amount for one user, through the real checkout.

    ``buyer.checkout("120.00")`` makes a ready checkout whose total is 120.00 (one line of a
    product priced at that amount, free shipping, no tax unless the test added some).
    """

    def __init__(self, user, client: Client | None = None) -> None:
        self.user = user
        self.storefront = Storefront(user, client)
        self._variants: dict[tuple[Decimal, str], ProductVariant] = {}

    def product_at(self, price: Decimal | str, channel_slug: str = CHANNEL) -> ProductVariant:
        key = (Decimal(price), channel_slug)
        if key not in self._variants:
            self._variants[key] = variant(price, channel_slug=channel_slug)
        return self._variants[key]

    def checkout(self, amount: Decimal | str, channel_slug: str = CHANNEL) -> dict:
        item = self.product_at(amount, channel_slug)
        return self.storefront.ready_checkout([(item, 1)], channel_slug)

    def buy(self, amount: Decimal | str) -> Completion:
        return self.storefront.complete(self.checkout(amount)["id"])
