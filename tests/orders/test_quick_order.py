"""Quick order: a Saleor checkout from SKUs, tagged with the company, budget at completion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from saleor.checkout.models import Checkout
from saleor.plugins.base_plugin import BasePlugin
from saleor.product.models import ProductChannelListing
from saleor.warehouse.models import Stock

from saleor_customer_center import permissions, saleor, settings_store
from saleor_customer_center.models import CompanyOrder, UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import quick_order

from .. import shop
from ..factories import CompanyFactory, MembershipFactory
from .conftest import complete, make_budget

ENABLED = settings_store.PluginSettings(active=True, new_orders_enabled=True)
CHANNEL = "default-channel"


@pytest.fixture
def orderer(plugin_configuration):
    company = CompanyFactory(
        addresses=[
            {
                "type": "billing",
                "companyName": "Buyer GmbH",
                "streetAddress1": "Hauptstrasse 1",
                "postalCode": "10115",
                "city": "Berlin",
                "country": "de",
            },
            {
                "type": "shipping",
                "companyName": "Buyer GmbH",
                "streetAddress1": "Hafenweg 9",
                "postalCode": "20457",
                "city": "Hamburg",
                "country": "DE",
            },
        ]
    )
    return MembershipFactory(company=company, role=Role.L20_ORDERS)


def test_checkout_is_created_for_member_and_company(orderer):
    # given
    shop.variant("2.50", sku="BOLT-1")
    shop.variant("1.00", sku="NUT-1")

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
    priced = shop.Storefront(orderer.user).gql(
        "query($id: ID!) { checkout(id: $id) { totalPrice { gross { amount } } } }",
        {"id": shop.checkout_id(checkout)},
    )["checkout"]["totalPrice"]["gross"]["amount"]
    assert Decimal(str(priced)) == Decimal("25.00")  # priced by Saleor
    assert checkout.metadata_storage.metadata == {
        saleor.COMPANY_METADATA_KEY: str(orderer.company_id)
    }
    assert (checkout.billing_address.street_address_1, checkout.billing_address.country) == (
        "Hauptstrasse 1",
        "DE",
    )
    assert checkout.shipping_address.city == "HAMBURG"  # normalised as Saleor does


def test_an_address_saleor_would_refuse_is_left_for_the_storefront_to_ask(plugin_configuration):
    # given: the ERP sends an address without postal code (Germany requires one)
    company = CompanyFactory(
        addresses=[
            {"type": "billing", "streetAddress1": "1 Main St", "city": "Berlin", "country": "DE"}
        ]
    )
    member = MembershipFactory(company=company, role=Role.L20_ORDERS)
    shop.variant("2.50", sku="BOLT-1")

    # when
    checkout = quick_order.create_company_checkout(
        member, CHANNEL, [("BOLT-1", 1)], plugin_settings=ENABLED
    )

    # then: no address that would make Saleor's checkoutComplete fail
    assert (checkout.billing_address, checkout.shipping_address) == (None, None)


def test_completing_the_checkout_links_the_order_to_the_tagged_company(orderer):
    # given: the buyer also belongs to another company, which is the current one
    other = MembershipFactory(user=orderer.user, company=CompanyFactory(), role=Role.L20_ORDERS)
    UserPreference.objects.create(user=orderer.user, current_company=other.company)
    shop.variant("10", sku="BOLT-1")
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
    # an L20 reads the share used, never an amount (issue 12 item 4): 20 of 25 is 80 %
    with pytest.raises(ValidationError, match="remaining budget: 80 % of it is used"):
        complete(second)


def test_new_orders_disabled_is_a_clear_error(orderer):
    shop.variant(sku="BOLT-1")

    with pytest.raises(ValidationError) as refused:
        quick_order.create_company_checkout(
            orderer, CHANNEL, [("BOLT-1", 1)], plugin_settings=settings_store.current()
        )

    assert (refused.value.code, refused.value.messages) == (
        "new_orders_disabled",
        ["New orders are disabled in this shop."],
    )
    assert not Checkout.objects.exists()


def test_operator_setting_enables_new_orders(orderer, plugin_configuration):
    shop.variant(sku="BOLT-1")
    plugin_configuration(new_orders_enabled=True)

    assert quick_order.create_company_checkout(
        orderer, CHANNEL, [("BOLT-1", 1)], plugin_settings=settings_store.current()
    ).pk


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
    shop.variant(sku="BOLT-1")
    scarce = shop.variant(sku="SCARCE-1")
    Stock.objects.filter(product_variant=scarce).update(quantity=5)

    with pytest.raises(ValidationError) as refused:
        quick_order.create_company_checkout(orderer, CHANNEL, lines, plugin_settings=ENABLED)

    assert {
        field: [error.code for error in field_errors]
        for field, field_errors in refused.value.error_dict.items()
    } == errors
    assert not Checkout.objects.exists()


def test_unknown_channel_is_a_field_error(orderer):
    shop.variant(sku="BOLT-1")

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
    variant = shop.variant(sku="BOLT-1")
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
    shop.variant(sku="BOLT-1")

    with pytest.raises(permissions.PermissionDenied):
        quick_order.create_company_checkout(
            basic, CHANNEL, [("BOLT-1", 1)], plugin_settings=ENABLED
        )

    assert not Checkout.objects.exists()


def test_budget_is_checked_on_the_priced_total_not_the_stored_one(orderer):
    # given: a quick-order checkout nobody has priced yet (its stored total is still 0), as
    # Saleor's orderCreateFromCheckout hands it to the hook (seen on a real Saleor 3.24)
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines

    orderer.role = Role.L30_ORDERS_PRICES  # who reads the amounts in the refusal
    orderer.save(update_fields=["role"])
    make_budget(orderer, "10")
    shop.variant("2.50", sku="BOLT-1")
    checkout = quick_order.create_company_checkout(
        orderer, CHANNEL, [("BOLT-1", 8)], plugin_settings=ENABLED
    )
    Checkout.objects.filter(pk=checkout.pk).update(total_net_amount=0, total_gross_amount=0)
    checkout.refresh_from_db()
    manager = saleor.get_plugins_manager()

    # when
    with pytest.raises(ValidationError) as refused:
        lines, _ = fetch_checkout_lines(checkout)
        manager.preprocess_order_creation(fetch_checkout_info(checkout, lines, manager), lines)

    # then
    assert refused.value.messages == [
        "This order of 20.00 USD exceeds your remaining budget of 10.00 USD."
    ]


class RecordingPlugin(BasePlugin):
    """Another plugin of the shop (as Saleor's webhook plugin is) that hears checkout events."""

    PLUGIN_ID = "tests.recording"
    PLUGIN_NAME = "Recording"
    CONFIGURATION_PER_CHANNEL = False
    DEFAULT_ACTIVE = True
    heard: list = []

    def checkout_created(self, checkout, previous_value, webhooks=None):
        RecordingPlugin.heard.append(checkout.token)
        return previous_value


def test_the_shop_hears_of_the_new_checkout_once_committed(
    orderer, settings, django_capture_on_commit_callbacks
):
    settings.PLUGINS = [*settings.PLUGINS, "tests.orders.test_quick_order.RecordingPlugin"]
    RecordingPlugin.heard = []
    shop.variant("2.50", sku="BOLT-1")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        checkout = quick_order.create_company_checkout(
            orderer, CHANNEL, [("BOLT-1", 1)], plugin_settings=ENABLED
        )
    assert RecordingPlugin.heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert RecordingPlugin.heard == [checkout.token]
