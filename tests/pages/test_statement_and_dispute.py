"""Statement of account and invoice disputes (issue 14 item 18)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from saleor_customer_center.models import CompanyRequest, UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import statement as statements
from saleor_customer_center.services import statement_pdf
from tests.factories import (
    CompanyFactory,
    InvoiceFactory,
    MembershipFactory,
    OpenItemFactory,
    PaymentFactory,
)
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db


def _member(company, role):
    member = MembershipFactory(company=company, role=role)
    UserPreference.objects.create(user=member.user, current_company=company)
    return member


@pytest.fixture
def company(plugin_configuration):
    company = CompanyFactory(name="Alpine Ltd")
    today = timezone.localdate()
    InvoiceFactory(
        company=company, invoice_number="INV-IN", issue_date=today, gross_amount=Decimal("200.00")
    )
    InvoiceFactory(
        company=company, invoice_number="INV-OLD", issue_date=today - dt.timedelta(days=800)
    )
    PaymentFactory(company=company, payment_number="PAY-IN", date=today, amount=Decimal("50.00"))
    OpenItemFactory(
        company=company,
        document_number="OI-LATE",
        due_date=today - dt.timedelta(1),
        amount_due=Decimal("30.00"),
    )
    OpenItemFactory(
        company=company,
        document_number="OI-NEXT",
        due_date=today + dt.timedelta(9),
        amount_due=Decimal("20.00"),
    )
    other = CompanyFactory()
    InvoiceFactory(company=other, invoice_number="INV-OTHER")
    return company


def test_the_statement_holds_the_periods_invoices_payments_and_todays_balance(company):
    l40 = _member(company, Role.L40_BILLING)
    today = timezone.localdate()

    statement = statements.statement(company, l40, today - dt.timedelta(days=30), today)
    html = statement_pdf.render_statement_html(statement)

    assert [i.invoice_number for i in statement.invoices] == ["INV-IN"]
    assert [p.payment_number for p in statement.payments] == ["PAY-IN"]
    (totals,) = statement.totals
    assert (totals.invoiced, totals.paid, totals.balance, totals.overdue) == (
        Decimal("200.00"),
        Decimal("50.00"),
        Decimal("50.00"),
        Decimal("30.00"),
    )
    assert "INV-OTHER" not in html and "INV-OLD" not in html
    assert "OI-LATE" in html and "OI-NEXT" in html


def test_the_statement_page_answers_a_pdf_for_l40_and_refuses_below(client, company):
    l40 = _member(company, Role.L40_BILLING)
    l30 = _member(company, Role.L30_ORDERS_PRICES)

    answer = PageClient(client).sign_in(l40.user).get("billing/statement/", {"from": "2026-01-01"})
    refused = PageClient(client).sign_in(l30.user).get("billing/statement/")

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert "statement-" in answer["Content-Disposition"]
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2026-05-01", "to": "2026-04-01"}, "The period must start before it ends."),
        ({"from": "2010-01-01", "to": "2026-01-01"}, "five years at most"),
    ],
)
def test_a_bad_period_is_told_not_a_500(client, company, query, message):
    l40 = _member(company, Role.L40_BILLING)

    answer = PageClient(client).sign_in(l40.user).get("billing/statement/", query)

    assert answer.status_code == 400 and message in answer.content.decode()


def test_billing_offers_the_statement_and_a_dispute_per_invoice(client, company):
    l40 = _member(company, Role.L40_BILLING)

    html = PageClient(client).sign_in(l40.user).get("billing/").content.decode()

    assert 'data-testid="statement-form"' in html
    assert 'data-testid="dispute-INV-IN"' in html


def test_a_dispute_files_a_request_naming_the_invoice(client, company):
    l40 = _member(company, Role.L40_BILLING)
    invoice = company.invoices.get(invoice_number="INV-IN")
    pages = PageClient(client).sign_in(l40.user)

    form = pages.get("requests/", {"dispute": invoice.pk}).content.decode()
    answer = pages.post(
        "requests/",
        {
            "action": "create",
            "kind": "invoice_dispute",
            "invoice_id": invoice.pk,
            "message": "Twice billed",
        },
    )

    assert "Dispute invoice INV-IN" in form
    assert answer.status_code == 302
    request = CompanyRequest.objects.get(company=company, kind="invoice_dispute")
    assert request.payload == {
        "message": "Twice billed",
        "invoice_id": invoice.pk,
        "invoice_number": "INV-IN",
    }
    assert request.needs_shop
    assert "Invoice INV-IN" in pages.get("requests/").content.decode()


def test_another_companys_invoice_cannot_be_disputed(client, company):
    l40 = _member(company, Role.L40_BILLING)
    foreign = InvoiceFactory(company=CompanyFactory())
    pages = PageClient(client).sign_in(l40.user)

    shown = pages.get("requests/", {"dispute": foreign.pk})
    posted = pages.post(
        "requests/",
        {"action": "create", "kind": "invoice_dispute", "invoice_id": foreign.pk, "message": "x"},
    )

    assert shown.status_code == 404 and posted.status_code == 404
    assert not CompanyRequest.objects.filter(kind="invoice_dispute").exists()


def test_an_l20_cannot_dispute_a_named_invoice(client, company):
    l20 = _member(company, Role.L20_ORDERS)
    invoice = company.invoices.first()

    posted = (
        PageClient(client)
        .sign_in(l20.user)
        .post(
            "requests/",
            {
                "action": "create",
                "kind": "invoice_dispute",
                "invoice_id": invoice.pk,
                "message": "x",
            },
        )
    )

    assert posted.status_code == 403
    assert not CompanyRequest.objects.filter(kind="invoice_dispute").exists()
