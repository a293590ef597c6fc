"""Signing in and out of the pages (issue 12 items 5 and 13).

Sign-in goes through Saleor's own login throttling; signing out ends that page session:
its access token is refused by the API and the pages, its refresh cookie renews nothing,
and the user's other devices stay signed in until "sign out everywhere".
"""

from __future__ import annotations

import pytest
from django.test import Client

from saleor_customer_center import saleor
from saleor_customer_center.door import cookies
from saleor_customer_center.roles import Role
from tests.access import gql
from tests.conftest import GRAPHQL_URL, PLUGIN_URL
from tests.factories import PASSWORD, MembershipFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

ME = "{ companies(first: 5) { totalCount } }"


def _page_sign_in(client: Client, email: str, password: str, address: str):
    pages = PageClient(client)
    return pages.post("signin/", {"email": email, "password": password}, REMOTE_ADDR=address), pages


def _api(client: Client, token: str) -> tuple[int, dict]:
    import json

    response = client.post(
        GRAPHQL_URL,
        data=json.dumps({"query": ME}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, response.json()


def _with_cookies(**values: str) -> Client:
    fresh = Client()
    for name, value in values.items():
        fresh.cookies[name] = value
    return fresh


@pytest.fixture
def member(plugin_configuration, company):
    return MembershipFactory(company=company, role=Role.L80_ADMIN)


def test_sign_out_ends_this_session_for_the_api_the_pages_and_the_refresh_cookie(client, member):
    # given: a member signed in on the sign-in page, and on a second device
    answer, pages = _page_sign_in(client, member.user.email, PASSWORD, "198.51.100.5")
    assert answer.status_code == 302
    access = client.cookies[cookies.ACCESS].value
    refresh = client.cookies[cookies.REFRESH].value
    assert pages.get("").status_code == 200
    assert _api(Client(), access)[0] == 200
    other_device = PageClient(Client()).sign_in(member.user)

    # when: signing out on the first device
    out = pages.post("signout/")
    assert out.status_code == 302
    assert out["Location"] == PLUGIN_URL + "signin/"
    assert client.cookies[cookies.ACCESS].value == ""

    # then: the old access token is refused by the API
    status, body = _api(Client(), access)
    assert status == 401
    assert body["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    # ... and by the pages (sent back to sign in)
    old_access = _with_cookies(**{cookies.ACCESS: access})
    assert old_access.get(PLUGIN_URL).status_code == 302
    # ... and the old refresh cookie alone gets no new access cookie
    old_refresh = _with_cookies(**{cookies.REFRESH: refresh})
    renewed = old_refresh.get(PLUGIN_URL)
    assert renewed.status_code == 302
    assert renewed["Location"].startswith(PLUGIN_URL + "signin/")
    assert renewed.cookies[cookies.ACCESS].value == ""
    # ... while the other device stays signed in
    assert other_device.get("").status_code == 200


def test_a_live_refresh_cookie_renews_the_access_cookie(client, member):
    # the counterpart of the test above: without sign-out the refresh cookie does renew
    pages = PageClient(client).sign_in(member.user)
    only_refresh = _with_cookies(**{cookies.REFRESH: pages.signed.refresh_secret})
    answer = only_refresh.get(PLUGIN_URL)
    assert answer.status_code == 200
    assert answer.cookies[cookies.ACCESS].value != ""


def test_sign_out_everywhere_ends_every_session_and_saleors_own_tokens(client, member):
    # given: the storefront's Saleor token and two page sessions
    storefront_token = saleor.create_tokens(member.user)["token"]
    assert _api(Client(), storefront_token)[0] == 200
    here = PageClient(client).sign_in(member.user)
    other_device = PageClient(Client()).sign_in(member.user)

    # when
    assert here.post("signout/", {"everywhere": "1"}).status_code == 302

    # then
    assert other_device.get("").status_code == 302
    assert _api(Client(), storefront_token)[0] == 401
    assert _api(Client(), other_device.signed.access_token)[0] == 401


def test_page_sign_in_goes_through_saleors_login_throttling(member):
    # given: a wrong password from one address
    first, _ = _page_sign_in(Client(), member.user.email, "wrong", "198.51.100.20")
    assert first.status_code == 400
    assert "Please enter a correct email and password." in first.content.decode()

    # when: the right password from the same address at once
    throttled, _ = _page_sign_in(Client(), member.user.email, PASSWORD, "198.51.100.20")

    # then: Saleor's delay holds (a bare password check would have let it in)
    assert throttled.status_code == 429
    assert cookies.ACCESS not in throttled.cookies
    assert "Too many sign-in attempts" in throttled.content.decode()
    # ... and another address is not held up by it
    elsewhere, _ = _page_sign_in(Client(), member.user.email, PASSWORD, "198.51.100.21")
    assert elsewhere.status_code == 302


def test_inactive_and_unknown_accounts_get_the_same_answer(member):
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])
    inactive, _ = _page_sign_in(Client(), member.user.email, PASSWORD, "198.51.100.30")
    unknown, _ = _page_sign_in(Client(), "nobody@example.com", PASSWORD, "198.51.100.31")
    assert inactive.status_code == unknown.status_code == 400
    assert cookies.ACCESS not in inactive.cookies


def test_deactivating_a_member_ends_the_page_session(client, api, company):
    # A page session follows Saleor's token key: the deactivation that ends the member's
    # Saleor tokens ends the page session too.
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    pages = PageClient(client).sign_in(buyer.user)
    assert pages.get("orders/").status_code == 200
    api.as_user(owner.user).post(gql.DEACTIVATE, {"id": gql.member_id(buyer)})
    assert pages.get("orders/").status_code in (302, 403)
