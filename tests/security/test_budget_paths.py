"""Budgets hold on every path that turns a checkout into an order (issue 6).

Saleor calls ``preprocess_order_creation`` before it makes an order from a checkout on
``checkoutComplete`` (transactions flow, with or without a payment) and on an app's
``orderCreateFromCheckout`` (``checkout_cleaner.validate_checkout``). Every rule below is
tried through each, over Saleor's own GraphQL API (``tests/shop.py``):

- ``checkoutComplete`` of an unpaid checkout (the channel allows unpaid orders, as a shop
  selling on invoice does);
- ``checkoutComplete`` after a payment app recorded the charge (``transactionCreate``), in a
  channel that refuses unpaid orders;
- ``orderCreateFromCheckout`` by an app holding ``HANDLE_CHECKOUTS``.

Saleor 3.24 ships no payment gateway that works offline (its dummy gateway is gone; Stripe
needs the network), so the legacy ``checkoutPaymentCreate`` flow is not among them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from saleor.checkout.models import Checkout
from saleor.order.models import Order

from saleor_customer_center.models import BudgetCharge, BudgetPeriodSpend, UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets, locks
from tests import shop
from tests.factories import CompanyFactory, MembershipFactory
from tests.orders.conftest import make_budget, refusal, run_hook
from tests.threads import in_thread, run_together

PAID_CHANNEL = "paid-channel"


def _checkout(user, amount, channel_slug: str) -> Checkout:
    made = shop.Buyer(user).checkout(amount, channel_slug)
    return Checkout.objects.get(token=made["token"])


def _finish(result: shop.Completion) -> Order:
    if result.errors:
        raise refusal(result)
    return result.saleor_order


def _complete_unpaid(checkout: Checkout) -> Order:
    return _finish(shop.Storefront(checkout.user).complete(shop.checkout_id(checkout)))


def _complete_paid(checkout: Checkout) -> Order:
    checkout.refresh_from_db()
    total = shop.Storefront(checkout.user).gql(
        "query($id: ID!) { checkout(id: $id) { totalPrice { gross { amount } } } }",
        {"id": shop.checkout_id(checkout)},
    )["checkout"]["totalPrice"]["gross"]["amount"]
    shop.pay_in_full(shop.checkout_id(checkout), str(total))
    return _finish(shop.Storefront(checkout.user).complete(shop.checkout_id(checkout)))


def _order_create_from_checkout(checkout: Checkout) -> Order:
    return _finish(shop.create_order_from_checkout(shop.checkout_id(checkout)))


PATHS: dict[str, tuple[str, Callable[[Checkout], Order]]] = {
    "checkout_complete_unpaid_case": (shop.CHANNEL, _complete_unpaid),
    "checkout_complete_paid_transaction_case": (PAID_CHANNEL, _complete_paid),
    "order_create_from_checkout_case": (shop.CHANNEL, _order_create_from_checkout),
}


class Path:
    """One completion path: checkouts in its channel, completed its way."""

    def __init__(self, channel_slug: str, complete: Callable[[Checkout], Order]) -> None:
        self.channel_slug, self._complete = channel_slug, complete
        shop.channel(channel_slug, allow_unpaid_orders=channel_slug != PAID_CHANNEL)

    def checkout(self, user, amount) -> Checkout:
        return _checkout(user, amount, self.channel_slug)

    def __call__(self, checkout: Checkout) -> Order:
        return self._complete(checkout)


@pytest.fixture(params=list(PATHS.values()), ids=list(PATHS))
def path(request, db) -> Path:
    return Path(*request.param)


@pytest.fixture
def buyer(plugin_configuration):
    """An L30 member of one company, that company current."""
    membership = MembershipFactory(company=CompanyFactory(), role=Role.L30_ORDERS_PRICES)
    UserPreference.objects.create(user=membership.user, current_company=membership.company)
    return membership


def _spent(budget) -> Decimal:
    row = BudgetPeriodSpend.objects.filter(budget=budget).first()
    return row.spent if row else Decimal("0.000")


def test_every_completion_path_refuses_an_order_over_the_budget(buyer, path):
    budget = make_budget(buyer, "100")
    checkout = path.checkout(buyer.user, "150.00")

    with pytest.raises(ValidationError) as refused:
        path(checkout)

    assert refused.value.messages == [
        "This order of 150.00 USD exceeds your remaining budget of 100.00 USD."
    ]
    assert not Order.objects.exists()
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert _spent(budget) == Decimal("0.000")
    assert not BudgetCharge.objects.exists()


def test_every_completion_path_tells_an_l20_the_share_used_never_an_amount(buyer, path):
    """Issue 12 item 4 (``tests/security/test_l20_sees_no_money.py``), on every path."""
    buyer.role = Role.L20_ORDERS
    buyer.save(update_fields=["role"])
    make_budget(buyer, "200")
    path(path.checkout(buyer.user, "50.00"))

    with pytest.raises(ValidationError) as refused:
        path(path.checkout(buyer.user, "160.00"))

    assert refused.value.messages == [
        "This order exceeds your remaining budget: 25 % of it is used."
    ]


def test_every_completion_path_spends_the_order_once(buyer, path):
    budget = make_budget(buyer, "100")
    order = path(path.checkout(buyer.user, "60.00"))
    assert isinstance(order, Order)
    assert _spent(budget) == Decimal("60.000")
    assert BudgetCharge.objects.get().order_id == order.pk


def test_retried_completion_after_a_failure_never_spends_twice(buyer, path):
    # given: a first attempt ran the hook (reserved), then failed before the order existed
    budget = make_budget(buyer, "100")
    checkout = path.checkout(buyer.user, "60.00")
    run_hook(checkout)

    # when: the same checkout is completed again, through this path
    order = path(checkout)

    # then: one charge, spent once
    assert _spent(budget) == Decimal("60.000")
    assert BudgetCharge.objects.get().order_id == order.pk


def test_refused_completion_retried_after_the_budget_is_raised_spends_once(buyer, path):
    budget = make_budget(buyer, "50")
    checkout = path.checkout(buyer.user, "60.00")
    with pytest.raises(ValidationError):
        path(checkout)
    budget = make_budget(buyer, "100")

    path(checkout)

    assert _spent(budget) == Decimal("60.000")
    assert Order.objects.count() == 1


def test_shipping_counts_against_the_budget(buyer, path):
    # given: goods of 90 and shipping of 20 (Saleor's shipping method), against 100
    make_budget(buyer, "100")
    shop.shipping_price("20", path.channel_slug)
    checkout = path.checkout(buyer.user, "90.00")

    with pytest.raises(ValidationError) as refused:
        path(checkout)

    assert refused.value.messages == [
        "This order of 110.00 USD exceeds your remaining budget of 100.00 USD."
    ]
    assert not Order.objects.exists()


def test_taxes_count_against_the_budget(buyer, path):
    # given: 100 net, 119 gross (Saleor's flat 19 % rate), against a budget of 110
    make_budget(buyer, "110")
    shop.tax_rate("19")
    checkout = path.checkout(buyer.user, "100.00")

    with pytest.raises(ValidationError) as refused:
        path(checkout)

    assert refused.value.messages == [
        "This order of 119.00 USD exceeds your remaining budget of 110.00 USD."
    ]


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
def test_switched_off_company_cannot_order_on_any_path(buyer, path, change, message):
    checkout = path.checkout(buyer.user, "10.00")
    for name, value in change.items():
        setattr(buyer.company, name, value)
    buyer.company.save()

    with pytest.raises(ValidationError) as refused:
        path(checkout)

    assert refused.value.messages == [message.format(company=buyer.company.name)]
    assert not Order.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_completions_over_the_budget_make_exactly_one_order(buyer, path):
    # given: 100 left, five checkouts of 60 completed at the same instant
    budget = make_budget(buyer, "100")
    checkouts = [path.checkout(buyer.user, "60.00") for _ in range(5)]

    # when
    results = run_together([lambda c=checkout: path(c) for checkout in checkouts])

    # then: one order, four refusals, 60 spent
    assert sorted(type(r).__name__ for r in results) == ["Order"] + ["ValidationError"] * 4
    assert Order.objects.count() == 1
    assert _spent(budget) == Decimal("60.000")
    assert budgets.status(budget).remaining == Decimal("40.000")


@pytest.mark.django_db(transaction=True)
def test_a_completion_waits_for_a_reservation_in_progress_and_sees_it(buyer, path):
    """Deterministic interleaving: A holds the budget (as a reservation in progress does);
    B, on this path, blocks on the lock and, once A spent 70, is refused with 30 left."""
    budget = make_budget(buyer, "100")
    checkout_b = path.checkout(buyer.user, "40.00")
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
    thread_b = in_thread(lambda: path(checkout_b), results, 1)
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
