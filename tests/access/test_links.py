"""Every absolute URL the plugin emits comes from one link builder (issue 13 item 4).

The tests compare whole URLs (scheme, host, path and query), never a substring: a relative
link in an email contains every substring a correct one does.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.core import mail

from saleor_customer_center import links
from saleor_customer_center.models import ActionToken
from saleor_customer_center.roles import Role
from saleor_customer_center.services import tokens
from tests.factories import MembershipFactory

from .gql import ACTIVATE_MEMBER, DEACTIVATE, MEMBER_CREATE, company_id, member_id, person

pytestmark = pytest.mark.django_db

PLUGIN = "http://testserver/plugins/global/saleor.customer_center"


def only_link(message) -> str:
    """The one URL of an email's text part, whole."""
    (url,) = re.findall(r"\S+set-password/\S+", message.body)
    return url


def token_of(url: str) -> str:
    return re.search(r"[?&]token=([\w-]+)", url).group(1)


@pytest.fixture
def invited_then_deactivated(api, company):
    """A member invited by email who never set a password, then deactivated: the
    deactivation revoked the invitation's link."""
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    invited = MembershipFactory(company=company, role=Role.L10_BASIC, user__email="nia@x.example")
    invited.user.set_unusable_password()
    invited.user.save()
    api.as_user(admin.user).post(DEACTIVATE, {"id": member_id(invited)})
    mail.outbox.clear()
    return admin, invited


def test_reinvited_member_gets_an_absolute_link_when_no_storefront_is_set(
    api, invited_then_deactivated, django_capture_on_commit_callbacks
):
    # given: storefront_url empty (the default), an invited member deactivated
    admin, invited = invited_then_deactivated

    # when: the admin activates the member again through the API
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.as_user(admin.user).post(ACTIVATE_MEMBER, {"id": member_id(invited)})
    assert answer["data"]["companyMemberActivate"]["errors"] == []

    # then: the new link is the plugin's own page on the host the admin used, whole
    (message,) = mail.outbox
    url = only_link(message)
    query = urlencode({"email": "nia@x.example", "token": token_of(url)})
    assert url == f"{PLUGIN}/set-password/?{query}"
    assert ActionToken.objects.get(user=invited.user, used_at=None, revoked_at=None)


def test_reinvited_member_from_the_console_gets_an_absolute_link(
    client, staff_user, invited_then_deactivated, django_capture_on_commit_callbacks
):
    from tests.web_client import PageClient

    _admin, invited = invited_then_deactivated
    pages = PageClient(client).sign_in(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = pages.post(f"staff/members/{invited.pk}/access/", {"action": "activate"})
    assert response.status_code == 302

    url = only_link(mail.outbox[0])
    query = urlencode({"email": "nia@x.example", "token": token_of(url)})
    assert url == f"{PLUGIN}/set-password/?{query}"


def test_new_member_link_uses_the_storefront_url_whole(
    api, company, plugin_configuration, django_capture_on_commit_callbacks
):
    plugin_configuration(storefront_url="https://shop.example/account/")
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        api.as_user(admin.user).post(
            MEMBER_CREATE, {"company": company_id(company), "input": person(email="n@x.example")}
        )
    url = only_link(mail.outbox[0])
    query = urlencode({"email": "n@x.example", "token": token_of(url)})
    assert url == f"https://shop.example/account/set-password/?{query}"


@pytest.mark.parametrize(
    ("public_url", "expected_origin"),
    [(None, "http://shop.example"), ("https://api.shop.example/", "https://api.shop.example")],
    ids=["site_domain_case", "public_url_case"],
)
def test_without_a_request_links_use_saleors_own_origin(settings, public_url, expected_origin):
    # A celery task has no request: Saleor's PUBLIC_URL, else its Site's domain.
    from django.contrib.sites.models import Site

    Site.objects.filter(pk=settings.SITE_ID).update(domain="shop.example")
    Site.objects.clear_cache()
    settings.PUBLIC_URL = public_url
    builder = links.Links.for_shop()
    assert builder.set_password("a@x.example", "T0K") == (
        f"{expected_origin}/plugins/global/saleor.customer_center/set-password/"
        "?email=a%40x.example&token=T0K"
    )


def test_one_definition_of_the_plugin_path_serves_every_link():
    builder = links.Links("https://shop.example", "https://front.example")
    assert builder.order_pdf("0b6a") == (
        "https://shop.example/plugins/global/saleor.customer_center/orders/0b6a/pdf/"
    )
    assert builder.invoice_pdf(7) == (
        "https://shop.example/plugins/global/saleor.customer_center/billing/invoices/7/pdf/"
    )
    assert builder.storefront_checkout("c-1") == "https://front.example/checkout/?checkout=c-1"
    assert links.Links("https://shop.example").storefront_checkout("c-1") == ""
    assert links.path("cc-users") == "/plugins/global/saleor.customer_center/users/"


def test_links_in_emails_work_once(
    api, invited_then_deactivated, django_capture_on_commit_callbacks
):
    admin, invited = invited_then_deactivated
    with django_capture_on_commit_callbacks(execute=True):
        api.as_user(admin.user).post(ACTIVATE_MEMBER, {"id": member_id(invited)})
    token = token_of(only_link(mail.outbox[0]))
    assert tokens.set_password_with_token(token, "nia@x.example", "A-new-Pass-2026!")
