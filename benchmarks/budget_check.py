"""Benchmark: the budget check at checkout costs the same whatever the order history.

Times Saleor's ``preprocess_order_creation`` hook (our budget check and reservation) for
a member with 100 past orders and with 100,000, and prints both medians and their ratio.
The check reads one ledger row and looks charges up by (budget, checkout token), so the
ratio stays near 1; a sum over past orders would grow with them.

    .venv/bin/python benchmarks/budget_check.py            # 100 vs 100,000 past orders
    .venv/bin/python benchmarks/budget_check.py --quick    # 100 vs 2,000 (the test suite)

Runs inside the real Saleor on PostgreSQL: the server named by
``PGHOST``/``PGPORT``/``PGUSER`` (as set by devtools/saleor_env.py), or a throwaway
cluster it starts itself. It creates and drops its own database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

try:
    from benchmarks import django_host
except ImportError:  # run as a script: benchmarks/ itself is on sys.path
    import django_host  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
FULL_COUNTS, FULL_REPEATS = (100, 100_000), 50
QUICK_COUNTS, QUICK_REPEATS = (100, 2_000), 3  # quick mode: that it runs, not a figure
BATCH = 5_000
_number = 90_000_000  # past orders get numbers far above Saleor's sequence


def _past_orders(membership, budget, channel, count: int) -> None:
    """``count`` committed company orders of the member, written in bulk (no signals)."""
    global _number
    from saleor.order.models import Order

    from saleor_customer_center.models import BudgetCharge, BudgetPeriodSpend, CompanyOrder
    from saleor_customer_center.services import budgets

    now = dt.datetime.now(dt.UTC)
    begin = budgets.current_period(budget)[0]
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        orders = []
        for index in range(size):
            _number += 1
            orders.append(
                Order(
                    id=uuid.uuid4(),
                    number=_number,
                    created_at=now - dt.timedelta(minutes=start + index),
                    user=membership.user,
                    user_email=membership.user.email,
                    channel=channel,
                    currency="USD",
                    checkout_token=str(uuid.uuid4()),
                    total_net_amount=Decimal("8.00"),
                    total_gross_amount=Decimal("10.00"),
                    lines_count=1,
                )
            )
        Order.objects.bulk_create(orders)
        CompanyOrder.objects.bulk_create(
            CompanyOrder(
                order=order,
                company_id=membership.company_id,
                membership=membership,
                placed_by=membership.user,
                checkout_token=order.checkout_token,
                created_at=order.created_at,
            )
            for order in orders
        )
        BudgetCharge.objects.bulk_create(
            BudgetCharge(
                budget=budget,
                period_start=begin,
                checkout_token=order.checkout_token,
                order=order,
                amount=Decimal("10.00"),
                currency="USD",
                status="committed",
                placed_by=membership.user,
            )
            for order in orders
        )
    BudgetPeriodSpend.objects.update_or_create(
        budget=budget, period_start=begin, defaults={"spent": Decimal("10.00") * count}
    )


def time_hook(past_orders: int, repeats: int) -> float:
    """Median seconds of one ``preprocess_order_creation`` with ``past_orders`` behind it."""
    from django.db import connection
    from django.test import Client
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
    from saleor.checkout.models import Checkout

    from devtools import shop_catalog
    from devtools.storefront import Storefront
    from saleor_customer_center import saleor
    from saleor_customer_center.models import Company, Membership, UserPreference
    from saleor_customer_center.roles import Role
    from saleor_customer_center.services import budgets

    suffix = uuid.uuid4().hex[:10]
    user_model = saleor.user_model()
    user = user_model.objects.create(email=f"bench-{suffix}@example.com")
    company = Company.objects.create(customer_number=f"B-{suffix}", name=f"Bench {suffix}")
    membership = Membership.objects.create(user=user, company=company, role=Role.L30_ORDERS_PRICES)
    UserPreference.objects.create(user=user, current_company=company)
    channel = shop_catalog.channel()
    item = shop_catalog.variant("10.00")
    budget = budgets.set_budget(membership, "100000000", "USD", "yearly")
    _past_orders(membership, budget, channel, past_orders)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    manager = saleor.get_plugins_manager()
    storefront = Storefront(user, Client(HTTP_HOST="localhost"))
    infos = []
    for _ in range(repeats + 3):
        # A real checkout, made ready through Saleor's API, as the hook meets it.
        made = storefront.ready_checkout([(item, 1)])
        checkout = Checkout.objects.get(token=made["token"])
        lines, _ = fetch_checkout_lines(checkout)
        infos.append((fetch_checkout_info(checkout, lines, manager), lines))
    for info, lines in infos[:3]:  # warm-up
        manager.preprocess_order_creation(info, lines)
    samples = []
    for info, lines in infos[3:]:
        started = time.perf_counter()
        manager.preprocess_order_creation(info, lines)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(counts=FULL_COUNTS, repeats: int = FULL_REPEATS, out: Callable[[str], None] = print):
    """Time the hook at each history size and print the figures; returns {count: seconds}."""
    from saleor_customer_center import saleor

    saleor.save_plugin_configuration(True, {})
    results = {count: time_hook(count, repeats) for count in counts}
    for count, seconds in results.items():
        out(
            f"budget check at {count:>7,} past orders: {seconds * 1000:8.3f} ms "
            f"(median of {repeats})"
        )
    low, high = results[min(counts)], results[max(counts)]
    out(f"ratio {max(counts):,} / {min(counts):,} past orders: {high / low:.2f}")
    return results


def _setup_django() -> Callable[[], None]:
    return django_host.setup("customer_center_budget_benchmark")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 vs 2,000 past orders")
    args = parser.parse_args(argv)
    teardown = _setup_django()
    try:
        if args.quick:
            run(QUICK_COUNTS, QUICK_REPEATS)
        else:
            run(FULL_COUNTS, FULL_REPEATS)
    finally:
        teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
