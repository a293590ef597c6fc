"""Signing in, the company chooser and switch, activation, users management, in Chromium."""

import pytest
from playwright.sync_api import expect

from saleor_customer_center.models import Membership
from saleor_customer_center.roles import Role
from tests.factories import (
    CompanyFactory,
    ErpContactFactory,
    InvoiceFactory,
    MembershipFactory,
    OpenItemFactory,
    UserFactory,
)


def test_single_company_member_lands_on_home_without_a_question(page, site, sign_in, shot):
    member = MembershipFactory(role=Role.L40_BILLING, company=CompanyFactory(name="Solo Ltd"))
    OpenItemFactory(company=member.company)
    sign_in(member.user.email)
    expect(page.get_by_role("heading", name="Solo Ltd")).to_be_visible()
    expect(page.get_by_test_id("current-company")).to_have_text("Solo Ltd")
    shot("home")
    page.get_by_role("link", name="Billing").first.click()
    expect(page.get_by_role("heading", name="Due payments")).to_be_visible()
    shot("billing")
    page.get_by_role("link", name="Customer profile").first.click()
    expect(page.get_by_text(member.company.customer_number)).to_be_visible()
    shot("profile")


def test_wrong_password_is_refused_with_a_clear_message(page, site, sign_in, shot):
    member = MembershipFactory()
    sign_in(member.user.email, "wrong-password")
    expect(page.get_by_role("alert")).to_have_text("Please enter a correct email and password.")
    shot("signin-error")


def test_multi_company_user_chooses_then_switches(page, site, sign_in, shot):
    user = UserFactory()
    MembershipFactory(user=user, company=CompanyFactory(name="Alpha GmbH"), role=Role.L10_BASIC)
    MembershipFactory(user=user, company=CompanyFactory(name="Beta Ltd"), role=Role.L80_ADMIN)
    sign_in(user.email)
    expect(page.get_by_role("heading", name="Which company do you work for now?")).to_be_visible()
    shot("choose-company")
    page.get_by_role("button", name="Continue as Alpha GmbH").click()
    expect(page.get_by_role("heading", name="Alpha GmbH")).to_be_visible()
    expect(page.get_by_role("link", name="Users", exact=True)).to_have_count(0)  # L10 there
    page.get_by_label("Company").select_option(label="Beta Ltd")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", name="Beta Ltd")).to_be_visible()
    expect(page.get_by_role("link", name="Users", exact=True)).to_be_visible()  # admin here
    shot("switched-company")
    # The choice is remembered: a new visit goes straight to Beta Ltd.
    page.goto(site)
    expect(page.get_by_role("heading", name="Beta Ltd")).to_be_visible()


def test_activation_makes_the_visitor_owner_and_signs_in(page, site, shot):
    company = CompanyFactory(name="Fresh Co", customer_number="C777")
    ErpContactFactory(company=company, email="boss@fresh.example", is_main_contact=True)
    InvoiceFactory(company=company, invoice_number="INV-777")
    page.goto(site + "activate/")
    shot("activate")
    page.get_by_label("Customer number").fill("C777")
    page.get_by_label("Invoice number").fill("INV-777")
    page.get_by_label("Email").fill("boss@fresh.example")
    page.get_by_label("Password").fill("a-Long-and-fresh-pass-42")
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Fresh Co")).to_be_visible()
    owner = Membership.objects.get(company=company)
    assert owner.role == Role.L90_OWNER
    assert owner.user.email == "boss@fresh.example"


def test_admin_adds_a_user_from_an_erp_contact(page, site, sign_in, shot, mailoutbox):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    contact = ErpContactFactory(
        company=admin.company, email="new.person@example.com", first_name="New", last_name="Person"
    )
    sign_in(admin.user.email)
    page.get_by_role("link", name="Users", exact=True).click()
    shot("users")
    card = page.get_by_test_id(f"contact-{contact.contact_number}")
    card.get_by_label("Role").select_option(label="L20 Orders")
    card.get_by_role("button", name="Add new.person@example.com as user").click()
    expect(page.get_by_role("status")).to_have_text(
        "The contact is now a user and has been emailed how to sign in."
    )
    expect(page.get_by_test_id("members")).to_contain_text("new.person@example.com")
    added = Membership.objects.get(company=admin.company, user__email="new.person@example.com")
    assert added.role == Role.L20_ORDERS
    assert added.erp_contact_id == contact.pk


@pytest.mark.parametrize("role", [Role.L10_BASIC, Role.L40_BILLING], ids=lambda r: r.name)
def test_roles_below_admin_get_no_users_page(page, site, sign_in, role):
    member = MembershipFactory(role=role)
    sign_in(member.user.email)
    expect(page.get_by_role("link", name="Users", exact=True)).to_have_count(0)
    response = page.goto(site + "users/")
    assert response.status == 403


def test_other_companys_member_edit_page_is_404(page, site, sign_in):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    stranger = MembershipFactory(role=Role.L10_BASIC)
    sign_in(admin.user.email)
    response = page.goto(site + f"users/{stranger.pk}/edit/")
    assert response.status == 404
