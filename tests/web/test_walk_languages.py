"""Every page of the owner, an L20, a multi-company user, an operator and a phone, in English
and in German (issue 14 item 21 and "Done when"): each is answered 200, written to
test-artifacts/screenshots/ (``<language>-<who>-<page>.png``), keeps to the screen's width,
and a German page shows no sentence of the catalog left in English."""

from __future__ import annotations

import re

import pytest
from saleor.permission.models import Permission

from devtools import messages
from saleor_customer_center import languages
from saleor_customer_center.models import CompanyRequest
from saleor_customer_center.roles import Role
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    CompanyOrderFactory,
    ErpContactFactory,
    InvoiceFactory,
    MembershipFactory,
    OpenItemFactory,
    OrderFactory,
    OrderLineFactory,
    PaymentFactory,
    UserFactory,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# English sentences of the catalog whose German differs; one of them as a whole line of a
# German page is a string left untranslated (or translated by another catalog).
ENGLISH = {
    entry.msgid
    for entry in messages.read(languages.LOCALE / "de" / "LC_MESSAGES" / "django.po")
    if entry.msgid_plural is None
    and entry.msgstr.get("msgstr") != entry.msgid
    and "%" not in entry.msgid
    and len(entry.msgid) > 3
}

VISIBLE_LINES = """() => document.body.innerText.split('\\n').map(s => s.trim()).filter(Boolean)"""

# Elements whose words run past their box or past the screen.
OVERFLOWING = """() => {
  const width = window.innerWidth, out = [], root = document.documentElement;
  if (root.scrollWidth > width) out.push('page ' + root.scrollWidth);
  const words = ['BUTTON', 'TH', 'LABEL', 'H1', 'H2'];
  for (const el of document.querySelectorAll('a, button, th, td, label, h1, h2, h3, nav *')) {
    const box = el.getBoundingClientRect(), text = el.innerText.slice(0, 40);
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5) out.push(`${el.tagName} "${text}" ends at ${box.right}`);
    else if (words.includes(el.tagName) && getComputedStyle(el).overflowX === 'visible'
             && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      out.push(`${el.tagName} "${text}" overflows by ${el.scrollWidth - el.clientWidth}px`);
  }
  return out;
}"""


@pytest.fixture
def world(transactional_db):
    owner = MembershipFactory(
        role=Role.L90_OWNER, company=CompanyFactory(name="Müller Maschinenbau GmbH", currency="EUR")
    )
    company = owner.company
    company.addresses = [
        {
            "type": "billing",
            "street": "Hauptstraße 1",
            "city": "Stuttgart",
            "postalCode": "70173",
            "country": "DE",
        }
    ]
    company.save()
    ErpContactFactory(company=company, is_main_contact=True)
    ErpContactFactory(company=company)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    order = OrderFactory(user=buyer.user)
    OrderLineFactory(order=order)
    CompanyOrderFactory(order=order, company=company, membership=buyer, placed_by=buyer.user)
    InvoiceFactory(company=company, pdf_url="")
    OpenItemFactory(company=company)
    PaymentFactory(company=company)
    CompanyRequest.objects.create(
        company=company,
        kind="other",
        requested_by=buyer.user,
        payload={"message": "Bitte rufen Sie mich an"},
    )
    multi = UserFactory(email="multi@example.com")
    MembershipFactory(user=multi, company=company, role=Role.L40_BILLING)
    MembershipFactory(
        user=multi, company=CompanyFactory(name="Beta Handels AG"), role=Role.L80_ADMIN
    )
    operator = UserFactory(is_staff=True, email="operator@shop.example")
    operator.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account"),
        Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins"),
    )
    return {"owner": owner, "buyer": buyer, "order": order, "multi": multi, "operator": operator}


def walk(
    page, site, shot, language: str, who: str, paths: list[str], viewport=DESKTOP
) -> list[str]:
    """Visit ``paths``; a screenshot of each; the problems found, as sentences."""
    problems = []
    page.set_viewport_size(viewport)
    for path in paths:
        response = page.goto(site + path)
        assert response.status == 200, f"{language} {who} {path}: {response.status}"
        assert page.locator("html").get_attribute("lang") == language, path
        shot(f"{language}-{who}-{re.sub(r'[0-9a-f-]{36}|\\d+', 'one', path.strip('/')) or 'home'}")
        problems += [f"{who} {path or 'home'}: {p}" for p in page.evaluate(OVERFLOWING)]
        if language == "de":
            left = sorted(set(page.evaluate(VISIBLE_LINES)) & ENGLISH)
            problems += [f"{who} {path or 'home'}: English left: {line!r}" for line in left]
    return problems


def sign_in(page, site, email: str) -> None:
    page.goto(site + "signin/")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_page_of_every_kind_of_user(page, site, shot, world, language):
    page.set_extra_http_headers({"Accept-Language": f"{language},en;q=0.1"})
    problems = walk(page, site, shot, language, "public", ["signin/", "activate/"])

    owner, buyer = world["owner"], world["buyer"]
    sign_in(page, site, owner.user.email)
    problems += walk(
        page,
        site,
        shot,
        language,
        "owner",
        [
            "",
            "orders/",
            f"orders/{world['order'].pk}/",
            "billing/",
            "users/",
            f"users/{buyer.pk}/edit/",
            "users/import/",
            "requests/",
            "quotes/",
            "quotes/new/",
            "activity/",
            "profile/",
        ],
    )
    problems += walk(
        page,
        site,
        shot,
        language,
        "phone",
        ["", "orders/", "billing/", "users/", "requests/"],
        PHONE,
    )
    page.context.clear_cookies()

    sign_in(page, site, buyer.user.email)
    problems += walk(
        page,
        site,
        shot,
        language,
        "l20",
        ["", "orders/", f"orders/{world['order'].pk}/", "requests/", "profile/"],
    )
    page.context.clear_cookies()

    sign_in(page, site, world["multi"].email)
    problems += walk(page, site, shot, language, "multi", ["choose/"])
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    problems += walk(page, site, shot, language, "multi", ["", "billing/"])
    page.context.clear_cookies()

    sign_in(page, site, world["operator"].email)
    company = owner.company.pk
    problems += walk(
        page,
        site,
        shot,
        language,
        "operator",
        [
            "staff/",
            "staff/companies/",
            f"staff/companies/{company}/",
            "staff/requests/",
            "staff/erp/",
        ],
    )
    assert problems == []
