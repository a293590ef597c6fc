"""The console's company page, order view, ERP page and overview in Chromium, on a desktop
and on a phone (issue 17 items 2–5), with a demo-like company to read."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect
from saleor.permission.models import Permission

from saleor_customer_center.models import (
    BudgetCharge,
    CompanyRequest,
    ErpRejectedRecord,
    ErpSyncRun,
)
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets, members, staff
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    ErpContactFactory,
    MembershipFactory,
    OpenItemFactory,
    OrderFactory,
    OrderLineFactory,
    UserFactory,
)

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def patient_first_page(page):
    """The live server's first page imports Saleor's schema and plugins; on this shared
    2-core machine that alone can pass Playwright's 30 s default."""
    page.set_default_navigation_timeout(120_000)


@pytest.fixture
def operator(transactional_db):
    user = UserFactory(
        is_staff=True, email="operator@shop.example", first_name="Oscar", last_name="Operator"
    )
    user.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account"),
        Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins"),
    )
    return user


def _person(company, role, first, last, email):
    user = UserFactory(first_name=first, last_name=last, email=email)
    return MembershipFactory(company=company, role=role, user=user)


@pytest.fixture
def alpine(operator):
    """Alpine Tools as the demo has it: named people, a budget, contacts, orders, money due,
    a waiting request and a few audit entries written by the services themselves."""
    company = CompanyFactory(name="Alpine Tools", customer_number="C-1001")
    owner = _person(company, Role.L90_OWNER, "Olivia", "Owner", "olivia@alpine.example")
    admin = _person(company, Role.L80_ADMIN, "Adam", "Admin", "adam@alpine.example")
    buyer = _person(company, Role.L20_ORDERS, "Ben", "Buyer", "ben@alpine.example")
    _person(company, Role.L40_BILLING, "Bea", "Billing", "bea@alpine.example")
    leaver = _person(company, Role.L10_BASIC, "Lea", "Leaver", "lea@alpine.example")
    budget = budgets.set_budget(buyer, Decimal("1000"), "USD", "monthly", actor=owner.user)
    members.deactivate_member(operator, leaver.pk)
    ErpContactFactory(
        company=company,
        contact_number="K-100",
        first_name="Olivia",
        last_name="Owner",
        email="olivia@alpine.example",
        is_main_contact=True,
    )
    ErpContactFactory(
        company=company,
        contact_number="K-101",
        first_name="Carl",
        last_name="Contact",
        email="carl@alpine.example",
    )
    order = OrderFactory(user=buyer.user)
    OrderLineFactory(order=order, product_name="Cordless drill", product_sku="DR-18V", quantity=3)
    OrderLineFactory(order=order, product_name="Drill bits, 10 pc", product_sku="DB-10")
    link = CompanyOrderFactory(company=company, order=order, membership=buyer, placed_by=buyer.user)
    BudgetCharge.objects.create(
        budget=budget,
        period_start=timezone.localdate().replace(day=1),
        checkout_token="demo",
        order=order,
        amount=Decimal("123.00"),
        currency="USD",
        status="committed",
        placed_by=buyer.user,
    )
    OpenItemFactory(company=company, amount_due=Decimal("2450.00"))
    CompanyRequest.objects.create(
        company=company,
        kind="other",
        requested_by=admin.user,
        membership=admin,
        needs_shop=True,
        payload={"message": "Please add our second warehouse"},
    )
    return {"company": company, "owner": owner, "admin": admin, "buyer": buyer, "order": link}


