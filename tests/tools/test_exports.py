"""Exports of every list as CSV and XLSX (issue 15 item 7): the visible columns and the
filter, the list's own permission checks, no money for roles that do not see prices."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id

from saleor_customer_center import saleor
from saleor_customer_center.models import AuditEntry
from saleor_customer_center.roles import Role
from saleor_customer_center.web import grid
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    InvoiceFactory,
    MembershipFactory,
    OpenItemFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
    UserFactory,
)
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def company(plugin_configuration):
    company = CompanyFactory(currency="USD")
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    for status, number in (("unfulfilled", 1001), ("canceled", 1002)):
        order = OrderFactory(user=owner.user, status=status, number=number)
        OrderLineFactory(order=order, product_sku=f"SKU-{number}")
        CompanyOrderFactory(company=company, order=order, placed_by=owner.user)
    InvoiceFactory(company=company, invoice_number="INV-1", status="open")
    InvoiceFactory(company=company, invoice_number="INV-2", status="paid")
    OpenItemFactory(company=company, document_number="OI-1", amount_due=Decimal("40.00"))
    PaymentFactory(company=company, payment_number="PAY-1", amount=Decimal("55.00"))
    return company


def _pages(client, company, role):
    member = MembershipFactory(company=company, role=role)
    return PageClient(client).sign_in(member.user), member


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response) -> list[list]:
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("role", "header"),
    [
        (Role.L20_ORDERS, ["Number", "Date", "Status", "Placed by", "PO number", "Lines"]),
        (
            Role.L40_BILLING,
            ["Number", "Date", "Status", "Placed by", "PO number", "Lines", "Total", "Currency"],
        ),
    ],
    ids=["l20_no_money_case", "l40_case"],
)
def test_orders_export_in_both_formats(client, company, role, header):
    pages, _ = _pages(client, company, role)

    rows = _csv(pages.get("export/orders/csv/", {"sort": "NUMBER", "dir": "asc"}))
    sheet = _xlsx(pages.get("export/orders/xlsx/", {"sort": "NUMBER", "dir": "asc"}))

    assert rows[0] == header
    assert [row[0] for row in rows[1:]] == ["1001", "1002"]
    assert [row[2] for row in rows[1:]] == ["unfulfilled", "canceled"]
    assert sheet[0] == header
    assert [row[0] for row in sheet[1:]] == [1001, 1002]
    if role == Role.L40_BILLING:
        assert rows[1][5:] == ["1", "123.00", "USD"]  # lines, total, currency
        assert sheet[1][5:] == [1, 123, "USD"]
    else:
        assert all("123" not in cell for row in rows for cell in row)


def test_an_l20_asking_for_the_total_column_does_not_get_it(client, company):
    pages, member = _pages(client, company, Role.L20_ORDERS)
    grid.save(member.user, "orders", ["total", "number"])  # a saved choice cannot bring it

    assert _csv(pages.get("export/orders/csv/", {"columns": "total,number"}))[0] == ["Number"]
    assert _csv(pages.get("export/orders/csv/"))[0] == ["Number"]


def test_export_follows_the_filter_and_the_saved_columns(client, company):
    pages, member = _pages(client, company, Role.L40_BILLING)
    grid.save(member.user, "orders", ["total", "number"])

    rows = _csv(pages.get("export/orders/csv/", {"status": "canceled"}))

    assert rows == [["Total", "Currency", "Number"], ["123.00", "USD", "1002"]]


def test_billing_exports_for_l40(client, company):
    pages, _ = _pages(client, company, Role.L40_BILLING)

    invoices = _csv(pages.get("export/invoices/csv/", {"status": "paid"}))
    due = _xlsx(pages.get("export/due_payments/xlsx/"))
    paid = _csv(pages.get("export/payments/csv/"))

    assert invoices[0] == [
        "Invoice",
        "Issued",
        "Due",
        "Status",
        "Order",
        "Amount",
        "Currency",
        "PDF",
    ]
    assert [row[0] for row in invoices[1:]] == ["INV-2"]
    assert due[0] == ["Document", "Invoice", "Due date", "Amount due", "Currency"]
    assert due[1][0] == "OI-1" and due[1][3] == 40
    assert paid[1][0] == "PAY-1" and paid[1][4:] == ["55.00", "USD"]


def test_users_and_audit_log_exports_for_admins(client, company):
    pages, admin = _pages(client, company, Role.L80_ADMIN)
    MembershipFactory(
        company=company, role=Role.L20_ORDERS, user=UserFactory(first_name="=HYPERLINK(1)")
    )
    AuditEntry.objects.create(
        company=company,
        actor=admin.user,
        actor_email=admin.user.email,
        action="member_updated",
        after={"role": "L20_ORDERS"},
    )

    users = _csv(pages.get("export/users/csv/"))
    log = _csv(pages.get("export/audit_log/csv/"))

    assert users[0] == ["Name", "Email", "Status", "Role", "Budget", "Currency", "Last sign-in"]
    assert len(users) == 1 + 3
    # a cell that a spreadsheet would run as a formula is exported as text
    assert any(row[0].startswith("'=HYPERLINK(1)") for row in users[1:])
    assert log[0] == ["When", "Who", "Action", "Target", "Before", "After"]
    assert log[1][1:3] == [admin.user.email, "member_updated"]
    assert log[1][5] == '{"role": "L20_ORDERS"}'


@pytest.mark.parametrize(
    ("name", "lowest"),
    [
        ("orders", Role.L20_ORDERS),
        ("invoices", Role.L40_BILLING),
        ("due_payments", Role.L40_BILLING),
        ("payments", Role.L40_BILLING),
        ("users", Role.L80_ADMIN),
        ("audit_log", Role.L80_ADMIN),
    ],
)
def test_each_export_needs_the_role_of_its_list(client, company, name, lowest):
    for role in [role for role in Role if role != Role.L90_OWNER]:  # the fixture has one
        pages, _ = _pages(client, company, role)
        status = pages.get(f"export/{name}/csv/").status_code
        assert status == (200 if role >= lowest else 403), (name, role)


def test_another_company_answers_like_a_missing_one(client, company):
    stranger = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)
    pages = PageClient(client).sign_in(stranger.user)

    foreign = pages.get("export/orders/csv/", {"company": to_global_id("Company", company.pk)})
    missing = pages.get("export/orders/csv/", {"company": to_global_id("Company", 987654)})

    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
    assert pages.get("export/nothing/csv/").status_code == 404
    assert pages.get("export/orders/pdf/").status_code == 404


def test_an_api_client_exports_with_its_token(client, company):
    member = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    token = saleor.create_tokens(member.user)["token"]

    response = client.get(
        "/plugins/global/saleor.customer_center/export/orders/csv/",
        {"company": to_global_id("Company", company.pk), "columns": "number,total"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert _csv(response)[0] == ["Number", "Total", "Currency"]
    assert (
        client.get("/plugins/global/saleor.customer_center/export/orders/csv/").status_code == 401
    )


@pytest.mark.parametrize("name", ["orders", "invoices", "users", "audit_log"])
def test_export_query_count_does_not_grow_with_the_list(client, company, name):
    pages, admin = _pages(client, company, Role.L80_ADMIN)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = pages.get(f"export/{name}/csv/")
            b"".join(response.streaming_content)
        return len(queries)

    before = count()
    for index in range(20):
        order = OrderFactory(user=admin.user, number=2000 + index)
        OrderLineFactory(order=order)
        CompanyOrderFactory(company=company, order=order)
        InvoiceFactory(company=company)
        MembershipFactory(company=company, role=Role.L10_BASIC)
        AuditEntry.objects.create(company=company, action="member_updated")
    assert count() == before
