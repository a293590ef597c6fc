"""Orders reach the plugin by one path, only in a shop that runs it, and a failure to link
is kept for the operator (issue 13 item 7)."""

from __future__ import annotations

import logging
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from saleor.order.models import Order

from saleor_customer_center.models import Budget, BudgetCharge, CompanyOrder, OrderLinkFailure
from tests.web_client import PageClient

from .conftest import make_budget, make_checkout, run_hook


def _order_of(checkout, amount: str = "30") -> Order:
    """Saleor's order of a checkout, saved as Saleor saves it (post_save is sent)."""
    return Order.objects.create(
        user=checkout.user,
        channel=checkout.channel,
        currency="USD",
        checkout_token=str(checkout.token),
        total_gross_amount=Decimal(amount),
        lines_count=0,
    )


@pytest.mark.django_db
def test_nothing_runs_while_the_plugin_is_switched_off(buyer, plugin_configuration):
    make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "30")
    run_hook(checkout)  # reserved while active
    plugin_configuration(active=False)

    _order_of(checkout)

    assert not CompanyOrder.objects.exists()
    assert BudgetCharge.objects.get().status == "reserved"


@pytest.mark.django_db
def test_nothing_runs_in_a_shop_without_the_plugin_in_plugins(buyer, settings):
    make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "30")
    run_hook(checkout)
    settings.PLUGINS = [p for p in settings.PLUGINS if "customer_center" not in p]

    _order_of(checkout)

    assert not CompanyOrder.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failure_to_link_is_logged_shown_on_the_console_and_retried(
    buyer, staff_user, client, caplog
):
    # given: a reserved checkout, and another transaction holding its budget's row lock
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "30")
    run_hook(checkout)
    locked, release = threading.Event(), threading.Event()

    def hold_the_budget() -> None:
        try:
            with transaction.atomic():
                Budget.objects.select_for_update().get(pk=budget.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_budget)
    holder.start()
    assert locked.wait(timeout=10)
    try:
        # when: Saleor saves the order while the lock cannot be had (PostgreSQL's own
        # lock_timeout makes the wait fail at once instead of queueing)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '100ms'")
        with caplog.at_level(logging.ERROR, logger="saleor_customer_center.orders"):
            order = _order_of(checkout)
    finally:
        release.set()
        holder.join(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")

    # then: Saleor's order is saved, the link is not, and the failure is kept and logged
    assert Order.objects.filter(pk=order.pk).exists()
    assert not CompanyOrder.objects.exists()
    failure = OrderLinkFailure.objects.get(order=order)
    assert failure.resolved_at is None
    assert failure.error.startswith("OperationalError: canceling statement due to lock timeout")
    assert [r.getMessage() for r in caplog.records] == [
        f"Customer center could not link order {order.pk}"
    ]
    console = PageClient(client).sign_in(staff_user).get("staff/").content.decode()
    assert f"#{order.number}" in console

    # when: the next save of the order, the lock free again
    order.save()

    # then: linked and committed, the failure resolved and gone from the console
    assert CompanyOrder.objects.get().order_id == order.pk
    assert BudgetCharge.objects.get().status == "committed"
    failure.refresh_from_db()
    assert failure.resolved_at is not None
    console = PageClient(client).sign_in(staff_user).get("staff/").content.decode()
    assert f"#{order.number}" not in console


@pytest.mark.django_db
def test_search_text_follows_the_lines_of_a_real_checkout(buyer):
    # Saleor saves the order again once its lines exist: the link's search text is
    # written then, and the company's search finds the order by a line's SKU and name
    # without reading the shop's order lines (issue 16).
    from saleor_customer_center.services import orders

    from .conftest import complete

    order = complete(make_checkout(buyer.user, "30"))
    line = order.lines.get()
    link = CompanyOrder.objects.get(order=order)
    assert line.product_sku.lower() in link.search_text
    assert line.product_name.lower() in link.search_text
    found = orders.company_orders(buyer.company, buyer, search=line.product_sku.upper())
    assert list(found) == [link]
    assert list(orders.company_orders(buyer.company, buyer, search="nothing-like-it")) == []
