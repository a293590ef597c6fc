"""Every page lists with pages (issue 16 item 3): one page of rows, "next/previous"
links that keep the filters, server-side search; the lists answer to the same rights."""

from __future__ import annotations

import re

import pytest

from saleor_customer_center.models import AuditEntry
from saleor_customer_center.roles import Role
from tests.factories import CompanyFactory, ErpContactFactory, MembershipFactory, UserFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db


def _members_shown(html: str) -> list[str]:
    return re.findall(r'<tr data-email="([^"]+)"', html)


def _link(html: str, rel: str) -> str:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else ""


def test_users_page_shows_one_page_of_members_and_walks_to_the_last(client, plugin_configuration):
    admin = MembershipFactory(role=Role.L90_OWNER)
    for n in range(30):
        MembershipFactory(company=admin.company, user=UserFactory(email=f"m{n:02d}@example.com"))
    pages = PageClient(client).sign_in(admin.user)
    first = pages.get("users/").content.decode()
    assert len(_members_shown(first)) == 25
    assert _link(first, "prev") == ""
    second = pages.client.get(pages_url("users/") + _link(first, "next")).content.decode()
    shown = _members_shown(first) + _members_shown(second)
    assert len(shown) == len(set(shown)) == 31
    assert _link(second, "next") == ""
    back = pages.client.get(pages_url("users/") + _link(second, "prev")).content.decode()
    assert _members_shown(back) == _members_shown(first)


def test_users_page_searches_members_and_contacts_on_the_server(client, plugin_configuration):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    MembershipFactory(company=admin.company, user=UserFactory(email="zora@example.com"))
    MembershipFactory(company=admin.company, user=UserFactory(email="yann@example.com"))
    ErpContactFactory(company=admin.company, email="kim@example.com", contact_number="K-7")
    ErpContactFactory(company=admin.company, email="lou@example.com", contact_number="K-8")
    # Another company's person of the same name is never listed.
    MembershipFactory(company=CompanyFactory(), user=UserFactory(email="zora2@example.com"))
    pages = PageClient(client).sign_in(admin.user)
    html = pages.get("users/", {"q": "ZORA", "cq": "k-7"}).content.decode()
    assert _members_shown(html) == ["zora@example.com"]
    assert 'data-testid="contact-K-7"' in html
    assert 'data-testid="contact-K-8"' not in html


def test_a_role_below_admin_gets_no_users_page_even_with_a_search(client, plugin_configuration):
    billing = MembershipFactory(role=Role.L40_BILLING)
    response = PageClient(client).sign_in(billing.user).get("users/", {"q": "a", "m_after": "x"})
    assert response.status_code == 403


def test_a_bad_cursor_in_the_address_is_a_400_with_a_message(client, plugin_configuration):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    response = PageClient(client).sign_in(admin.user).get("users/", {"m_after": "nonsense"})
    assert response.status_code == 400
    assert "The cursor is not valid." in response.content.decode()


def test_staff_company_page_pages_its_audit_log(client, plugin_configuration, staff_user):
    company = CompanyFactory()
    AuditEntry.objects.bulk_create(
        AuditEntry(company=company, action=f"action_{n:02d}") for n in range(30)
    )
    pages = PageClient(client).sign_in(staff_user)
    html = pages.get(f"staff/companies/{company.pk}/").content.decode()
    assert html.count('data-label="When"') == 25  # one page of the log, as sentences
    following = _link(html[html.index('data-testid="audit-log"') :], "next")
    rest = pages.client.get(pages_url(f"staff/companies/{company.pk}/") + following)
    assert rest.content.decode().count('data-label="When"') == 5


def test_staff_companies_page_lists_one_page_and_searches(client, plugin_configuration, staff_user):
    for n in range(55):
        CompanyFactory(name=f"Acme {n:02d}")
    CompanyFactory(name="Zeta Works", vat_number="EU-ZETA")
    pages = PageClient(client).sign_in(staff_user)
    html = pages.get("staff/companies/").content.decode()
    assert html.count("Acme ") == 50
    assert _link(html, "next")
    found = pages.get("staff/companies/", {"q": "eu-zeta"}).content.decode()
    assert "Zeta Works" in found
    assert "Acme " not in found


def pages_url(sub_path: str) -> str:
    from tests.web_client import PLUGIN_URL

    return PLUGIN_URL + sub_path
