"""The pages' defects of issue 14 (items 1-3, 5-8, 10-13, 15), each through the real plugin
route with the test client as a browser would use the page: fields read from the page's own
form, posted back with the CSRF pair.
"""

from __future__ import annotations

import time

import lxml.html
import pytest
from django.core.cache import cache
from django.test import override_settings
from saleor.account.models import Address
from saleor.order import OrderStatus

from saleor_customer_center import saleor
from saleor_customer_center.door import Caller, cookies
from saleor_customer_center.door.preview import make_cookie
from saleor_customer_center.links import Links
from saleor_customer_center.models import UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import members, order_pdf, tokens
from saleor_customer_center.settings_store import PluginSettings
from saleor_customer_center.web.pages import render_plain
from tests import shop
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    CompanyOrderFactory,
    InvoiceFactory,
    MembershipFactory,
    OrderFactory,
    OrderLineFactory,
    UserFactory,
)
from tests.orders.conftest import make_budget
from tests.web_client import PLUGIN_URL, PageClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_on(plugin_configuration):
    plugin_configuration(shop_name="Test Shop", sender_email="service@shop.example")


@pytest.fixture
def owner(shop_on):
    return MembershipFactory(role=Role.L90_OWNER, company=CompanyFactory(currency="EUR"))


def pages(client, membership) -> PageClient:
    return PageClient(client).sign_in(membership.user)


def doc(response):
    return lxml.html.fromstring(response.content.decode())


def text_of(response) -> str:
    return " ".join(doc(response).text_content().split())


def form_values(form) -> dict[str, str]:
    """What a browser posts for a form as it stands: inputs, selected options, textareas."""
    values: dict[str, str] = {}
    for field in form.inputs:
        name = field.name
        if not name or (field.tag == "input" and field.type in ("submit", "button")):
            continue
        if field.tag == "input" and field.type == "checkbox":
            if field.checked:
                values[name] = field.value or "on"
            continue
        values[name] = field.value or ""
    return values


def company_order(company, membership, **fields):
    order = OrderFactory(user=membership.user, **fields)
    OrderLineFactory(order=order)
    return CompanyOrderFactory(
        order=order,
        company=company,
        membership=membership,
        placed_by=membership.user,
        created_at=order.created_at,
    )


# 1. Every form keeps every entered value after an error ------------------------------------


def test_request_user_form_keeps_role_and_budget_after_an_error(client, owner):
    page = pages(client, owner)

    response = page.post(
        "users/",
        {
            "action": "request_user",
            "salutation": "Ms",
            "first_name": "Rita",
            "last_name": "Roe",
            "email": "not-an-email",
            "role": "40",
            "budget_amount": "500",
            "budget_currency": "EUR",
            "budget_period": "quarterly",
        },
    )

    assert response.status_code == 400
    html = doc(response)
    assert html.get_element_by_id("nu-role").value == "40"
    assert html.get_element_by_id("nu-budget_amount").value == "500"
    assert html.get_element_by_id("nu-budget_period").value == "quarterly"
    assert html.get_element_by_id("nu-email").value == "not-an-email"


def test_member_edit_keeps_role_and_budget_after_an_error(client, owner):
    member = MembershipFactory(company=owner.company, role=Role.L20_ORDERS)
    page = pages(client, owner)
    form = form_values(doc(page.get(f"users/{member.pk}/edit/")).forms[-1])

    response = page.post(
        f"users/{member.pk}/edit/",
        {
            **form,
            "email": "broken",
            "role": "30",
            "budget_amount": "250",
            "budget_period": "yearly",
        },
    )

    assert response.status_code == 400
    html = doc(response)
    assert html.get_element_by_id("role").value == "30"
    assert html.get_element_by_id("budget_amount").value == "250"
    assert html.get_element_by_id("budget_period").value == "yearly"


def test_request_form_keeps_the_kind_after_an_error(client, owner):
    response = pages(client, owner).post(
        "requests/", {"action": "create", "kind": "quote", "message": "   "}
    )

    assert response.status_code == 400
    assert doc(response).get_element_by_id("kind").value == "quote"


# 2. Messages belong to the response that caused them -----------------------------------------


