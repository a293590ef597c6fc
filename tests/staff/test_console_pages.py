"""The operator console's pages (issue 17 items 2–4): counts, confirmation steps, the staff
order view, the ERP page's chart and payloads; each list page constant in queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_customer_center.models import (
    AuditEntry,
    Budget,
    BudgetCharge,
    CompanyRequest,
    ErpRejectedRecord,
    ErpSyncRun,
)
from saleor_customer_center.roles import Role
from saleor_customer_center.services import console
from saleor_customer_center.web import payload_view
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
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, plugin_configuration, staff_user) -> PageClient:
    return PageClient(client).sign_in(staff_user)


def _fill_company(company, n: int) -> None:
    """``n`` more of every list the company page shows."""
    for _ in range(n):
        member = MembershipFactory(company=company, role=Role.L20_ORDERS)
        Budget.objects.create(
            company=company,
            membership=member,
            amount=Decimal("100"),
            currency="USD",
            period="monthly",
            start_date=timezone.localdate(),
        )
        ErpContactFactory(company=company)
        order = OrderFactory(user=member.user)
        CompanyOrderFactory(company=company, order=order, membership=member, placed_by=member.user)
        AuditEntry.objects.create(
            company=company,
            actor=member.user,
            actor_email=member.user.email,
            action="member_activated",
            target_type="membership",
            target_id=str(member.pk),
        )
        OpenItemFactory(company=company)
        CompanyRequest.objects.create(
            company=company, kind="other", requested_by=member.user, membership=member
        )


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


def test_company_counts_count_members_requests_orders_and_due(staff_user):
    company = CompanyFactory()
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    MembershipFactory(company=company, is_active=False)
    CompanyRequest.objects.create(company=company, kind="other", requested_by=owner.user)
    CompanyRequest.objects.create(
        company=company, kind="other", requested_by=owner.user, status="approved"
    )
    CompanyOrderFactory(company=company)
    old = CompanyOrderFactory(company=company)
    old.created_at = console.month_start() - dt.timedelta(days=1)
    old.save(update_fields=["created_at"])
    OpenItemFactory(company=company, amount_due=Decimal("10.50"))
    OpenItemFactory(company=company, amount_due=Decimal("2.00"))
    OpenItemFactory(company=company, amount_due=Decimal("7.00"), currency="EUR")
    OpenItemFactory(company=company, amount_due=Decimal("99"), status="closed")
    OpenItemFactory(amount_due=Decimal("1000"))  # another company's
    counts = console.company_counts(company)
    assert counts == console.CompanyCounts(
        members=2,
        active_members=1,
        open_requests=1,
        orders_this_month=1,
        amount_due=[(Decimal("7.00"), "EUR"), (Decimal("12.50"), "USD")],
    )


def test_company_page_query_count_is_constant(operator):
    company = CompanyFactory(name="Constant GmbH")
    MembershipFactory(company=company, role=Role.L90_OWNER)
    _fill_company(company, 1)
    url = f"staff/companies/{company.pk}/"
    assert operator.get(url).status_code == 200
    few = _queries(lambda: operator.get(url))
    _fill_company(company, 6)
    many = _queries(lambda: operator.get(url))
    assert many == few


def test_erp_page_query_count_is_constant_and_shows_the_chart(operator, staff_user):
    def runs(n: int) -> None:
        for i in range(n):
            run = ErpSyncRun.objects.create(
                kind="invoice", source="file", status="partial", received=5, stored=4, rejected=1
            )
            ErpSyncRun.objects.filter(pk=run.pk).update(
                started_at=timezone.now() - dt.timedelta(days=i), finished_at=timezone.now()
            )
            ErpRejectedRecord.objects.create(
                kind="invoice",
                source="file",
                run=run,
                key=f"C-1/INV-{n}-{i}",
                reason="grossAmount: not a decimal",
                raw='{"invoiceNumber": "INV-1", "grossAmount": "ten"}',
            )

    runs(1)
    assert operator.get("staff/erp/").status_code == 200
    few = _queries(lambda: operator.get("staff/erp/"))
    runs(6)
    many = _queries(lambda: operator.get("staff/erp/"))
    assert many == few
    html = operator.get("staff/erp/").content.decode()
    assert '<svg class="sync-chart"' in html
    assert '<title id="sync-chart-title">ERP records per day, last 30 days</title>' in html
    assert "<mark" in html and "&quot;grossAmount&quot;: &quot;ten&quot;" in html


def test_overview_lists_what_needs_the_operator_in_constant_queries(operator, staff_user):
    def block(name: str, days_ago: int) -> None:
        company = CompanyFactory(name=name, is_blocked=True, blocked_reason="Unpaid")
        entry = AuditEntry.objects.create(
            company=company,
            actor=staff_user,
            actor_email=staff_user.email,
            actor_is_staff=True,
            action="company_blocked",
        )
        AuditEntry.objects.filter(pk=entry.pk).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago)
        )

    block("Old Block", 10)  # longer ago than a week: not today's business
    block("Fresh Block", 1)
    few = _queries(lambda: operator.get("staff/"))
    for n in range(5):
        block(f"More {n}", 2)
    many = _queries(lambda: operator.get("staff/"))
    assert many == few
    html = operator.get("staff/").content.decode()
    assert "Fresh Block" in html and "Old Block" not in html
    assert 'data-testid="blocked-recently">6<' in html
    today = console.overview(staff_user)
    assert [b.company.name for b in today.blocked_recently][0] == "Fresh Block"  # newest first


def test_block_asks_first_and_names_the_consequence(operator):
    company = CompanyFactory(name="Alpine Tools")
    for _ in range(3):
        MembershipFactory(company=company)
    MembershipFactory(company=company, is_active=False)
    url = f"staff/companies/{company.pk}/block/"
    asked = operator.post(url, {"blocked": "1", "reason": "Unpaid invoices"})
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Blocking Alpine Tools suspends the access of its 3 active users" in text
    assert 'name="confirm" value="yes"' in text
    company.refresh_from_db()
    assert not company.is_blocked
    done = operator.post(url, {"blocked": "1", "reason": "Unpaid invoices", "confirm": "yes"})
    assert done.status_code == 302
    company.refresh_from_db()
    assert company.is_blocked and company.blocked_reason == "Unpaid invoices"


def test_block_without_a_reason_is_a_400_with_a_message(operator):
    company = CompanyFactory()
    response = operator.post(f"staff/companies/{company.pk}/block/", {"blocked": "1"})
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()


def test_deactivate_and_ownership_transfer_ask_first(operator):
    owner = MembershipFactory(
        role=Role.L90_OWNER, user=UserFactory(first_name="Olivia", last_name="Owner")
    )
    buyer = MembershipFactory(
        company=owner.company, user=UserFactory(first_name="Ben", last_name="Buyer")
    )
    asked = operator.post(f"staff/members/{buyer.pk}/access/", {"action": "deactivate"})
    assert asked.status_code == 200
    assert "Deactivating Ben Buyer ends their access" in asked.content.decode()
    buyer.refresh_from_db()
    assert buyer.is_active
    url = f"staff/companies/{owner.company.pk}/ownership/"
    asked = operator.post(url, {"member_id": str(buyer.pk)})
    assert asked.status_code == 200
    assert "Olivia Owner, the Owner now, becomes an Administrator" in asked.content.decode()
    buyer.refresh_from_db()
    assert buyer.role == Role.L10_BASIC
    assert operator.post(url, {"member_id": str(buyer.pk), "confirm": "yes"}).status_code == 302
    buyer.refresh_from_db()
    assert buyer.role == Role.L90_OWNER


def test_ownership_confirmation_of_another_companys_member_is_404(operator):
    company = CompanyFactory()
    stranger = MembershipFactory()
    response = operator.post(
        f"staff/companies/{company.pk}/ownership/", {"member_id": str(stranger.pk)}
    )
    assert response.status_code == 404


def test_retry_all_asks_first(operator, staff_user):
    from saleor.permission.models import Permission

    staff_user.user_permissions.add(
        Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins")
    )
    ErpRejectedRecord.objects.create(
        kind="invoice", source="file", key="K", reason="unknown customer", raw="{}"
    )
    asked = operator.post("staff/erp/", {"kind": "invoice"})
    assert asked.status_code == 200
    assert "1 rejected Invoice record goes through the sync again" in asked.content.decode()
    assert not ErpSyncRun.objects.exists()


def test_staff_order_view_shows_lines_status_placer_and_budget_charge(operator):
    member = MembershipFactory(role=Role.L20_ORDERS)
    order = OrderFactory(user=member.user)
    OrderLineFactory(order=order, product_name="Cordless drill", product_sku="DR-1")
    CompanyOrderFactory(
        company=member.company, order=order, membership=member, placed_by=member.user
    )
    budget = Budget.objects.create(
        company=member.company,
        membership=member,
        amount=Decimal("500"),
        currency="USD",
        period="monthly",
        start_date=timezone.localdate(),
    )
    BudgetCharge.objects.create(
        budget=budget,
        period_start=timezone.localdate(),
        checkout_token="t",
        order=order,
        amount=Decimal("123.00"),
        currency="USD",
        status="committed",
    )
    html = operator.get(f"staff/orders/{order.pk}/").content.decode()
    assert "Cordless drill" in html and "DR-1" in html
    assert member.user.email in html
    assert "Committed" in html and f"Budget of {member.user.email}" in html


@pytest.mark.parametrize("role", [Role.L90_OWNER, None])
def test_staff_order_view_is_404_for_a_member_and_for_staff_without_the_right(
    client, plugin_configuration, role
):
    member = MembershipFactory(role=Role.L90_OWNER)
    link = CompanyOrderFactory(company=member.company, order=OrderFactory(user=member.user))
    user = member.user if role else UserFactory(is_staff=True)
    response = PageClient(client).sign_in(user).get(f"staff/orders/{link.order_id}/")
    assert response.status_code == 404


def test_payload_marks_the_field_the_reason_names():
    lines, fault = payload_view.payload_lines(
        '{"invoiceNumber": "INV-1", "grossAmount": "ten"}', "grossAmount: not a decimal"
    )
    assert fault == "grossAmount"
    assert [line.text for line in lines if line.at_fault] == ['  "grossAmount": "ten"']
    lines, fault = payload_view.payload_lines("not json", "line 3: unreadable")
    assert fault is None and lines[0].text == "not json"
