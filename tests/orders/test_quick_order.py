"""Quick order: a Saleor checkout from SKUs, tagged with the company, budget at completion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from saleor.checkout.models import Checkout
from saleor.product.models import ProductChannelListing, Stock

from saleor_customer_center import permissions, saleor, settings_store
from saleor_customer_center.models import CompanyOrder, UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import quick_order

from ..factories import CompanyFactory, MembershipFactory, ProductVariantFactory
from .conftest import complete, make_budget

ENABLED = settings_store.PluginSettings(active=True, new_orders_enabled=True)
CHANNEL = "default-channel"


@pytest.fixture
def orderer(plugin_configuration):
    company = CompanyFactory(
        addresses=[
            {"type": "billing", "streetAddress1": "1 Main St", "city": "Berlin", "country": "de"},
            {"type": "shipping", "streetAddress1": "9 Dock Rd", "city": "Hamburg", "country": "DE"},
        ]
    )
    return MembershipFactory(company=company, role=Role.L20_ORDERS)


def test_checkout_is_created_for_member_and_company(orderer):
    # given
    ProductVariantFactory(sku="BOLT-1", price=Decimal("2.50"))
    ProductVariantFactory(sku="NUT-1", price=Decimal("1.00"))

    # when
    checkout = quick_order.create_company_checkout(
        orderer, CHANNEL, [("BOLT-1", 4), ("NUT-1", 10), ("BOLT-1", 2)], plugin_settings=ENABLED
    )

    # then
    assert (checkout.user, checkout.channel.slug, checkout.currency) == (
        orderer.user,
        CHANNEL,
        "USD",
    )
    assert sorted((line.variant.sku, line.quantity) for line in checkout.lines.all()) == [
        ("BOLT-1", 6),
        ("NUT-1", 10),
    ]
    assert checkout.total_gross_amount == Decimal("25.000")
    assert checkout.metadata_storage.metadata == {
        saleor.COMPANY_METADATA_KEY: str(orderer.company_id)
    }
    assert (checkout.billing_address.street_address_1, checkout.billing_address.country) == (
        "1 Main St",
        "DE",
    )
    assert checkout.shipping_address.city == "Hamburg"


def test_completing_the_checkout_links_the_order_to_the_tagged_company(orderer):
    # given: the buyer also belongs to another company, which is the current one
    other = MembershipFactory(user=orderer.user, company=CompanyFactory(), role=Role.L20_ORDERS)
    UserPreference.objects.create(user=orderer.user, current_company=other.company)
    ProductVariantFactory(sku="BOLT-1", price=Decimal("10"))
    budget = make_budget(orderer, "25")
    checkout = quick_order.create_company_checkout(
        orderer, CHANNEL, [("BOLT-1", 2)], plugin_settings=ENABLED
    )

    # when
    order = complete(checkout)

    # then: the tag wins, and the budget of that membership applies
    assert CompanyOrder.objects.get(order=order).membership == orderer
    from saleor_customer_center.services import budgets

    assert budgets.status(budget).spent == Decimal("20.000")
    second = quick_order.create_company_checkout(
        orderer, CHANNEL, [("BOLT-1", 1)], plugin_settings=ENABLED
    )
    with pytest.raises(ValidationError, match="remaining budget of 5.00 USD"):
        complete(second)


def test_new_orders_disabled_is_a_clear_error(orderer):
    ProductVariantFactory(sku="BOLT-1")

    with pytest.raises(ValidationError) as refused:
        quick_order.create_company_checkout(orderer, CHANNEL, [("BOLT-1", 1)])

    assert (refused.value.code, refused.value.messages) == (
        "new_orders_disabled",
        ["New orders are disabled in this shop."],
    )
    assert not Checkout.objects.exists()


def test_operator_setting_enables_new_orders(orderer, plugin_configuration):
    ProductVariantFactory(sku="BOLT-1")
    plugin_configuration(new_orders_enabled=True)

    assert quick_order.create_company_checkout(orderer, CHANNEL, [("BOLT-1", 1)]).pk


@pytest.mark.parametrize(
    ("lines", "errors"),
    [
        ([("NOPE-1", 1)], {"lines.0.sku": ["unknown_sku"]}),
        ([("BOLT-1", 0)], {"lines.0.quantity": ["invalid"]}),
        ([("BOLT-1", -3)], {"lines.0.quantity": ["invalid"]}),
        ([("BOLT-1", 1), ("SCARCE-1", 6)], {"lines.1.quantity": ["insufficient_stock"]}),
        ([("SCARCE-1", 3), ("SCARCE-1", 3)], {"lines.0.quantity": ["insufficient_stock"]}),
        ([("", 1)], {"lines.0.sku": ["required"]}),
        ([], {"lines": ["required"]}),
        (
            [("NOPE-1", 1), ("BOLT-1", 0), ("BOLT-1", 1)],
            {"lines.0.sku": ["unknown_sku"], "lines.1.quantity": ["invalid"]},
        ),
    ],
    ids=[
        "unknown_sku_case",
        "zero_quantity_case",
        "negative_quantity_case",
        "not_enough_stock_case",
        "same_sku_twice_over_stock_case",
        "empty_sku_case",
        "no_lines_case",
        "several_errors_case",
    ],
)
def test_bad_lines_are_field_errors_and_no_checkout(orderer, lines, errors):
    ProductVariantFactory(sku="BOLT-1")
    scarce = ProductVariantFactory(sku="SCARCE-1")
    Stock.objects.filter(product_variant=scarce).update(quantity=5)

    with pytest.raises(ValidationError) as refused:
        quick_order.create_company_checkout(orderer, CHANNEL, lines, plugin_settings=ENABLED)

    assert {
        field: [error.code for error in field_errors]
        for field, field_errors in refused.value.error_dict.items()
    } == errors
    assert not Checkout.objects.exists()


def test_unknown_channel_is_a_field_error(orderer):
    ProductVariantFactory(sku="BOLT-1")

    with pytest.raises(ValidationError) as refused:
        quick_order.create_company_checkout(
            orderer, "no-such-channel", [("BOLT-1", 1)], plugin_settings=ENABLED
        )

    assert list(refused.value.error_dict) == ["channel"]


@pytest.mark.parametrize(
    "listing",
    [
        {"is_published": False},
        {"published_at": dt.datetime(2999, 1, 1, tzinfo=dt.UTC)},
        {"available_for_purchase_at": None},
        {"available_for_purchase_at": dt.datetime(2999, 1, 1, tzinfo=dt.UTC)},
    ],
    ids=["unpublished", "published_later", "not_for_sale", "for_sale_later"],
)
def test_a_product_saleor_does_not_sell_in_the_channel_is_an_unknown_sku(orderer, listing):
    # given: Saleor's checkoutCreate refuses such a line (and fetch_checkout_lines marks it
    # unavailable), as seen on a real Saleor 3.24
    variant = ProductVariantFactory(sku="BOLT-1")
    ProductChannelListing.objects.filter(product=variant.product).update(**listing)

    # when
    with pytest.raises(ValidationError) as refused:
        quick_order.create_company_checkout(
            orderer, CHANNEL, [("BOLT-1", 1)], plugin_settings=ENABLED
        )

    # then
    assert [error.code for error in refused.value.error_dict["lines.0.sku"]] == ["unknown_sku"]
    assert not Checkout.objects.exists()


def test_basic_role_may_not_order(plugin_configuration):
    basic = MembershipFactory(company=CompanyFactory(), role=Role.L10_BASIC)
    ProductVariantFactory(sku="BOLT-1")

    with pytest.raises(permissions.PermissionDenied):
        quick_order.create_company_checkout(
            basic, CHANNEL, [("BOLT-1", 1)], plugin_settings=ENABLED
        )

    assert not Checkout.objects.exists()


def test_budget_is_checked_on_the_priced_total_not_the_stored_one(orderer):
    # given: a quick-order checkout nobody has priced yet (its stored total is still 0), as
    # Saleor's orderCreateFromCheckout hands it to the hook (seen on a real Saleor 3.24)
    from saleor.checkout.fetch import fetch_checkout_info

    make_budget(orderer, "10")
    ProductVariantFactory(sku="BOLT-1", price=Decimal("2.50"))
    checkout = quick_order.create_company_checkout(
        orderer, CHANNEL, [("BOLT-1", 8)], plugin_settings=ENABLED
    )
    Checkout.objects.filter(pk=checkout.pk).update(total_net_amount=0, total_gross_amount=0)
    checkout.refresh_from_db()
    manager = saleor.get_plugins_manager()

    # when
    with pytest.raises(ValidationError) as refused:
        manager.preprocess_order_creation(fetch_checkout_info(checkout, manager), None)

    # then
    assert refused.value.messages == [
        "This order of 20.00 USD exceeds your remaining budget of 10.00 USD."
    ]


class RecordingPlugin:
    """A shop plugin (standing in for Saleor's webhook plugin) that hears checkout events."""

    PLUGIN_ID = "tests.recording"
    CONFIGURATION_PER_CHANNEL = False
    heard: list = []

    def __init__(self, **kwargs):
        self.active = True

    @classmethod
    def get_default_active(cls):
        return True

    def checkout_created(self, checkout, previous_value, webhooks=None):
        RecordingPlugin.heard.append(checkout.token)
        return previous_value


def test_the_shop_hears_of_the_new_checkout_once_committed(
    orderer, settings, django_capture_on_commit_callbacks
):
    settings.PLUGINS = [*settings.PLUGINS, "tests.orders.test_quick_order.RecordingPlugin"]
    RecordingPlugin.heard = []
    ProductVariantFactory(sku="BOLT-1", price=Decimal("2.50"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        checkout = quick_order.create_company_checkout(
            orderer, CHANNEL, [("BOLT-1", 1)], plugin_settings=ENABLED
        )
    assert RecordingPlugin.heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert RecordingPlugin.heard == [checkout.token]