def test_a_notice_shows_once_after_the_redirect_and_never_beside_a_later_error(client, owner):
    page = pages(client, owner)

    done = page.post(
        "users/",
        {
            "action": "request_user",
            "salutation": "Mr",
            "first_name": "Ned",
            "last_name": "New",
            "email": "ned@example.com",
            "role": "20",
        },
    )
    assert done.status_code == 302
    assert done["Location"] == PLUGIN_URL + "users/"  # no ?done= to linger

    shown = page.get("users/")
    assert "The user has been created and emailed a link to set a password." in text_of(shown)

    again = page.get("users/")
    assert "has been created" not in text_of(again)

    failed = page.post("users/", {"action": "request_user", "email": "x", "role": "20"})
    assert failed.status_code == 400
    assert "Done." not in text_of(failed)
    assert "has been created" not in text_of(failed)


# 3. Errors name the form's own label and line number -----------------------------------------


def test_quick_order_errors_name_the_form_line_and_label(client, shop_on, plugin_configuration):
    plugin_configuration(shop_name="Test Shop", new_orders_enabled=True)
    buyer = MembershipFactory(role=Role.L20_ORDERS)
    shop.variant("2.50", sku="BOLT-1")

    response = pages(client, buyer).post(
        "orders/new/",
        {"channel": "default-channel", "sku": ["", "BOLT-1"], "quantity": ["", "0"]},
    )

    assert response.status_code == 400
    errors = " ".join(doc(response).find_class("errors")[0].text_content().split())
    assert "lines." not in errors
    assert errors.startswith("Line 2, Quantity:")


def test_budget_errors_name_the_budget_fields(client, owner):
    response = pages(client, owner).post(
        "users/",
        {
            "action": "request_user",
            "salutation": "Ms",
            "first_name": "Bea",
            "last_name": "Bee",
            "email": "bea@example.com",
            "role": "20",
            "budget_amount": "lots",
            "budget_currency": "EUR",
            "budget_period": "monthly",
        },
    )

    assert response.status_code == 400
    errors = " ".join(doc(response).find_class("errors")[0].text_content().split())
    assert errors == "Budget amount: Give the amount as a number."


# 5. Addresses as the country writes them -----------------------------------------------------


def test_profile_prints_the_address_as_the_country_writes_it(client, owner):
    owner.company.addresses = [
        {
            "type": "billing",
            "companyName": "Buyer GmbH",
            "streetAddress1": "Hauptstrasse 1",
            "postalCode": "10115",
            "city": "Berlin",
            "country": "de",
        }
    ]
    owner.company.save()

    html = doc(pages(client, owner).get("profile/"))

    [address] = html.xpath("//address")
    lines = [line.strip() for line in address.itertext() if line.strip()]
    assert lines == ["Buyer GmbH", "Hauptstrasse 1", "10115 BERLIN", "GERMANY"]
    assert html.xpath("//h3")[0].text_content().strip() == "Billing address"
    assert "billing" not in address.text_content()


# 6. Home and Customer profile marked current -------------------------------------------------


@pytest.mark.parametrize(("path", "label"), [("", "Home"), ("profile/", "Customer profile")])
def test_home_and_profile_are_marked_current(client, owner, path, label):
    html = doc(pages(client, owner).get(path))

    current = html.xpath("//nav[@class='sections']//a[@aria-current='page']")
    assert [a.text_content() for a in current] == [label]


# 7. Editing yourself offers only what you may change ------------------------------------------


def test_editing_yourself_offers_no_role_or_budget_and_saves(client, shop_on):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    make_budget(admin, "100")
    page = pages(client, admin)

    html = doc(page.get(f"users/{admin.pk}/edit/"))
    form = html.forms[-1]
    names = {field.name for field in form.inputs}
    assert "budget_amount" not in names
    assert "budget_clear" not in names
    assert not form.xpath(".//select[@name='role']")

    response = page.post(f"users/{admin.pk}/edit/", {**form_values(form), "salutation": "Dr"})

    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.salutation == "Dr"
    assert admin.role == Role.L80_ADMIN


# 8. Cancel asks first; L20-L40 cancel their own orders, L80+ any ------------------------------


def test_cancel_asks_for_confirmation_first(client, shop_on):
    buyer = MembershipFactory(role=Role.L20_ORDERS)
    link = company_order(buyer.company, buyer)
    page = pages(client, buyer)

    asked = page.post(f"orders/{link.order_id}/", {})

    assert asked.status_code == 200
    assert "Cancel order #" in text_of(asked)
    confirm = doc(asked).xpath("//form[@data-testid='confirm-cancel']")[0]
    link.order.refresh_from_db()
    assert link.order.status == OrderStatus.UNFULFILLED

    done = page.post(f"orders/{link.order_id}/", form_values(confirm))

    assert done.status_code == 302
    link.order.refresh_from_db()
    assert link.order.status == OrderStatus.CANCELED
    assert "The order has been cancelled." in text_of(page.get(f"orders/{link.order_id}/"))


