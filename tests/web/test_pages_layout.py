"""Every page once more for its screenshot, and the layout on a phone."""

import pytest
from playwright.sync_api import expect

from saleor_customer_center.models import CompanyRequest
from saleor_customer_center.roles import Role
from saleor_customer_center.services import tokens
from tests.factories import (
    CompanyOrderFactory,
    ErpContactFactory,
    InvoiceFactory,
    MembershipFactory,
    OpenItemFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
)


@pytest.fixture
def owner(transactional_db):
    owner = MembershipFactory(role=Role.L90_OWNER)
    company = owner.company
    company.addresses = [
        {
            "type": "billing",
            "street": "Main St 1",
            "city": "Springfield",
            "postalCode": "12345",
            "country": "US",
        }
    ]
    company.save()
    ErpContactFactory(company=company, is_main_contact=True)
    member = MembershipFactory(company=company, role=Role.L20_ORDERS)
    order = OrderFactory(user=member.user)
    OrderLineFactory(order=order)
    CompanyOrderFactory(order=order, company=company, membership=member, placed_by=member.user)
    InvoiceFactory(company=company, pdf_url="")
    OpenItemFactory(company=company)
    PaymentFactory(company=company)
    CompanyRequest.objects.create(
        company=company,
        kind="other",
        requested_by=member.user,
        payload={"message": "Please call me back"},
    )
    return owner


def test_screenshot_of_every_member_page(page, site, sign_in, shot, owner):
    sign_in(owner.user.email)
    for path, name in [
        ("", "home-owner"),
        ("orders/", "orders"),
        ("billing/", "billing-owner"),
        ("users/", "users-owner"),
        ("requests/", "requests"),
        ("profile/", "profile-owner"),
    ]:
        response = page.goto(site + path)
        assert response.status == 200, path
        shot(name)
    member = owner.company.memberships.exclude(pk=owner.pk).first()
    page.goto(site + f"users/{member.pk}/edit/")
    expect(page.get_by_label("First name")).to_be_visible()
    shot("member-edit")


def test_set_password_page_sets_the_password_from_the_emailed_link(page, site, shot):
    member = MembershipFactory()
    raw = tokens.issue(member.user)
    page.goto(site + f"set-password/?email={member.user.email}&token={raw}")
    shot("set-password")
    page.get_by_label("New password", exact=True).fill("A-fresh-long-password-77")
    page.get_by_label("New password, once more").fill("A-fresh-long-password-77")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status")).to_have_text("Your password is set. Sign in with it.")
    member.user.refresh_from_db()
    assert member.user.check_password("A-fresh-long-password-77")


@pytest.mark.parametrize("path", ["", "orders/", "billing/", "users/"])
def test_pages_fit_a_phone_screen(page, site, sign_in, shot, owner, path):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(owner.user.email)
    page.goto(site + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px on a phone"
    shot(f"phone-{path.strip('/') or 'home'}")


def test_every_form_field_has_a_label(page, site, sign_in, owner):
    sign_in(owner.user.email)
    for path in ["", "orders/", "billing/", "users/", "requests/"]:
        page.goto(site + path)
        unlabeled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                 .map(el => el.name || el.id)"""
        )
        assert unlabeled == [], f"{path}: {unlabeled}"


def test_edit_page_of_a_person_of_two_companies_says_why_names_are_locked(
    page, site, sign_in, shot, owner
):
    member = owner.company.memberships.exclude(pk=owner.pk).first()
    MembershipFactory(user=member.user, role=Role.L20_ORDERS)  # also in another company
    sign_in(owner.user.email)
    page.goto(site + f"users/{member.pk}/edit/")
    expect(page.get_by_test_id("profile-lock")).to_contain_text("also belongs to another company")
    for label in ("First name", "Last name", "Email"):
        expect(page.get_by_label(label)).not_to_be_editable()
    expect(page.get_by_label("Salutation")).to_be_editable()
    shot("member-edit-shared")


PHONE_MEASURE = """() => {
  const width = window.innerWidth;
  const out = [];
  for (const el of document.querySelectorAll('table, td, th')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // hidden (the cards' thead)
    if (box.right > width + 0.5 || box.left < -0.5)
      out.push(`${el.tagName} ${el.dataset.label || ''} `
        + `${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("path", ["", "orders/", "billing/", "users/", "requests/", "profile/"])
def test_every_table_and_cell_fits_a_390px_phone(page, site, sign_in, shot, owner, path):
    """Tables become stacked cards on a phone (#14 item 4): no table and no cell reaches
    past the screen's right edge, and the users' Status and Budget values are shown."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(owner.user.email)
    page.goto(site + path)
    shot(f"phone-390-{path.strip('/') or 'home'}")

    assert page.evaluate(PHONE_MEASURE) == []
    if path == "users/":
        for label in ("Status", "Budget"):
            cells = page.locator(f'table[data-testid=members] td[data-label="{label}"]')
            assert cells.count() == 2
            for index in range(cells.count()):
                cell = cells.nth(index)
                expect(cell).to_be_visible()
                assert cell.inner_text().strip() not in ("", label), label
