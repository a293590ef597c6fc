"""Concurrent cancels of one order (issue 12 item 8): six ``companyOrderCancel`` fired at
the same instant used to write six audit entries and call Saleor's cancel six times.

Real threads with their own PostgreSQL connections (``tests/threads.py``), each posting the
mutation over HTTP, on an order placed through Saleor's own checkout.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from graphql_relay import to_global_id
from saleor.order import OrderEvents, OrderStatus
from saleor.order.models import OrderEvent

from saleor_customer_center.models import AuditEntry, BudgetCharge, UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets
from tests.conftest import ApiClient
from tests.factories import CompanyFactory, MembershipFactory
from tests.orders.conftest import complete, make_budget, make_checkout
from tests.threads import run_together

CANCEL = """mutation($company: ID!, $order: ID!) {
  companyOrderCancel(companyId: $company, orderId: $order) {
  errors { field code message } order { id status } } }"""

CALLERS = 6


@pytest.mark.django_db(transaction=True)
def test_parallel_cancels_of_one_order_cancel_it_once(plugin_configuration):
    # given: an order of 40 placed through Saleor's checkout against a budget of 100
    buyer = MembershipFactory(company=CompanyFactory(), role=Role.L20_ORDERS)
    UserPreference.objects.create(user=buyer.user, current_company=buyer.company)
    budget = make_budget(buyer, "100")
    order = complete(make_checkout(buyer.user, "40.00"))
    assert budgets.status(budget).spent == Decimal("40.000")
    variables = {
        "company": to_global_id("Company", buyer.company.pk),
        "order": to_global_id("Order", str(order.pk)),
    }

    def cancel() -> dict:
        answer = ApiClient(Client(), buyer.user).post(CANCEL, variables)
        return answer["data"]["companyOrderCancel"]

    # when: six cancels at the same instant
    results = run_together([cancel] * CALLERS)

    # then: one cancel, five clear refusals
    assert [r for r in results if not isinstance(r, dict)] == []
    done = [r for r in results if r["errors"] == []]
    refused = [r for r in results if r["errors"]]
    assert len(done) == 1
    assert done[0]["order"] == {"id": variables["order"], "status": "CANCELED"}
    assert [r["errors"] for r in refused] == [
        [
            {
                "field": "orderId",
                "code": "CANNOT_CANCEL_ORDER",
                "message": "This order is already cancelled.",
            }
        ]
    ] * (CALLERS - 1)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert AuditEntry.objects.filter(action="order_cancelled").count() == 1
    assert OrderEvent.objects.filter(order=order, type=OrderEvents.CANCELED).count() == 1
    assert list(BudgetCharge.objects.values_list("status", flat=True)) == ["released"]
    assert budgets.status(budget).spent == Decimal("0.000")
