"""Fixtures of the orders and budgets tests: buyers and budgets, and orders placed through
Saleor's own checkout API (``tests/shop.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
from saleor.checkout.models import Checkout
from saleor.order.models import Order

from saleor_customer_center import saleor
from saleor_customer_center.models import Budget, UserPreference
from saleor_customer_center.roles import Role

from .. import shop
from ..factories import CompanyFactory, MembershipFactory


def make_checkout(user, total: Decimal | str, channel_slug: str = shop.CHANNEL) -> Checkout:
    """A checkout of ``user`` worth ``total`` (gross), made ready with Saleor's
    ``checkoutCreate`` and ``checkoutDeliveryMethodUpdate``."""
    made = shop.Buyer(user).checkout(total, channel_slug)
    return Checkout.objects.get(token=made["token"])


def complete(checkout: Checkout) -> Order:
    """Saleor's ``checkoutComplete`` as the buyer's storefront calls it.

    Returns the order; a refusal is raised as the ``ValidationError`` a storefront reads
    (``errors { field code message }``: ``code`` is Saleor's ``CheckoutErrorCode``).
    """
    storefront = shop.Storefront(checkout.user)
    checkout_id = shop.checkout_id(checkout)
    if not storefront.delivery_chosen(checkout_id):  # a quick order handed to the storefront
        if not storefront.has_shipping_address(checkout_id):
            storefront.give_addresses(checkout_id)
        storefront.choose_delivery(checkout_id)
    result = storefront.complete(checkout_id)
    if result.errors:
        raise refusal(result)
    return result.saleor_order


def refusal(result: shop.Completion) -> ValidationError:
    errors = [ValidationError(e["message"], code=e["code"]) for e in result.errors]
    return errors[0] if len(errors) == 1 else ValidationError(errors)


def run_hook(checkout: Checkout) -> None:
    """Saleor's call of ``preprocess_order_creation`` alone, as its completion makes it, for
    the cases where Saleor stops after the hook (payment failed, process died)."""
    manager = saleor.get_plugins_manager()
    lines, _ = fetch_checkout_lines(checkout)
    manager.preprocess_order_creation(fetch_checkout_info(checkout, lines, manager), lines)


def make_budget(membership, amount, period="monthly", start_date=None, currency="USD") -> Budget:
    from saleor_customer_center.services import budgets

    return budgets.set_budget(
        membership,
        Decimal(amount),
        currency,
        period,
        start_date=start_date or dt.date(2020, 1, 1),
    )


@pytest.fixture
def buyer(plugin_configuration):
    """An L30 member of one company, current company set, no budget yet."""
    membership = MembershipFactory(company=CompanyFactory(), role=Role.L30_ORDERS_PRICES)
    UserPreference.objects.create(user=membership.user, current_company=membership.company)
    return membership


@pytest.fixture
def admin_of(db):
    def make(company, role=Role.L80_ADMIN):
        return MembershipFactory(company=company, role=role)

    return make


def today() -> dt.date:
    return timezone.localdate()
