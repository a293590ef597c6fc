"""Budgets in sight (issue 14 item 16): a buyer sees its own budget on Home and on the
new-order page as a bar with words, with the figures from L30 up and the share alone for
an L20 (tests/security/test_l20_sees_no_money.py); admins see every member's bar on Users,
in a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_customer_center.models import UserPreference
from saleor_customer_center.roles import Role
from tests.factories import CompanyFactory, CompanyOrderFactory, MembershipFactory, OrderFactory
from tests.orders.conftest import make_budget
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

MONEY = re.compile(r"\d\.\d\d\b|USD")


def _member(company, role):
    member = MembershipFactory(company=company, role=role)
    UserPreference.objects.create(user=member.user, current_company=company)
    return member


def _spend(member, gross="123.00"):
    order = OrderFactory(user=member.user, total_gross_amount=gross)
    CompanyOrderFactory(
        order=order, company=member.company, membership=member, placed_by=member.user
    )


def _meter(html: str) -> str:
    match = re.search(r'<div class="budget-meter.*?</div>\s*</div>', html, re.S)
    assert match, "no budget meter on the page"
    return match.group(0)


@pytest.fixture
def company(plugin_configuration):
    plugin_configuration(new_orders_enabled=True)
    return CompanyFactory(name="Alpine Ltd")


@pytest.mark.parametrize("path", ["", "orders/new/"])
def test_an_l30_buyer_sees_budget_spent_and_remaining_with_a_bar(client, company, path):
    buyer = _member(company, Role.L30_ORDERS_PRICES)
    _spend(buyer)
    make_budget(buyer, "200")

    html = PageClient(client).sign_in(buyer.user).get(path).content.decode()

    meter = _meter(html)
    assert 'role="meter"' in meter and 'aria-valuenow="61"' in meter
    assert 'aria-valuetext="61.5% of the budget used"' in meter
    assert "123.00 USD of 200.00 USD spent" in meter
    assert "77.00 USD left" in meter
    assert "Monthly" in meter


@pytest.mark.parametrize("path", ["", "orders/new/"])
def test_an_l20_buyer_sees_the_share_used_and_no_amount(client, company, path):
    buyer = _member(company, Role.L20_ORDERS)
    _spend(buyer)
    make_budget(buyer, "200")

    html = PageClient(client).sign_in(buyer.user).get(path).content.decode()

    meter = _meter(html)
    assert "61.5% of the budget used" in meter
    assert not MONEY.search(meter), meter


def test_without_a_budget_home_says_so_and_shows_no_bar(client, company):
    buyer = _member(company, Role.L30_ORDERS_PRICES)

    html = PageClient(client).sign_in(buyer.user).get("").content.decode()

    assert "No budget limits your orders." in html
    assert 'role="meter"' not in html


def test_an_l10_member_sees_no_budget_section(client, company):
    member = _member(company, Role.L10_BASIC)

    html = PageClient(client).sign_in(member.user).get("").content.decode()

    assert 'data-testid="own-budget"' not in html


def test_an_overspent_budget_shows_a_full_bar_marked_over(client, company):
    buyer = _member(company, Role.L30_ORDERS_PRICES)
    _spend(buyer, "150.00")
    make_budget(buyer, "100")

    meter = _meter(PageClient(client).sign_in(buyer.user).get("").content.decode())

    assert "budget-over" in meter and 'aria-valuenow="100"' in meter
    assert "150% of the budget used" in meter


def test_admins_see_every_members_bar_on_users(client, company):
    admin = _member(company, Role.L80_ADMIN)
    buyers = [_member(company, Role.L20_ORDERS) for _ in range(2)]
    _spend(buyers[0])
    make_budget(buyers[0], "200")
    make_budget(buyers[1], "50", period="yearly")

    html = PageClient(client).sign_in(admin.user).get("users/").content.decode()

    assert html.count('role="meter"') == 2
    assert f'aria-label="Budget used by {buyers[0].user.email}"' in html
    assert "123.00 USD of 200.00 USD spent" in html  # an admin sees the figures
    assert "0.00 USD of 50.00 USD spent" in html


def test_users_page_queries_do_not_grow_with_members_and_budgets(client, company):
    admin = _member(company, Role.L80_ADMIN)
    pages = PageClient(client).sign_in(admin.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert pages.get("users/").status_code == 200
            count = len(connection.queries_log) - captured.initial_queries
        return count

    few = _member(company, Role.L20_ORDERS)
    make_budget(few, "100")
    _spend(few)
    baseline = queries()
    assert baseline > 5  # the page's queries are seen
    for _ in range(6):
        more = _member(company, Role.L30_ORDERS_PRICES)
        make_budget(more, "300")
        _spend(more)

    assert queries() == baseline