@pytest.mark.parametrize(
    ("role", "whose", "allowed"),
    [
        (Role.L20_ORDERS, "colleague", False),
        (Role.L40_BILLING, "admin", False),
        (Role.L30_ORDERS_PRICES, "own", True),
        (Role.L80_ADMIN, "colleague", True),
    ],
    ids=["l20_colleague_case", "l40_admins_order_case", "l30_own_case", "l80_colleague_case"],
)
def test_cancel_on_the_page_by_role(client, shop_on, role, whose, allowed):
    actor = MembershipFactory(role=role)
    placer = {
        "own": actor,
        "colleague": MembershipFactory(company=actor.company, role=Role.L20_ORDERS),
        "admin": MembershipFactory(company=actor.company, role=Role.L80_ADMIN),
    }[whose]
    link = company_order(actor.company, placer)
    page = pages(client, actor)

    shown = page.get(f"orders/{link.order_id}/")
    response = page.post(f"orders/{link.order_id}/", {"confirm": "cancel"})

    link.order.refresh_from_db()
    offered = bool(doc(shown).xpath("//*[@data-testid='cancel-order']"))
    assert offered is allowed
    if allowed:
        assert response.status_code == 302
        assert link.order.status == OrderStatus.CANCELED
    else:
        assert response.status_code == 403
        assert "only the orders you placed yourself" in text_of(response)
        assert link.order.status == OrderStatus.UNFULFILLED


def test_cancel_on_the_page_of_another_companys_order_is_not_found(client, shop_on):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    stranger = MembershipFactory(role=Role.L20_ORDERS)
    link = company_order(stranger.company, stranger)

    response = pages(client, admin).post(f"orders/{link.order_id}/", {"confirm": "cancel"})

    assert response.status_code == 404
    link.order.refresh_from_db()
    assert link.order.status == OrderStatus.UNFULFILLED


# 10. A blocked company, a deactivated user ----------------------------------------------------


def test_blocked_companys_member_reads_access_is_suspended_and_whom_to_contact(client, shop_on):
    member = MembershipFactory(role=Role.L20_ORDERS)
    member.company.is_blocked = True
    member.company.save()

    response = pages(client, member).get("")

    assert response.status_code == 403
    words = text_of(response)
    assert "access to the customer center is suspended" in words
    assert "service@shop.example" in words
    assert "activate your company" not in words


def sign_in_page(client, email, password):
    page = PageClient(client)
    return page.post("signin/", {"email": email, "password": password})


def test_deactivated_user_with_the_right_password_reads_who_switched_access_off(client, shop_on):
    owner = MembershipFactory(role=Role.L90_OWNER)
    member = MembershipFactory(company=owner.company, role=Role.L20_ORDERS)
    members.deactivate_member(owner.user, member.pk)

    right = sign_in_page(client, member.user.email, PASSWORD)
    client.cookies.clear()
    cache.clear()  # Saleor's login throttling delays the next attempt from this address
    wrong = sign_in_page(client, member.user.email, "not-the-password")

    assert right.status_code == 400
    assert "administrator has switched off your access" in text_of(right)
    assert "administrator" not in text_of(wrong)
    assert "Please enter a correct email and password." in text_of(wrong)


# 11. The start page's hint matches the navigation ---------------------------------------------


def test_orders_page_offers_new_order_as_the_start_page_says(client, plugin_configuration):
    plugin_configuration(shop_name="Test Shop", new_orders_enabled=True)
    buyer = MembershipFactory(role=Role.L20_ORDERS)

    html = doc(pages(client, buyer).get("orders/"))

    [link] = html.xpath("//*[@data-testid='new-order']")
    assert link.get("href") == PLUGIN_URL + "orders/new/"
    assert link.text_content().strip() == "New order"


# 12. An invoice PDF that is not there yet -----------------------------------------------------


def test_invoice_without_a_pdf_says_the_document_is_not_available_yet(client, shop_on):
    owner = MembershipFactory(role=Role.L90_OWNER)
    invoice = InvoiceFactory(company=owner.company, pdf_url="")

    response = pages(client, owner).get(f"billing/invoices/{invoice.pk}/pdf/")

    assert response.status_code == 404
    words = text_of(response)
    assert "The PDF of this invoice is not available yet" in words
    assert "Page not found" not in words


