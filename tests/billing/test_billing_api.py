"""company { invoices duePayments payments summary }: who sees what, and at what cost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_customer_center.roles import Role
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    InvoiceFactory,
    MembershipFactory,
    OpenItemFactory,
    PaymentFactory,
)

pytestmark = pytest.mark.django_db

BILLING = """query($id: ID!) { company(id: $id) {
  invoices(first: 50) { totalCount edges { node { invoiceNumber status gross { amount currency }
    net { amount } issueDate dueDate } } }
  duePayments(first: 50) { totalCount edges { node { documentNumber isOverdue
    amountDue { amount currency } } } }
  payments(first: 50) { totalCount edges { node { paymentNumber amount { amount }
    invoiceNumbers } } }
} }"""

SUMMARY = """query($id: ID!) { company(id: $id) { summary { ordersThisMonth invoicesThisMonth
  currency amountDue amountOverdue } } }"""


def _gid(company):
    return to_global_id("Company", company.pk)


@pytest.fixture
def billing_company():
    company = CompanyFactory(currency="USD")
    today = timezone.localdate()
    InvoiceFactory(company=company, invoice_number="INV-1", gross_amount=Decimal("120.00"))
    OpenItemFactory(
        company=company,
        document_number="OI-1",
        amount_due=Decimal("50.00"),
        due_date=today - timedelta(days=3),
    )
    OpenItemFactory(
        company=company,
        document_number="OI-2",
        amount_due=Decimal("70.00"),
        due_date=today + timedelta(days=10),
    )
    OpenItemFactory(company=company, document_number="OI-3", status="closed")
    PaymentFactory(company=company, payment_number="PAY-1", invoice_numbers=["INV-0"])
    return company


@pytest.mark.parametrize(
    "role", [Role.L40_BILLING, Role.L80_ADMIN, Role.L90_OWNER], ids=lambda r: r.name
)
def test_billing_roles_see_invoices_due_payments_and_payments(api, billing_company, role):
    member = MembershipFactory(company=billing_company, role=role)
    data = api.as_user(member.user).post(BILLING, {"id": _gid(billing_company)})["data"]
    company = data["company"]
    assert company["invoices"]["totalCount"] == 1
    assert company["invoices"]["edges"][0]["node"]["gross"] == {"amount": 120.0, "currency": "USD"}
    due = {e["node"]["documentNumber"]: e["node"] for e in company["duePayments"]["edges"]}
    assert set(due) == {"OI-1", "OI-2"}  # the closed item left the due list
    assert due["OI-1"]["isOverdue"] is True
    assert due["OI-2"]["isOverdue"] is False
    assert company["payments"]["edges"][0]["node"]["invoiceNumbers"] == ["INV-0"]


@pytest.mark.parametrize(
    "role", [Role.L10_BASIC, Role.L20_ORDERS, Role.L30_ORDERS_PRICES], ids=lambda r: r.name
)
@pytest.mark.parametrize("field", ["invoices", "duePayments", "payments"])
def test_roles_below_billing_are_refused(api, billing_company, role, field):
    member = MembershipFactory(company=billing_company, role=role)
    query = f"query($id: ID!) {{ company(id: $id) {{ {field}(first: 5) {{ totalCount }} }} }}"
    body = api.as_user(member.user).post(query, {"id": _gid(billing_company)})
    assert body["data"]["company"] == {field: None}
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_other_company_billing_answers_like_a_missing_company(api, billing_company):
    outsider = MembershipFactory(role=Role.L90_OWNER)
    outsider_api = api.as_user(outsider.user)
    foreign = outsider_api.post(BILLING, {"id": _gid(billing_company)})
    missing = outsider_api.post(BILLING, {"id": to_global_id("Company", 10**9)})
    assert foreign == missing == {"data": {"company": None}}


def test_anonymous_gets_no_billing(api, billing_company):
    body = api.post(BILLING, {"id": _gid(billing_company)})
    assert body["data"]["company"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_summary_counts_for_everyone_money_for_billing_roles(api, billing_company):
    CompanyOrderFactory(company=billing_company)
    basic = MembershipFactory(company=billing_company, role=Role.L10_BASIC)
    billing = MembershipFactory(company=billing_company, role=Role.L40_BILLING)
    basic_summary = api.as_user(basic.user).post(SUMMARY, {"id": _gid(billing_company)})
    billing_summary = api.as_user(billing.user).post(SUMMARY, {"id": _gid(billing_company)})
    assert basic_summary["data"]["company"]["summary"] == {
        "ordersThisMonth": 1,
        "invoicesThisMonth": 1,
        "currency": "USD",
        "amountDue": None,
        "amountOverdue": None,
    }
    assert billing_summary["data"]["company"]["summary"] == {
        "ordersThisMonth": 1,
        "invoicesThisMonth": 1,
        "currency": "USD",
        "amountDue": 120.0,
        "amountOverdue": 50.0,
    }


def test_invoice_filters_and_sorting(api, billing_company):
    InvoiceFactory(
        company=billing_company, invoice_number="INV-2", status="paid", gross_amount=Decimal("10")
    )
    member = MembershipFactory(company=billing_company, role=Role.L40_BILLING)
    query = """query($id: ID!, $filter: InvoiceFilterInput, $sort: InvoiceSortingInput) {
      company(id: $id) { invoices(first: 10, filter: $filter, sortBy: $sort) {
        edges { node { invoiceNumber } } } } }"""
    member_api = api.as_user(member.user)

    def numbers(variables):
        data = member_api.post(query, {"id": _gid(billing_company), **variables})["data"]
        return [e["node"]["invoiceNumber"] for e in data["company"]["invoices"]["edges"]]

    assert numbers({"filter": {"status": "PAID"}}) == ["INV-2"]
    assert numbers({"filter": {"search": "inv-1"}}) == ["INV-1"]
    assert numbers({"sort": {"field": "AMOUNT", "direction": "ASC"}}) == ["INV-2", "INV-1"]


@pytest.mark.parametrize("rows", [2, 20])
def test_billing_lists_cost_the_same_whatever_the_rows(api, django_assert_num_queries, rows):
    company = CompanyFactory()
    member = MembershipFactory(company=company, role=Role.L40_BILLING)
    InvoiceFactory.create_batch(rows, company=company)
    OpenItemFactory.create_batch(rows, company=company)
    PaymentFactory.create_batch(rows, company=company)
    member_api = api.as_user(member.user)
    member_api.token_for(member.user)  # warm nothing up: tokens are not queries
    # user lookup, membership, 3 x (count + page), plugin configuration
    with django_assert_num_queries(9):
        body = member_api.post(BILLING, {"id": _gid(company)})
    assert body["data"]["company"]["invoices"]["totalCount"] == rows
