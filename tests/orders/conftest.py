"""Fixtures of the orders and budgets tests: buyers, budgets and checkouts in the test host."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import saleor.celeryconf  # noqa: F401  (as Saleor's own package __init__ does: the celery app)
from django.utils import timezone
from saleor.checkout.complete_checkout import complete_checkout
from saleor.checkout.models import Checkout

from saleor_customer_center import saleor
from saleor_customer_center.models import Budget, UserPreference
from saleor_customer_center.roles import Role

from ..factories import ChannelFactory, CompanyFactory, MembershipFactory


def make_checkout(user, total: Decimal | str, currency: str = "USD") -> Checkout:
    return Checkout.objects.create(
        user=user,
        email=user.email,
        channel=ChannelFactory(),
        currency=currency,
        subtotal_net_amount=Decimal(total),
        subtotal_gross_amount=Decimal(total),
        total_net_amount=Decimal(total),
        total_gross_amount=Decimal(total),
    )


def complete(checkout: Checkout):
    """Saleor's checkoutComplete as the test host reproduces it (hook, order, on_commit)."""
    return complete_checkout(saleor.get_plugins_manager(), checkout, user=checkout.user)


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
