"""Budgets hold on every path that turns a checkout into an order (issue 6).

Saleor calls ``preprocess_order_creation`` from three places: ``orderCreateFromCheckout``
(``checkout_cleaner.validate_checkout``), and ``checkoutComplete`` with the payment flow and
with the transactions flow (``complete_checkout.py``). The test host has a stand-in of each
at Saleor's module path (tests/host/saleor/checkout/), beside its generic
``complete_checkout``; every rule below is tried through all four.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from saleor.checkout import checkout_cleaner
from saleor.checkout import complete_checkout as host_completion
from saleor.checkout.fetch import fetch_checkout_info
from saleor.checkout.models import Checkout
from saleor.order.models import Order

from saleor_customer_center import saleor
from saleor_customer_center.models import BudgetCharge, BudgetPeriodSpend, UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets, locks
from tests.factories import CompanyFactory, MembershipFactory
from tests.orders.conftest import make_budget, make_checkout
from tests.threads import in_thread, run_together


def _generic(checkout: Checkout) -> Order:
    return host_completion.complete_checkout(
        saleor.get_plugins_manager(), checkout, user=checkout.user
    )


def _order_create_from_checkout(checkout: Checkout) -> Order:
    """What Saleor's orderCreateFromCheckout mutation does: validate (hook), then create."""
    manager = saleor.get_plugins_manager()
    info = fetch_checkout_info(checkout, manager)
    checkout_cleaner.validate_checkout(info, info.lines, [], manager)
    return host_completion.create_order_from_checkout(info, manager, checkout.user, None)


def _transactions_flow(checkout: Checkout) -> Order:
    manager = saleor.get_plugins_manager()
    info = fetch_checkout_info(checkout, manager)
    return host_completion.complete_checkout_with_transaction(
        manager, info, info.lines, checkout.user, None
    )


def _payment_flow(checkout: Checkout) -> Order:
    order, _action_required, _data = host_completion.complete_checkout_with_payment(
        saleor.get_plugins_manager(), checkout.pk, {}, False, checkout.user, None
    )
    return order


PATHS: dict[str, Callable[[Checkout], Order]] = {
    "generic_complete_checkout_case": _generic,
    "order_create_from_checkout_case": _order_create_from_checkout,
    "checkout_complete_transactions_case": _transactions_flow,
    "checkout_complete_payment_case": _payment_flow,
}
paths = pytest.mark.parametrize("complete", list(PATHS.values()), ids=list(PATHS))


@pytest.fixture
def buyer(plugin_configuration):
    """An L30 member of one company, that company current."""
    membership = MembershipFactory(company=CompanyFactory(), role=Role.L30_ORDERS_PRICES)
    UserPreference.objects.create(user=membership.user, current_company=membership.company)
    return membership


def _spent(budget) -> Decimal:
    row = BudgetPeriodSpend.objects.filter(budget=budget).first()
    return row.spent if row else Decimal("0.000")


@pytest.mark.django_db
@paths
def test_every_completion_path_refuses_an_order_over_the_budget(buyer, complete):
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "150.00")

    with pytest.raises(ValidationError) as refused:
        complete(checkout)

    assert refused.value.messages == [
        "This order of 150.00 USD exceeds your remaining budget of 100.00 USD."
    ]
    assert not Order.objects.exists()
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert _spent(budget) == Decimal("0.000")
    assert not BudgetCharge.objects.exists()


@pytest.mark.django_db
@paths
def test_every_completion_path_spends_the_order_once(buyer, complete):
    budget = make_budget(buyer, "100")
    order = complete(make_checkout(buyer.user, "60.00"))
    assert isinstance(order, Order)
    assert _spent(budget) == Decimal("60.000")
    assert BudgetCharge.objects.get().order_id == order.pk


@pytest.mark.django_db
@paths
def test_retried_completion_after_a_failure_never_spends_twice(buyer, complete):
    # given: a first attempt ran the hook (reserved), then failed before the order existed
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "60.00")
    manager = saleor.get_plugins_manager()
    manager.preprocess_order_creation(fetch_checkout_info(checkout, manager), [])

    # when: the same checkout is completed again, through this path
    order = complete(checkout)

    # then: one charge, spent once
    assert _spent(budget) == Decimal("60.000")
    assert BudgetCharge.objects.get().order_id == order.pk