def _no_sideways_scroll(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"


def test_console_company_page_reads_without_codes_or_ids(
    page, site, sign_in, operator, alpine, shot
):
    company = alpine["company"]
    sign_in(operator.email)
    page.goto(site + f"staff/companies/{company.pk}/")
    expect(page.get_by_role("heading", name="Alpine Tools")).to_be_visible()
    expect(page.get_by_test_id("count-members")).to_have_text("5")
    expect(page.get_by_test_id("count-requests")).to_have_text("1")
    expect(page.get_by_test_id("count-orders")).to_have_text("1")
    expect(page.get_by_test_id("count-due")).to_contain_text("2,450.00")
    expect(page.get_by_test_id("members")).to_contain_text("Ben Buyer")
    expect(page.get_by_test_id("audit-log")).to_contain_text("Lea Leaver")
    shot("console-company-desktop")
    text = page.locator("main").inner_text()
    for raw in ("member_activated", "member_deactivated", "budget_set", "membership "):
        assert raw not in text, raw
    assert not re.search(r"\b(membership|company|user) \d+\b", text), text
    # One actions menu per row, not three buttons repeating the email.
    assert page.get_by_role("button", name=re.compile("alpine.example")).count() == 0
    row = page.locator('tr[data-member="ben@alpine.example"]')
    row.locator("summary").click()
    expect(row.get_by_role("button", name="Deactivate…")).to_be_visible()
    shot("console-company-menu")
    page.set_viewport_size(PHONE)
    page.reload()
    _no_sideways_scroll(page, "company page")
    shot("console-company-phone")


def test_block_confirmation_names_the_consequence(page, site, sign_in, operator, alpine, shot):
    company = alpine["company"]
    sign_in(operator.email)
    page.goto(site + f"staff/companies/{company.pk}/")
    page.get_by_label("Reason for blocking").fill("Unpaid invoices since October")
    page.get_by_role("button", name="Block company").click()
    expect(page.get_by_test_id("consequence")).to_have_text(
        "Blocking Alpine Tools suspends the access of its 4 active users: they cannot open "
        "the customer center or order until you unblock it."
    )
    shot("console-confirm-block-desktop")
    page.set_viewport_size(PHONE)
    shot("console-confirm-block-phone")
    page.get_by_role("link", name="Cancel").click()
    company.refresh_from_db()
    assert not company.is_blocked


def test_order_number_opens_the_staff_order_view(page, site, sign_in, operator, alpine, shot):
    sign_in(operator.email)
    page.goto(site + f"staff/companies/{alpine['company'].pk}/")
    page.get_by_role("link", name=f"#{alpine['order'].order.number}").click()
    expect(page.get_by_test_id("order-lines")).to_contain_text("Cordless drill")
    expect(page.get_by_test_id("order-placed-by")).to_have_text("ben@alpine.example")
    expect(page.get_by_test_id("budget-charges")).to_contain_text("123.00")
    shot("console-order-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    _no_sideways_scroll(page, "order view")
    shot("console-order-phone")


def _demo_runs() -> None:
    now = timezone.now()
    for days_ago, received, rejected in [(0, 120, 3), (1, 80, 0), (3, 240, 12), (9, 60, 1)]:
        run = ErpSyncRun.objects.create(
            kind="invoice",
            source="file",
            status="partial" if rejected else "succeeded",
            received=received,
            stored=received - rejected,
            rejected=rejected,
        )
        started = now - dt.timedelta(days=days_ago, seconds=40)
        ErpSyncRun.objects.filter(pk=run.pk).update(
            started_at=started, finished_at=started + dt.timedelta(seconds=7 + days_ago)
        )
    ErpRejectedRecord.objects.create(
        kind="invoice",
        source="file",
        key="C-1001/INV-2026-0042",
        reason="grossAmount: not a decimal number",
        position="line 7",
        raw='{"customerNumber": "C-1001", "invoiceNumber": "INV-2026-0042", '
        '"issueDate": "2026-11-01", "currency": "USD", "grossAmount": "12,50"}',
    )


def test_erp_page_charts_runs_and_marks_the_field_at_fault(page, site, sign_in, operator, shot):
    sign_in(operator.email)
    _demo_runs()
    page.goto(site + "staff/erp/")
    chart = page.get_by_role("img", name="ERP records per day, last 30 days")
    expect(chart).to_be_visible()
    expect(page.get_by_test_id("runs")).to_contain_text("7 sec")
    expect(page.get_by_test_id("payload").locator("mark")).to_have_text('  "grossAmount": "12,50"')
    shot("console-erp-desktop")
    page.get_by_label("Retry every rejected record of").select_option("invoice")
    page.get_by_role("button", name="Retry all").click()
    expect(page.get_by_test_id("consequence")).to_contain_text(
        "1 rejected Invoice record goes through the sync again"
    )
    shot("console-erp-confirm-retry")
    page.get_by_role("link", name="Cancel").click()
    page.set_viewport_size(PHONE)
    page.reload()
    _no_sideways_scroll(page, "ERP page")
    shot("console-erp-phone")


def test_overview_puts_todays_work_first(page, site, sign_in, operator, alpine, shot):
    _demo_runs()
    with transaction.atomic():
        staff.set_blocked(operator, alpine["company"].pk, blocked=True, reason="Unpaid invoices")
    sign_in(operator.email)
    page.goto(site + "staff/")
    expect(page.get_by_test_id("pending-requests")).to_have_text("1")
    expect(page.get_by_test_id("failed-runs")).to_have_text("1")  # today's partial run
    expect(page.get_by_test_id("blocked-recently")).to_have_text("1")
    blocked = page.get_by_test_id("blocked-companies")
    expect(blocked).to_contain_text("Unpaid invoices")
    expect(blocked).to_contain_text("Oscar Operator")
    shot("console-overview-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    _no_sideways_scroll(page, "overview")
    shot("console-overview-phone")
    blocked.get_by_role("link", name="Alpine Tools").click()
    expect(page.get_by_test_id("company-status")).to_contain_text("by Oscar Operator")