# 13. GraphiQL: dropped (no CDN) ---------------------------------------------------------------


@override_settings(DEBUG=True)
def test_graphql_get_loads_nothing_from_a_cdn(client, shop_on):
    response = client.get(PLUGIN_URL + "graphql/")

    assert b"unpkg" not in response.content
    assert b"<script" not in response.content
    assert response.status_code == 405


# 15. Smaller things ---------------------------------------------------------------------------


def test_order_pdf_carries_the_shops_name_and_address(shop_on):
    site = saleor._site_settings()
    site.company_address = Address.objects.create(
        company_name="Tools Shop GmbH",
        street_address_1="Werkstrasse 5",
        postal_code="80331",
        city="München",
        country="DE",
    )
    site.save()
    buyer = MembershipFactory(role=Role.L30_ORDERS_PRICES)
    link = company_order(buyer.company, buyer)

    html = lxml.html.fromstring(order_pdf.render_order_html(link, buyer))

    [shop] = html.xpath("//*[@data-testid='shop-address']")
    lines = [line.strip() for line in shop.itertext() if line.strip()]
    assert lines == ["Tools Shop GmbH", "Werkstrasse 5", "80331 MÜNCHEN", "GERMANY"]


def test_business_users_ready_page_links_to_the_shop(rf, plugin_configuration):
    settings = PluginSettings(
        active=True, shop_name="Test Shop", storefront_url="https://shop.example/"
    )
    request = rf.get(PLUGIN_URL + "activate/")
    caller = Caller(request, settings, Links.for_request(request, settings.storefront_url), None)

    response = render_plain(
        caller, "activated_business.html", {"user": UserFactory(email="b@example.com")}
    )

    hrefs = [a.get("href") for a in doc(response).xpath("//main//a")]
    assert hrefs == ["https://shop.example/"]


def test_set_password_asks_twice_and_refuses_a_mismatch(client, shop_on):
    member = MembershipFactory()
    raw = tokens.issue(member.user)
    page = PageClient(client)
    form = doc(page.get("set-password/", {"email": member.user.email, "token": raw})).forms[-1]
    assert {"password", "password_confirm"} <= {field.name for field in form.inputs}

    response = page.post(
        "set-password/",
        {
            **form_values(form),
            "password": "A-fresh-long-password-77",
            "password_confirm": "A-fresh-long-password-78",
        },
    )

    assert response.status_code == 400
    assert "The two passwords do not match." in text_of(response)
    member.user.refresh_from_db()
    assert not member.user.check_password("A-fresh-long-password-77")


def test_unchecking_every_column_says_so_and_keeps_the_columns(client, owner):
    page = pages(client, owner)

    response = page.post("grid/users/", {"next": PLUGIN_URL + "users/"})

    assert response.status_code == 302
    assert not UserPreference.objects.filter(user=owner.user).exclude(grid_columns={}).exists()
    shown = text_of(page.get("users/"))
    assert "Keep at least one column" in shown


def test_preview_offers_no_new_order_form(client, plugin_configuration, staff_user):
    plugin_configuration(shop_name="Test Shop", new_orders_enabled=True)
    member = MembershipFactory(role=Role.L80_ADMIN)
    page = PageClient(client).sign_in(staff_user)
    client.cookies[cookies.PREVIEW] = make_cookie(staff_user, member, time.time() + 600)

    new_order = page.get("orders/new/")
    home = page.get("")

    assert new_order.status_code == 200
    assert not doc(new_order).xpath("//form[@class='card']")
    assert "not in a preview" in text_of(new_order)
    assert not doc(home).xpath(f"//a[@href='{PLUGIN_URL}orders/new/']")


@pytest.mark.parametrize("path", ["signin/", "activate/"])
def test_shop_name_on_sign_in_and_activation(client, shop_on, path):
    html = doc(PageClient(client).get(path))

    assert html.xpath("//*[@data-testid='shop-name']")[0].text_content().strip() == "Test Shop"
    assert "Test Shop" in html.xpath("//title")[0].text_content()


def test_favicon_answers_from_the_package_and_pages_link_it(client, shop_on):
    response = client.get(PLUGIN_URL + "favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    icon = doc(PageClient(client).get("signin/")).xpath("//link[@rel='icon']")[0]
    assert icon.get("href") == PLUGIN_URL + "favicon.ico"
