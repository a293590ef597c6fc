"""Which language a page speaks (issue 14 item 21, door/language.py): the header switch's
cookie, else the browser's Accept-Language, else Saleor's LANGUAGE_CODE; German pages carry
the plugin's own words."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import override_settings

from saleor_customer_center.door import cookies
from saleor_customer_center.roles import Role
from tests.factories import CompanyFactory, MembershipFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(plugin_configuration):
    plugin_configuration(shop_name="Test Shop")
    return MembershipFactory(role=Role.L90_OWNER, company=CompanyFactory(currency="EUR"))


def home(response) -> tuple[str, str]:
    assert response.status_code == 200
    html = lxml.html.fromstring(response.content.decode())
    return html.get("lang"), html.xpath("//*[@id='this-month']")[0].text_content().strip()


def test_browser_asks_for_german(client, owner):
    response = PageClient(client).sign_in(owner.user).get("", HTTP_ACCEPT_LANGUAGE="de-DE,en;q=0.5")

    # "Dieser Monat" is the plugin's word; Django's admin catalog says "Diesen Monat"
    assert home(response) == ("de", "Dieser Monat")
    assert response.headers["Content-Language"] == "de"


def test_english_browser_gets_english(client, owner):
    response = PageClient(client).sign_in(owner.user).get("", HTTP_ACCEPT_LANGUAGE="en-US,de;q=0.5")

    assert home(response) == ("en", "This month")


@override_settings(LANGUAGE_CODE="de")
def test_shop_language_when_the_browser_names_none_we_speak(client, owner):
    response = PageClient(client).sign_in(owner.user).get("", HTTP_ACCEPT_LANGUAGE="fr-FR")

    assert home(response) == ("de", "Dieser Monat")


def test_the_header_switch_beats_the_browser(client, owner):
    pages = PageClient(client).sign_in(owner.user)

    switched = pages.post("language/", {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE="de")
    assert switched.status_code in (302, 303)
    assert client.cookies[cookies.LANGUAGE].value == "en"
    assert home(pages.get("", HTTP_ACCEPT_LANGUAGE="de")) == ("en", "This month")

    pages.post("language/", {"language": "de", "next": "/"})
    assert home(pages.get("", HTTP_ACCEPT_LANGUAGE="en")) == ("de", "Dieser Monat")


def test_signin_page_in_german(client, owner):
    response = PageClient(client).get("signin/", HTTP_ACCEPT_LANGUAGE="de")
    html = lxml.html.fromstring(response.content.decode())

    assert html.xpath("//h1")[0].text_content().strip() == "Am Kundencenter anmelden"
    assert "Passwort" in html.text_content()
