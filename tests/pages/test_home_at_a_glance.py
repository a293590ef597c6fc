"""Home at a glance (issue 14 item 17): the company's last 12 months of orders as a small
server-rendered SVG chart (counts for L20, amounts from L30), and the due and overdue
amounts for L40 and up from one aggregate query."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from saleor.order import OrderStatus

from saleor_customer_center.models import UserPreference
from saleor_customer_center.permissions import PermissionDenied
from saleor_customer_center.roles import Role
from saleor_customer_center.services import billing, order_history
from saleor_customer_center.services.budgets import add_months
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    MembershipFactory,
    OpenItemFactory,
    OrderFactory,
)
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

MONEY = re.compile(r"\d\.\d\d\b|USD")


def _member(company, role):
    member = MembershipFactory(company=company, role=role)
    UserPreference.objects.create(user=member.user, current_company=company)
    return member


def _order(company, member, months_ago: int, gross: str, status=OrderStatus.UNFULFILLED):
    first = add_months(timezone.localdate().replace(day=1), -months_ago)
    moment = timezone.make_aware(dt.datetime.combine(first + dt.timedelta(days=3), dt.time(12)))
    order = OrderFactory(user=member.user, total_gross_amount=Decimal(gross), status=status)
    CompanyOrderFactory(
        order=order, company=company, membership=member, placed_by=member.user, created_at=moment
    )


@pytest.fixture
def company(plugin_configuration):
    company = CompanyFactory(name="Alpine Ltd", currency="USD")
    buyer = _member(company, Role.L30_ORDERS_PRICES)
    _order(company, buyer, 0, "100.00")
    _order(company, buyer, 0, "50.00")
    _order(company, buyer, 2, "30.00")
    _order(company, buyer, 11, "10.00")
    _order(company, buyer, 12, "999.00")  # thirteen months ago: not in the chart
    _order(company, buyer, 1, "777.00", status=OrderStatus.CANCELED)  # does not count
    other = CompanyFactory()
    _order(other, _member(other, Role.L90_OWNER), 0, "5000.00")  # another company's
    return company


def test_the_last_twelve_months_by_month_with_counts_and_amounts(company):
    viewer = _member(company, Role.L30_ORDERS_PRICES)

    history = order_history.monthly_orders(company, viewer)

    assert len(history.months) == 12
    assert history.months[-1].month == timezone.localdate().replace(day=1)
    assert [m.count for m in history.months] == [1] + [0] * 8 + [1, 0, 2]
    assert history.months[-1].amount == Decimal("150.00")
    assert history.months[-3].amount == Decimal("30.00")
    assert history.months[0].amount == Decimal("10.00")
    assert history.total_count == 4 and history.total_amount == Decimal("190.00")


def test_an_l20_gets_counts_without_amounts(company):
    l20 = _member(company, Role.L20_ORDERS)

    history = order_history.monthly_orders(company, l20)

    assert history.total_count == 4
    assert {m.amount for m in history.months} == {None} and history.currency == ""


def test_an_l10_may_not_read_the_order_history(company):
    with pytest.raises(PermissionDenied):
        order_history.monthly_orders(company, _member(company, Role.L10_BASIC))


def test_the_history_is_one_query(company):
    viewer = _member(company, Role.L30_ORDERS_PRICES)

    with CaptureQueriesContext(connection) as captured:
        order_history.monthly_orders(company, viewer)

    assert len(captured) == 1


def test_home_draws_the_chart_as_svg_with_its_data_as_a_table(client, company):
    viewer = _member(company, Role.L30_ORDERS_PRICES)

    html = PageClient(client).sign_in(viewer.user).get("").content.decode()

    svg = re.search(r"<svg[^>]*orders-chart-svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and svg.count('<rect class="bar"') == 12
    assert "<script" not in html
    assert "4 orders, 190.00 USD in all" in html
    table = re.search(r'data-testid="orders-chart-data".*?</table>', html, re.S).group(0)
    assert "150.00 USD" in table


def test_an_l20_reads_counts_on_home_and_no_money(client, company):
    l20 = _member(company, Role.L20_ORDERS)

    html = PageClient(client).sign_in(l20.user).get("").content.decode()

    chart = re.search(r'data-testid="orders-chart".*?</section>', html, re.S).group(0)
    assert "4 orders in all" in chart
    assert not MONEY.search(chart), chart
    assert 'data-testid="amount-due"' not in html


def test_an_l10_home_has_no_chart(client, company):
    html = PageClient(client).sign_in(_member(company, Role.L10_BASIC).user).get("").content
    assert b"orders-chart" not in html


def test_due_and_overdue_for_l40_from_one_aggregate_query(client, company):
    today = timezone.localdate()
    OpenItemFactory(company=company, amount_due=Decimal("40.00"), due_date=today)
    OpenItemFactory(company=company, amount_due=Decimal("60.00"), due_date=today - dt.timedelta(1))
    OpenItemFactory(company=CompanyFactory(), amount_due=Decimal("999.00"))
    l40 = _member(company, Role.L40_BILLING)

    with CaptureQueriesContext(connection) as captured:
        summary = billing.company_summary(company, l40)
    queries = [q["sql"] for q in captured.captured_queries]
    html = PageClient(client).sign_in(l40.user).get("").content.decode()

    assert (summary.amount_due, summary.amount_overdue) == (Decimal("100.00"), Decimal("60.00"))
    assert len([sql for sql in queries if "openitem" in sql]) == 1, queries
    assert "100.00 USD" in html and "60.00 USD overdue" in html
    l30_home = PageClient(client).sign_in(_member(company, Role.L30_ORDERS_PRICES).user).get("")
    assert b'data-testid="amount-due"' not in l30_home.content