@pytest.mark.django_db
@paths
def test_refused_completion_retried_after_the_budget_is_raised_spends_once(buyer, complete):
    budget = make_budget(buyer, "50")
    checkout = make_checkout(buyer.user, "60.00")
    with pytest.raises(ValidationError):
        complete(checkout)
    budget = make_budget(buyer, "100")

    complete(checkout)

    assert _spent(budget) == Decimal("60.000")
    assert Order.objects.count() == 1


@pytest.mark.django_db
@paths
def test_shipping_counts_against_the_budget(buyer, complete):
    # given: goods of 90 and shipping of 20, against a budget of 100
    make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "90.00")
    checkout.shipping_price_net_amount = checkout.shipping_price_gross_amount = Decimal(20)
    checkout.total_net_amount = checkout.total_gross_amount = Decimal(110)
    checkout.save()

    with pytest.raises(ValidationError) as refused:
        complete(checkout)

    assert refused.value.messages == [
        "This order of 110.00 USD exceeds your remaining budget of 100.00 USD."
    ]
    assert not Order.objects.exists()


@pytest.mark.django_db
@paths
def test_taxes_count_against_the_budget(buyer, complete):
    # given: 100 net, 119 gross (19 % tax), against a budget of 110
    make_budget(buyer, "110")
    checkout = make_checkout(buyer.user, "100.00")
    checkout.subtotal_gross_amount = checkout.total_gross_amount = Decimal(119)
    checkout.save()

    with pytest.raises(ValidationError) as refused:
        complete(checkout)

    assert refused.value.messages == [
        "This order of 119.00 USD exceeds your remaining budget of 110.00 USD."
    ]


@pytest.mark.django_db
@paths
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"is_active": False},
            "{company} cannot place orders at the moment. Please contact the shop.",
        ),
        (
            {"is_blocked": True},
            "{company} cannot place orders at the moment. Please contact the shop.",
        ),
    ],
    ids=["erp_inactive_company_case", "operator_blocked_company_case"],
)
def test_switched_off_company_cannot_order_on_any_path(buyer, complete, change, message):
    for name, value in change.items():
        setattr(buyer.company, name, value)
    buyer.company.save()

    with pytest.raises(ValidationError) as refused:
        complete(make_checkout(buyer.user, "10.00"))

    assert refused.value.messages == [message.format(company=buyer.company.name)]
    assert not Order.objects.exists()


@pytest.mark.django_db(transaction=True)
@paths
def test_concurrent_completions_over_the_budget_make_exactly_one_order(buyer, complete):
    # given: 100 left, five checkouts of 60 completed at the same instant
    budget = make_budget(buyer, "100")
    checkouts = [make_checkout(buyer.user, "60.00") for _ in range(5)]

    # when
    results = run_together([lambda c=checkout: complete(c) for checkout in checkouts])

    # then: one order, four refusals, 60 spent
    assert sorted(type(r).__name__ for r in results) == ["Order"] + ["OrderRefused"] * 4
    assert Order.objects.count() == 1
    assert _spent(budget) == Decimal("60.000")
    assert budgets.status(budget).remaining == Decimal("40.000")


@pytest.mark.django_db(transaction=True)
@paths
def test_a_completion_waits_for_a_reservation_in_progress_and_sees_it(buyer, complete):
    """Deterministic interleaving: A holds the budget (as a reservation in progress does);
    B, on this path, blocks on the lock and, once A spent 70, is refused with 30 left."""
    budget = make_budget(buyer, "100")
    checkout_b = make_checkout(buyer.user, "40.00")
    holding, release = threading.Event(), threading.Event()
    results: list = [None, None]

    def transaction_a() -> str:
        with transaction.atomic():
            (locked,) = locks.lock_budgets([budget.pk])
            holding.set()
            release.wait(timeout=10)
            budgets.ledger_add(locked, budgets.current_period(locked)[0], Decimal("70"))
        return "A committed"

    thread_a = in_thread(transaction_a, results, 0)
    thread_b = in_thread(lambda: complete(checkout_b), results, 1)
    thread_a.start()
    assert holding.wait(timeout=10)
    thread_b.start()
    thread_b.join(timeout=0.5)

    assert thread_b.is_alive() and results[1] is None  # B waits on the row lock

    release.set()
    thread_a.join(timeout=10)
    thread_b.join(timeout=10)
    assert results[0] == "A committed"
    assert isinstance(results[1], ValidationError)
    assert results[1].messages == [
        "This order of 40.00 USD exceeds your remaining budget of 30.00 USD."
    ]
    assert not Order.objects.exists()
    assert _spent(budget) == Decimal("70.000")
