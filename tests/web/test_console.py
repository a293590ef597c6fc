"""The operator's console and the staff preview, in Chromium."""

import pytest
from playwright.sync_api import expect
from saleor.permission.models import Permission

from saleor_customer_center.models import AuditEntry, CompanyRequest
from saleor_customer_center.roles import Role
from tests.factories import CompanyFactory, MembershipFactory, OpenItemFactory, UserFactory

STAFF_URLS = [
    "staff/",
    "staff/companies/",
    "staff/companies/{company}/",
    "staff/requests/",
    "staff/erp/",
]


@pytest.fixture
def operator(transactional_db):
    user = UserFactory(is_staff=True, email="operator@shop.example")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account"),
        Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins"),
    )
    return user


def test_staff_preview_is_read_only_logged_and_shows_a_banner(page, site, sign_in, operator, shot):
    member = MembershipFactory(role=Role.L40_BILLING, company=CompanyFactory(name="Peek Ltd"))
    OpenItemFactory(company=member.company)
    sign_in(operator.email)
    page.goto(site + f"staff/companies/{member.company.pk}/")
    shot("console-company")
    page.get_by_role("button", name=f"Preview as {member.user.email}").click()
    banner = page.get_by_test_id("preview-banner")
    expect(banner).to_contain_text(f"you see Peek Ltd as {member.user.email} sees it")
    expect(page.get_by_role("heading", name="Peek Ltd")).to_be_visible()
    expect(page.get_by_role("link", name="Billing")).to_be_visible()
    expect(page.get_by_role("link", name="Users", exact=True)).to_have_count(0)  # as L40 sees it
    shot("preview-home")
    # Read-only: the request form is not offered, and a forged POST is refused.
    page.get_by_role("link", name="Requests").click()
    expect(page.get_by_role("button", name="Send request")).to_have_count(0)
    status = page.evaluate(
        """async () => (await fetch(location.href, {method: 'POST',
             body: new URLSearchParams({action: 'create', kind: 'other', message: 'x'})})).status"""
    )
    assert status == 403
    assert not CompanyRequest.objects.exists()
    entry = AuditEntry.objects.get(company=member.company, action="preview_opened")
    assert entry.actor_email == operator.email
    assert entry.target_id == str(member.pk)
    page.get_by_role("button", name="End preview").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


def test_staff_blocks_a_company_and_its_member_loses_access(
    page, site, sign_in, operator, browser, shot
):
    member = MembershipFactory(role=Role.L80_ADMIN, company=CompanyFactory(name="Blocky Inc"))
    sign_in(operator.email)
    page.goto(site + "staff/companies/?q=Blocky")
    page.get_by_role("link", name="Blocky Inc").click()
    page.get_by_label("Reason for blocking").fill("Unpaid invoices")
    page.get_by_role("button", name="Block company").click()
    expect(page.get_by_test_id("company-status")).to_have_text("Blocked: Unpaid invoices")
    shot("console-company-blocked")
    member_context = browser.new_context()
    member_page = member_context.new_page()
    member_page.goto(site + "signin/")
    member_page.get_by_label("Email").fill(member.user.email)
    member_page.get_by_label("Password").fill("correct-horse-battery-staple")
    member_page.get_by_role("button", name="Sign in").click()
    expect(member_page.get_by_role("heading", name="Access suspended")).to_be_visible()
    expect(member_page.get_by_role("alert")).to_contain_text("suspended for Blocky Inc")
    member_context.close()


def test_staff_approves_a_request_from_the_queue(page, site, sign_in, operator, shot, mailoutbox):
    member = MembershipFactory(role=Role.L30_ORDERS_PRICES)
    request = CompanyRequest.objects.create(
        company=member.company,
        kind="quote",
        requested_by=member.user,
        membership=member,
        needs_shop=True,
        payload={"message": "50 drills, what price?"},
    )
    sign_in(operator.email)
    page.goto(site + "staff/")
    expect(page.get_by_test_id("pending-requests")).to_have_text("1")
    page.get_by_role("link", name="Open the queue").click()
    expect(page.get_by_test_id("request-queue")).to_contain_text("50 drills, what price?")
    shot("console-requests")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Done")
    request.refresh_from_db()
    assert request.status == "approved"
    assert AuditEntry.objects.filter(company=member.company, action="request_approved").exists()


@pytest.mark.parametrize("who", ["anonymous", "member", "staff_without_permission"])
def test_every_staff_url_is_404_for_others(page, site, sign_in, who):
    company = CompanyFactory()
    if who == "member":
        sign_in(MembershipFactory(company=company, role=Role.L90_OWNER).user.email)
    elif who == "staff_without_permission":
        sign_in(UserFactory(is_staff=True).email)
    for path in STAFF_URLS:
        response = page.goto(site + path.format(company=company.pk))
        assert response.status == 404, path


def test_sync_manager_retries_a_rejected_record_from_the_console(
    page, site, sign_in, operator, shot
):
    from saleor_customer_center.models import ErpRejectedRecord, Invoice

    CompanyFactory(customer_number="C-LATE")
    record = ErpRejectedRecord.objects.create(
        kind="invoice",
        source="file",
        key="C-LATE/INV-LATE",
        reason="unknown customer",
        position="line 7",
        raw='{"customerNumber": "C-LATE", "invoiceNumber": "INV-LATE", "issueDate": '
        '"2026-11-01", "currency": "USD", "grossAmount": "10.00"}',
    )
    sign_in(operator.email)
    page.goto(site + "staff/erp/")
    rejected = page.get_by_test_id("rejected")
    expect(rejected).to_contain_text("unknown customer")
    expect(rejected).to_contain_text("INV-LATE")
    shot("console-erp")
    rejected.locator(f'tr[data-record="{record.pk}"]').get_by_role("button", name="Retry").click()
    expect(page.get_by_test_id("rejected")).to_contain_text("No rejected records waiting.")
    expect(page.get_by_test_id("runs")).to_contain_text("Retry of rejected records")
    assert Invoice.objects.filter(invoice_number="INV-LATE").exists()


def test_staff_deactivates_a_member_and_transfers_ownership(page, site, sign_in, operator):
    owner = MembershipFactory(role=Role.L90_OWNER, company=CompanyFactory(name="Hand Over"))
    admin = MembershipFactory(role=Role.L80_ADMIN, company=owner.company)
    buyer = MembershipFactory(role=Role.L20_ORDERS, company=owner.company)
    sign_in(operator.email)
    page.goto(site + f"staff/companies/{owner.company.pk}/")
    expect(page.get_by_role("button", name=f"Deactivate {owner.user.email}")).to_have_count(0)
    page.get_by_role("button", name=f"Deactivate {buyer.user.email}").click()
    expect(page.get_by_role("button", name=f"Activate {buyer.user.email}")).to_be_visible()
    page.get_by_role("button", name=f"Make {admin.user.email} Owner").click()
    expect(page.get_by_test_id("members")).to_contain_text("L90 Owner")
    buyer.refresh_from_db()
    admin.refresh_from_db()
    owner.refresh_from_db()
    assert buyer.is_active is False
    assert (admin.role, owner.role) == (Role.L90_OWNER, Role.L80_ADMIN)
    assert set(
        AuditEntry.objects.filter(company=owner.company).values_list("action", flat=True)
    ) >= {"member_deactivated", "ownership_transferred"}
