"""Every row lock of the customer center, in one module and one fixed order.

Why one place: two transactions that lock the same rows in different orders can deadlock
(A holds budget 1 and waits for budget 2 while B holds 2 and waits for 1). Like Saleor's
``giftcard/lock_objects.py``, every function here locks with
``order_by("pk").select_for_update(of=("self",))`` so that rows are always taken in
ascending primary-key order, and ``of=("self",)`` keeps joined tables (company, membership)
unlocked. The order between tables is fixed too: **Saleor's order row first (a cancel),
then budgets, then the checkout's or order's charges, then the period ledger rows**. Saleor
writes the order row before our ``post_save`` receiver locks budgets (an order being
created or cancelled), so taking the order before the budgets is the order Saleor's own
writes impose. A budget lock serialises everything
that reads or writes that budget's ledger (the check, the reservation, the commit, the
release and a rebuild), which is what makes "check then reserve" atomic: concurrent
checkouts of one member queue on one row instead of both reading the same ``spent``.

Call these only inside ``transaction.atomic()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .. import saleor
from ..models import Budget, BudgetCharge, BudgetPeriodSpend


def lock_order(order_id: Any) -> Any | None:
    """Saleor's order row, locked as Saleor's own ``order/lock_objects.py`` locks it; None
    when it is gone. Changes of one order's status by the customer center (a cancel) queue
    here, so the second one reads the status the first one wrote."""
    return saleor.orders_for_update().filter(pk=order_id).first()


def lock_budgets(budget_ids: Iterable[int]) -> list[Budget]:
    """Lock budgets in ascending pk order and return them (missing ids are skipped)."""
    ids = sorted(set(budget_ids))
    if not ids:
        return []
    return list(Budget.objects.filter(pk__in=ids).order_by("pk").select_for_update(of=("self",)))


def lock_period_spend(budget: Budget, period_start: date) -> BudgetPeriodSpend:
    """The ledger row of one budget period, created when missing, locked.

    The caller already holds the budget's lock, so no other transaction can create the
    same row concurrently; ``get_or_create`` cannot race here.
    """
    BudgetPeriodSpend.objects.get_or_create(budget=budget, period_start=period_start)
    return (
        BudgetPeriodSpend.objects.filter(budget=budget, period_start=period_start)
        .order_by("pk")
        .select_for_update(of=("self",))
        .get()
    )


def lock_charges_for_checkout(budgets: Iterable[Budget], checkout_token: str) -> list[BudgetCharge]:
    """Charges of one checkout on the given (already locked) budgets.

    Filtering on the budgets too lets PostgreSQL use the (budget, checkout_token) unique
    index: the lookup costs the same whatever the number of past charges.
    """
    return list(
        BudgetCharge.objects.filter(budget__in=list(budgets), checkout_token=checkout_token)
        .order_by("pk")
        .select_for_update(of=("self",))
    )


def lock_charges_for_order(order_id) -> list[BudgetCharge]:
    return list(
        BudgetCharge.objects.filter(order_id=order_id)
        .order_by("pk")
        .select_for_update(of=("self",))
    )


def lock_ownership(company_id: int, membership_ids: Iterable[int]):
    """Ownership changes: the company row first, then the memberships in pk order.

    Every transfer (and demotion) of one company queues on its company row, so two
    concurrent transfers cannot both see the same Owner and leave two, or none.
    """
    from ..models import Company, Membership

    company = Company.objects.select_for_update(of=("self",)).filter(pk=company_id).first()
    ids = sorted(set(membership_ids))
    memberships = list(
        Membership.objects.filter(pk__in=ids, company_id=company_id)
        .order_by("pk")
        .select_for_update(of=("self",))
    )
    return company, memberships


def lock_activation_counters(client_address: str | None, customer_number: str) -> None:
    """Serialise "count the recent attempts, then record this one" per client address and
    per customer number, so a burst of parallel activations cannot slip past the limit.

    Transaction-scoped advisory locks (there is no row to lock before the first attempt),
    taken in one fixed order: the address, then the customer number.
    """
    from django.db import connection

    keys = [
        f"cc-activation-address:{client_address or ''}",
        f"cc-activation-customer:{customer_number}",
    ]
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
