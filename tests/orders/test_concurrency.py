"""Concurrent checkouts never overspend: real threads, real PostgreSQL connections."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from saleor.order.models import Order

from saleor_customer_center.models import Budget, BudgetCharge, BudgetPeriodSpend, CompanyOrder
from saleor_customer_center.services import budgets, locks
from tests.threads import in_thread, run_together

from .conftest import complete, make_budget, make_checkout


@pytest.mark.django_db(transaction=True)
def test_parallel_checkouts_never_overspend(buyer):
    # given: a budget of 550 and ten checkouts of 100 each, fired at the same instant
    budget = make_budget(buyer, "550")
    checkouts = [make_checkout(buyer.user, "100.00") for _ in range(10)]

    # when
    results = run_together([lambda c=checkout: complete(c) for checkout in checkouts])

    # then: exactly five fit, five are refused with the remaining amount, nothing more
    orders = [r for r in results if isinstance(r, Order)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    unexpected = [r for r in results if not isinstance(r, Order | ValidationError)]
    assert unexpected == []
    assert (len(orders), len(refusals)) == (5, 5)
    assert {r.messages[0] for r in refusals} == {
        "This order of 100.00 USD exceeds your remaining budget of 50.00 USD."
    }
    assert Order.objects.count() == 5
    assert CompanyOrder.objects.filter(membership=buyer).count() == 5
    assert list(BudgetCharge.objects.values_list("status", flat=True).distinct()) == ["committed"]
    assert BudgetPeriodSpend.objects.get(budget=budget).spent == Decimal("500.000")
    assert budgets.status(budget).remaining == Decimal("50.000")


@pytest.mark.django_db(transaction=True)
def test_parallel_checkouts_of_different_sizes_fill_the_budget_exactly(buyer):
    # given: 8 checkouts of 50 and 4 of 25 (500 in all) against a budget of 300
    budget = make_budget(buyer, "300")
    amounts = ["50", "50", "50", "50", "50", "50", "50", "50", "25", "25", "25", "25"]
    checkouts = [make_checkout(buyer.user, amount) for amount in amounts]
    results = run_together([lambda c=checkout: complete(c) for checkout in checkouts])

    accepted = sum(
        (
            Decimal(amount)
            for amount, r in zip(amounts, results, strict=True)
            if isinstance(r, Order)
        ),
        Decimal(0),
    )
    assert all(isinstance(r, Order | ValidationError) for r in results)
    assert accepted <= Decimal("300")
    assert accepted == BudgetPeriodSpend.objects.get(budget=budget).spent
    assert accepted == sum(o.total_gross_amount for o in Order.objects.all())
    # a refused checkout did not fit in what was left when it was checked (which is never
    # less than what is left now); with amounts of 25 and 50 that fills the budget exactly
    remaining = Decimal("300") - accepted
    assert all(
        Decimal(amount) > remaining
        for amount, r in zip(amounts, results, strict=True)
        if isinstance(r, ValidationError)
    )
    assert accepted == Decimal("300")


@pytest.mark.django_db(transaction=True)
def test_second_checkout_waits_for_the_first_and_sees_its_reservation(buyer):
    """Deterministic interleaving: B's check runs only after A's reservation commits."""
    budget = make_budget(buyer, "100")
    checkout_b = make_checkout(buyer.user, "40")
    holding = threading.Event()
    release = threading.Event()
    results: list = [None, None]

    def transaction_a():
        # A holds the budget lock (as a reservation in progress does), then spends 70.
        with transaction.atomic():
            locked = locks.lock_budgets([budget.pk])
            holding.set()
            release.wait(timeout=10)
            budgets.ledger_add(locked[0], budgets.current_period(locked[0])[0], Decimal("70"))
        return "A committed"

    thread_a = in_thread(transaction_a, results, 0, None)
    thread_b = in_thread(lambda: complete(checkout_b), results, 1, None)
    thread_a.start()
    assert holding.wait(timeout=10)
    thread_b.start()
    time.sleep(0.5)

    # B is blocked on the row lock, not racing past it
    assert thread_b.is_alive() and results[1] is None

    release.set()
    thread_a.join(timeout=10)
    thread_b.join(timeout=10)
    assert results[0] == "A committed"
    assert isinstance(results[1], ValidationError)
    assert results[1].messages == [
        "This order of 40.00 USD exceeds your remaining budget of 30.00 USD."
    ]
    assert Budget.objects.get().pk == budget.pk
    assert BudgetPeriodSpend.objects.get().spent == Decimal("70.000")


def test_budget_row_is_locked_before_the_ledger_is_written(buyer):
    """Like Saleor's assert_locks_rows_before_write: SELECT ... FOR UPDATE on the budget
    comes before any INSERT/UPDATE of the ledger or the charges."""
    make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "30")
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        complete(checkout)

    budget_table = Budget._meta.db_table
    written = (BudgetPeriodSpend._meta.db_table, BudgetCharge._meta.db_table)
    lock_at = next(
        i
        for i, sql in enumerate(statements)
        if f'FROM "{budget_table}"' in sql and "FOR UPDATE OF" in sql
    )
    first_write = next(
        i
        for i, sql in enumerate(statements)
        if sql.startswith(("INSERT", "UPDATE")) and any(f'"{t}"' in sql for t in written)
    )
    assert lock_at < first_write
    assert f'ORDER BY "{budget_table}"."id" ASC' in statements[lock_at]
