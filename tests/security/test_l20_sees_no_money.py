"""An L20 member sees no money about budgets (issue 12 item 4).

L20 is "Orders without Price, Discount and Amount" (DESIGN.md section 3). The budget
refusal an L20 read carried the order amount and the remaining budget, and the budget
alert email to an L20 carried budget and spent. What an L20 reads about budgets (the
refusal through Saleor's ``checkoutComplete``, the alert email, its own budget approval
request on the requests page) says whether the budget allows the order and the share
used, never an amount. L30 and above keep the figures (``tests/orders``:
``test_over_budget_is_refused_with_the_remaining_amount``,
``test_crossing_the_threshold_alerts_member_and_admins_once_per_period``).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from saleor_customer_center.models import Budget, CompanyRequest, EmailLog, UserPreference
from saleor_customer_center.roles import Role
from tests.factories import CompanyFactory, MembershipFactory
from tests.orders.conftest import complete, make_budget, make_checkout
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

# An amount as the plugin writes one (two decimals) or a currency code.
MONEY = re.compile(r"\d\.\d\d\b|USD")


@pytest.fixture
def l20(plugin_configuration):
    """An L20 buyer of one company, current company set, and the company's admin."""
    company = CompanyFactory(name="Alpine Ltd")
    member = MembershipFactory(company=company, role=Role.L20_ORDERS)
    UserPreference.objects.create(user=member.user, current_company=company)
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    return member, admin


def refused(checkout) -> str:
    with pytest.raises(ValidationError) as refusal:
        complete(checkout)
    (message,) = refusal.value.messages
    return message


def test_the_refusal_an_l20_reads_says_the_share_used_never_an_amount(l20):
    # given: a budget of 100, 70 spent
    member, _ = l20
    make_budget(member, "100")
    complete(make_checkout(member.user, "70"))

    # when: an order of 40
    message = refused(make_checkout(member.user, "40"))

    # then
    assert message == "This order exceeds your remaining budget: 70 % of it is used."
    assert not MONEY.search(message)


def test_the_refusal_of_a_company_budget_with_an_approval_request(l20, plugin_configuration):
    member, _ = l20
    plugin_configuration(over_budget_behaviour="ask_approval")
    Budget.objects.create(
        company=member.company,
        amount=Decimal("80"),
        currency="USD",
        period="total",
        start_date="2020-01-01",
    )
    complete(make_checkout(member.user, "60"))

    message = refused(make_checkout(member.user, "30"))

    assert message == (
        "This order exceeds your company's remaining budget: 75 % of it is used. An approval "
        "request has been sent to your company's administrators; once approved, complete "
        "this checkout again."
    )


def test_the_budget_alert_to_an_l20_carries_the_share_and_the_admins_keep_the_figures(
    l20, django_capture_on_commit_callbacks
):
    # given: a budget of 100, alert at 80 % (default)
    member, admin = l20
    make_budget(member, "100")

    # when: 85 spent
    with django_capture_on_commit_callbacks(execute=True):
        complete(make_checkout(member.user, "85"))

    # then: the member's own email says the share; the admins' carries the figures
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {(member.user.email,), (admin.user.email,)}
    to_member = by_recipient[(member.user.email,)]
    html, _ = to_member.alternatives[0]
    assert "Used: 85 % of the budget." in to_member.body and "Used: 85 % of the budget." in html
    for text in (to_member.subject, to_member.body, html):
        assert not MONEY.search(text), text
    to_admin = by_recipient[(admin.user.email,)]
    assert "Spent: 85.00 USD" in to_admin.body and "Remaining: 15.00 USD" in to_admin.body
    # the log kept for the member's email holds no figures either
    logged = EmailLog.objects.get(event="budget_threshold", to=[member.user.email])
    assert not {"amount", "spent", "remaining"} & set(logged.context)


def test_an_l20_sees_its_budget_approval_request_without_the_amount(
    client, l20, plugin_configuration
):
    member, admin = l20
    plugin_configuration(over_budget_behaviour="ask_approval")
    make_budget(member, "100")
    refused(make_checkout(member.user, "150"))
    assert CompanyRequest.objects.get().payload["amount"] == "150.000"

    def requests_page(user) -> str:
        response = PageClient(client).sign_in(user).get("requests/")
        assert response.status_code == 200
        return response.content.decode()

    seen_by_member, seen_by_admin = requests_page(member.user), requests_page(admin.user)

    assert "Over the budget" in seen_by_member and "150" not in seen_by_member
    assert "150.00 USD" in seen_by_admin
