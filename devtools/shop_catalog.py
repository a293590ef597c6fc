"""A small shop catalog built with Saleor's own models: channel, taxes, shipping, warehouse,
products with stock, and apps with permissions.

Shared by the tests (``tests/shop.py``) and the demo seed (``devtools/demo``), so both run
on the same kind of shop. Rows of Saleor's tables, made as Saleor's own test fixtures make
them; nothing of Saleor is reproduced.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django_countries import countries
from saleor.account.models import Address
from saleor.app.models import App, AppToken
from saleor.channel.models import Channel
from saleor.permission.models import Permission
from saleor.product.models import (
    Category,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from saleor.shipping import ShippingMethodType
from saleor.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
from saleor.tax.models import TaxClassCountryRate, TaxConfiguration
from saleor.warehouse.models import Stock, Warehouse

CHANNEL = "default-channel"
ALL_COUNTRIES = [code for code, _ in countries]  # django-countries, as Saleor lists them
TEST_COUNTRIES = ["US", "DE", "GB", "AT"]
ON_SALE_SINCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_numbers = itertools.count(1)


def channel(
    slug: str = CHANNEL,
    currency: str = "USD",
    *,
    allow_unpaid_orders: bool = True,
    shipping_price: Decimal | str = "0",
    ship_to: list[str] | None = None,
) -> Channel:
    """A sales channel with its tax configuration, a shipping zone and method, a warehouse.

    Taxes are flat rates entered with the price (gross = the listed price) until a test adds
    a rate with :func:`tax_rate`. ``allow_unpaid_orders`` lets ``checkoutComplete`` finish a
    checkout without a payment, as a B2B shop on invoice does.
    """
    made, _ = Channel.objects.get_or_create(
        slug=slug,
        defaults={
            "name": slug.replace("-", " ").title(),
            "currency_code": currency,
            "default_country": "US",
            "is_active": True,
            "allow_unpaid_orders": allow_unpaid_orders,
        },
    )
    if Warehouse.objects.filter(slug=f"{slug}-warehouse").exists():
        return made
    # A shop's migrations may have made the channel already (Saleor's own default one):
    # give it what selling needs.
    Channel.objects.filter(pk=made.pk).update(
        is_active=True, allow_unpaid_orders=allow_unpaid_orders, default_country="US"
    )
    made.refresh_from_db()
    TaxConfiguration.objects.update_or_create(
        channel=made,
        defaults={
            "charge_taxes": True,
            "tax_calculation_strategy": "FLAT_RATES",
            "display_gross_prices": True,
            "prices_entered_with_tax": True,
        },
    )
    zone = ShippingZone.objects.create(
        name=f"{made.name} zone", countries=ship_to or TEST_COUNTRIES
    )
    zone.channels.add(made)
    method = ShippingMethod.objects.create(
        name="Ground", type=ShippingMethodType.PRICE_BASED, shipping_zone=zone
    )
    ShippingMethodChannelListing.objects.create(
        shipping_method=method,
        channel=made,
        currency=made.currency_code,
        price_amount=Decimal(shipping_price),
        minimum_order_price_amount=Decimal(0),
    )
    warehouse = Warehouse.objects.create(
        name=f"{made.name} warehouse",
        slug=f"{slug}-warehouse",
        email="warehouse@shop.example",
        address=Address.objects.create(
            company_name="Shop warehouse",
            street_address_1="1 Dock Road",
            city="MOUNTAIN VIEW",
            postal_code="94043",
            country_area="CA",
            country="US",
        ),
    )
    warehouse.shipping_zones.add(zone)
    warehouse.channels.add(made)
    return made


def tax_rate(percent: Decimal | str, country: str = "US") -> None:
    """Flat tax charged on top of the listed prices (and shipping) in ``country``."""
    TaxConfiguration.objects.update(prices_entered_with_tax=False)
    TaxClassCountryRate.objects.update_or_create(
        country=country, tax_class=None, defaults={"rate": Decimal(percent)}
    )


def shipping_price(amount: Decimal | str, slug: str = CHANNEL) -> None:
    ShippingMethodChannelListing.objects.filter(channel__slug=slug).update(
        price_amount=Decimal(amount)
    )


def variant(
    price: Decimal | str = "10.00",
    *,
    sku: str | None = None,
    name: str | None = None,
    stock: int | None = 1000,
    channel_slug: str = CHANNEL,
    published: bool = True,
) -> ProductVariant:
    """A product with one variant for sale in the channel at ``price``, with stock."""
    shop = channel(channel_slug)
    n = next(_numbers)
    product_type, _ = ProductType.objects.get_or_create(
        slug="hardware",
        defaults={"name": "Hardware", "kind": "normal", "is_shipping_required": True},
    )
    category, _ = Category.objects.get_or_create(slug="tools", defaults={"name": "Tools"})
    product = Product.objects.create(
        name=name or f"Product {n}",
        slug=f"product-{n}-{sku or 'x'}".lower(),
        product_type=product_type,
        category=category,
    )
    ProductChannelListing.objects.create(
        product=product,
        channel=shop,
        currency=shop.currency_code,
        is_published=published,
        visible_in_listings=True,
        available_for_purchase_at=ON_SALE_SINCE,
    )
    made = ProductVariant.objects.create(
        product=product, sku=sku or f"SKU-{n:05d}", name="Standard", track_inventory=True
    )
    ProductVariantChannelListing.objects.create(
        variant=made,
        channel=shop,
        currency=shop.currency_code,
        price_amount=Decimal(price),
        discounted_price_amount=Decimal(price),
    )
    if stock is not None:
        Stock.objects.create(
            warehouse=Warehouse.objects.get(slug=f"{channel_slug}-warehouse"),
            product_variant=made,
            quantity=stock,
        )
    return made


def app_token(*permissions: str, name: str | None = None) -> str:
    """An installed app holding Saleor permissions (``checkout.handle_checkouts``, ...)."""
    app = App.objects.create(name=name or f"App {next(_numbers)}", is_active=True)
    for codename in permissions:
        label, code = codename.split(".")
        app.permissions.add(Permission.objects.get(content_type__app_label=label, codename=code))
    _, raw = AppToken.objects.create(app=app)
    return raw
