"""Every route the plugin serves x every kind of caller: the pages' authorization matrix
(issue 13 item 8), the security headers on every answer (issue 12 item 6), and a
property-based walk of every route with malformed ids and form values that must never
answer 5xx (issue 12 item 10).

The walk goes through Django's test client over the real plugin URL (Saleor's
``/plugins/global/<id>/`` view, the plugin's ``webhook()``, the door), not a browser. A
route in ``urls.py`` without a row here fails ``test_every_route_has_a_row``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from saleor.permission.models import Permission

from saleor_customer_center import saleor, urls
from saleor_customer_center.door import cookies
from saleor_customer_center.door.headers import SECURITY_HEADERS
from saleor_customer_center.door.preview import make_cookie
from saleor_customer_center.models import MemberImport
from saleor_customer_center.roles import Role
from tests.conftest import PLUGIN_URL
from tests.factories import (
    CompanyFactory,
    CompanyOrderFactory,
    InvoiceFactory,
    MembershipFactory,
    OrderFactory,
    UserFactory,
)
from tests.quotes.conftest import quoted
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

CALLERS = (
    "anonymous",
    "L10",
    "L20",
    "L30",
    "L40",
    "L80",
    "L90",
    "other_company",  # the Owner of another company, on this company's objects
    "staff",  # staff with MANAGE_USERS, member of no company
    "staff_without",  # staff without MANAGE_USERS
    "preview",  # staff with MANAGE_USERS previewing this company's Owner
)


def row(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(CALLERS)
    return dict(zip(CALLERS, statuses, strict=True))


def same(status: int) -> dict[str, int]:
    return row(*[status] * len(CALLERS))


# route name: expected status per caller, in the order of CALLERS:
#          anon  L10  L20  L30  L40  L80  L90 other staff s/o preview
MATRIX: dict[str, dict[str, int]] = {
    # machine endpoints: no page session is read
    "health": same(200),
    "cc-favicon": same(200),
    "graphql": same(200),  # bearer only: page cookies make no caller (anonymous answer)
    "erp-push": same(401),  # unsigned
    # downloads (page session or bearer)
    # (staff with MANAGE_USERS may read any company's order: services/orders.py)
    "order-pdf": row(401, 403, 200, 200, 200, 200, 200, 404, 200, 404, 200),
    "cc-invoice-pdf": row(401, 403, 403, 403, 404, 404, 404, 404, 404, 404, 404),
    # exports of the current company's lists (here: orders); staff in no company have none
    "cc-export": row(401, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    # visitors' pages
    "cc-signin": same(200),
    "cc-signout": same(302),
    "cc-activate": same(200),
    "cc-set-password": same(200),
    # the customer center
    "cc-home": row(302, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-choose": row(302, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-switch": row(302, 302, 302, 302, 302, 302, 302, 404, 403, 403, 403),
    "cc-profile": row(302, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-billing": row(302, 403, 403, 403, 200, 200, 200, 200, 403, 403, 200),
    "cc-statement": row(302, 403, 403, 403, 200, 200, 200, 200, 403, 403, 200),
    "cc-language": same(302),
    "cc-orders": row(302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-order-new": row(302, 403, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-order": row(302, 403, 200, 200, 200, 200, 200, 404, 403, 403, 200),
    "cc-order-reorder": row(302, 403, 200, 200, 200, 200, 200, 404, 403, 403, 200),
    "cc-users": row(302, 403, 403, 403, 403, 200, 200, 200, 403, 403, 200),
    "cc-member-edit": row(302, 403, 403, 403, 403, 200, 200, 404, 403, 403, 200),
    "cc-member-import": row(302, 403, 403, 403, 403, 200, 200, 200, 403, 403, 200),
    "cc-member-import-status": row(302, 403, 403, 403, 403, 200, 200, 404, 403, 403, 200),
    "cc-requests": row(302, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-activity": row(302, 403, 403, 403, 403, 200, 200, 200, 403, 403, 200),
    "cc-grid": row(302, 302, 302, 302, 302, 302, 302, 302, 403, 403, 403),
    # quotes: L30 and up (or a member given a right)
    "cc-quotes": row(302, 403, 403, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-quote-new": row(302, 403, 403, 200, 200, 200, 200, 200, 403, 403, 200),
    "cc-quote": row(302, 403, 403, 200, 200, 200, 200, 404, 403, 403, 200),
    # the operator's console: anyone but staff with MANAGE_USERS gets a plain 404
    "cc-staff-home": row(404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200),
    "cc-staff-companies": row(404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200),
    "cc-staff-company": row(404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200),
    "cc-staff-company-block": row(404, 404, 404, 404, 404, 404, 404, 404, 302, 404, 302),
    "cc-staff-ownership": row(404, 404, 404, 404, 404, 404, 404, 404, 302, 404, 302),
    "cc-staff-access": row(404, 404, 404, 404, 404, 404, 404, 404, 302, 404, 302),
    "cc-staff-preview": row(404, 404, 404, 404, 404, 404, 404, 404, 302, 404, 302),
    "cc-staff-preview-end": row(404, 404, 404, 404, 404, 404, 404, 404, 302, 404, 302),
    "cc-staff-requests": row(404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200),
    "cc-staff-erp": row(404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200),
    "cc-staff-quote": row(404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200),
    "cc-staff-order": row(404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200),
}


@dataclass
class World:
    company: Any
    members: dict[str, Any]  # "L10" ... "L90": memberships of company
    other: Any  # the Owner of another company
    staff: Any
    staff_without: Any
    order: Any  # an order of company
    invoice: Any  # an invoice of company
    member_import: Any  # a user import of company
    quote: Any  # a quote of company, asked for by its L30 member and answered


@pytest.fixture
def world(plugin_configuration) -> World:
    plugin_configuration(new_orders_enabled=True)  # the role decides, not the switch
    company = CompanyFactory()
    members = {f"L{role.value}": MembershipFactory(company=company, role=role) for role in Role}
    other = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account")
    )
    staff_without = UserFactory(is_staff=True)
    link = CompanyOrderFactory(
        company=company,
        order=OrderFactory(user=members["L90"].user),
        membership=members["L90"],
        placed_by=members["L90"].user,
    )
    return World(
        company=company,
        members=members,
        other=other,
        staff=staff,
        staff_without=staff_without,
        order=link.order,
        invoice=InvoiceFactory(company=company),
        member_import=MemberImport.objects.create(company=company, status="done"),
        quote=quoted(company, staff),
    )


def client_for(world: World, caller: str) -> Client:
    """A fresh browser of one caller: its page session (and preview) cookies, or none."""
    client = Client(raise_request_exception=True)
    pages = PageClient(client)
    if caller in world.members:
        pages.sign_in(world.members[caller].user)
    elif caller == "other_company":
        pages.sign_in(world.other.user)
    elif caller == "staff":
        pages.sign_in(world.staff)
    elif caller == "staff_without":
        pages.sign_in(world.staff_without)
    elif caller == "preview":
        pages.sign_in(world.staff)
        owner = world.members["L90"]
        client.cookies[cookies.PREVIEW] = make_cookie(world.staff, owner, time.time() + 600)
    return client


def _csrf(client: Client) -> str:
    return client.cookies[cookies.CSRF].value


# route name: (method, path kwargs, form) for the matrix walk
def requests_of(world: World) -> dict[str, tuple[str, dict[str, Any], dict[str, str]]]:
    target = world.members["L10"]
    return {
        "health": ("GET", {}, {}),
        "cc-favicon": ("GET", {}, {}),
        "graphql": ("POST", {}, {}),
        "erp-push": ("POST", {"kind": "invoices"}, {}),
        "order-pdf": ("GET", {"order_id": str(world.order.pk)}, {}),
        "cc-invoice-pdf": ("GET", {"invoice_id": world.invoice.pk}, {}),
        "cc-export": ("GET", {"name": "orders", "fmt": "csv"}, {}),
        "cc-signin": ("GET", {}, {}),
        "cc-signout": ("POST", {}, {}),
        "cc-activate": ("GET", {}, {}),
        "cc-set-password": ("GET", {}, {}),
        "cc-home": ("GET", {}, {}),
        "cc-choose": ("GET", {}, {}),
        "cc-switch": ("POST", {}, {"company": str(world.company.pk)}),
        "cc-profile": ("GET", {}, {}),
        "cc-billing": ("GET", {}, {}),
        "cc-statement": ("GET", {}, {}),
        "cc-language": ("POST", {}, {"language": "de"}),
        "cc-orders": ("GET", {}, {}),
        "cc-order-new": ("GET", {}, {}),
        "cc-order": ("GET", {"order_id": world.order.pk}, {}),
        "cc-order-reorder": ("GET", {"order_id": world.order.pk}, {}),
        "cc-users": ("GET", {}, {}),
        "cc-member-edit": ("GET", {"member_id": target.pk}, {}),
        "cc-member-import": ("GET", {}, {}),
        "cc-member-import-status": ("GET", {"import_id": world.member_import.pk}, {}),
        "cc-requests": ("GET", {}, {}),
        "cc-activity": ("GET", {}, {}),
        "cc-grid": ("POST", {"name": "orders"}, {}),
        "cc-quotes": ("GET", {}, {}),
        "cc-quote-new": ("GET", {}, {}),
        "cc-quote": ("GET", {"quote_id": world.quote.pk}, {}),
        "cc-staff-home": ("GET", {}, {}),
        "cc-staff-companies": ("GET", {}, {}),
        "cc-staff-company": ("GET", {"company_id": world.company.pk}, {}),
        "cc-staff-company-block": (
            "POST",
            {"company_id": world.company.pk},
            {"blocked": "1", "reason": "Matrix", "confirm": "yes"},
        ),
        "cc-staff-ownership": (
            "POST",
            {"company_id": world.company.pk},
            {"member_id": str(world.members["L80"].pk), "confirm": "yes"},
        ),
        "cc-staff-access": (
            "POST",
            {"member_id": target.pk},
            {"action": "deactivate", "confirm": "yes"},
        ),
        "cc-staff-preview": ("POST", {"member_id": target.pk}, {}),
        "cc-staff-preview-end": ("POST", {}, {}),
        "cc-staff-requests": ("GET", {}, {}),
        "cc-staff-erp": ("GET", {}, {}),
        "cc-staff-quote": ("GET", {"quote_id": world.quote.pk}, {}),
        "cc-staff-order": ("GET", {"order_id": world.order.pk}, {}),
    }


def _route_names() -> set[str]:
    return {p.name for p in urls.urlpatterns if isinstance(p, URLPattern) and p.name}


def _url(name: str, kwargs: dict[str, Any]) -> str:
    from saleor_customer_center.links import path

    return path(name, *kwargs.values())


def send(client: Client, method: str, url: str, form: dict[str, str], **extra: Any):
    """One request; a POST brings the CSRF pair and is rolled back afterwards, so every
    cell starts from the same world."""
    if method == "GET":
        return client.get(url, form, **extra)
    with transaction.atomic():
        if url.endswith("/graphql/"):
            response = client.post(
                url, json.dumps({"query": "{ __typename }"}), content_type="application/json"
            )
        else:
            response = client.post(url, {"csrf_token": _csrf(client), **form}, **extra)
        transaction.set_rollback(True)
    return response


def assert_security_headers(response, where: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.get(name) == value, f"{where}: {name}"


def test_every_route_has_a_row(world):
    assert set(MATRIX) == _route_names()
    assert set(requests_of(world)) == _route_names()


@pytest.mark.parametrize("caller", CALLERS)
def test_page_authorization_matrix(world, caller):
    client = client_for(world, caller)
    client.get(PLUGIN_URL + "health/")  # the CSRF cookie, as a browser gets it first
    seen = {}
    for name, (method, kwargs, form) in requests_of(world).items():
        response = send(client_for_cell(client), method, _url(name, kwargs), form)
        assert_security_headers(response, name)
        seen[name] = response.status_code
    expected = {name: cells[caller] for name, cells in MATRIX.items()}
    assert seen == expected


def client_for_cell(client: Client) -> Client:
    """The same caller's cookies in a browser of its own (a sign-out in one cell must not
    sign the next one out)."""
    fresh = Client(raise_request_exception=True)
    for name, morsel in client.cookies.items():
        if morsel.value:
            fresh.cookies[name] = morsel.value
    return fresh


def test_security_headers_on_refusals_and_unknown_paths(client, plugin_configuration):
    for response in (
        client.get(PLUGIN_URL + "no-such-page/"),
        client.get(PLUGIN_URL + "orders/not-a-uuid/"),
        client.post(PLUGIN_URL + "signin/", {"email": "x@example.com"}),  # no CSRF pair
        client.put(PLUGIN_URL + "signin/"),
    ):
        assert 400 <= response.status_code < 500
        assert_security_headers(response, response.request["PATH_INFO"])


# The property-based walk ---------------------------------------------------------------

NASTY = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1.5",
            "abc",
            "9" * 40,
            "1e309",
            "NaN",
            "2026-02-31",
            "31/12/2026",
            "\x00",
            "a\x00b",
            "'; drop table x; --",
            "<script>",
            "%00",
            "😀",
            " ",
            "[]",
            "{}",
        ]
    ),
    st.text(max_size=30),
    st.text(max_size=10).map(lambda text: f"{text}\x00{text}"),  # what PostgreSQL refuses
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
PATH_VALUES = st.one_of(
    st.integers(min_value=0, max_value=2**70).map(str),
    st.sampled_from(["abc", "-1", "00000000-0000-0000-0000-000000000000", "T3JkZXI6MQ=="]),
)
# The fields the pages' forms and filters read (web/views_*.py), and a few they do not.
FIELDS = [
    "next", "email", "password", "everywhere", "company", "status", "from", "to", "q",
    "sort", "page", "channel", "sku", "quantity", "customer_number", "invoice_number",
    "token", "action", "kind", "message", "request_id", "reason", "contact_id",
    "contact_number", "role", "budget", "budget_amount", "budget_period", "member_id",
    "salutation", "first_name", "last_name", "blocked", "record_id", "done", "retried",
    "cancelled", "show_number", "pos_number", "person", "after", "unknown_field", "po", "po_number",
    "wanted_by", "note", "from_order", "valid_until", "discount_percent", "price-0",
    "po_number_required", "rights_shown", "may_approve_quotations", "may_raise_requests",
]  # fmt: skip


def both_methods_below_500(
    client: Client, csrf: str, name: str, sub: str, data: dict[str, str]
) -> None:
    """GET with ``data`` as the query, POST with it as the form (rolled back): no 5xx."""
    for method in ("GET", "POST"):
        fresh = client_for_cell(client)
        with transaction.atomic():
            if method == "GET":
                response = fresh.get(PLUGIN_URL + sub, data)
            else:
                response = fresh.post(PLUGIN_URL + sub, {**data, "csrf_token": csrf})
            transaction.set_rollback(True)
        assert response.status_code < 500, (name, method, sub, data)
        assert_security_headers(response, name)


def _walk_routes() -> list[tuple[str, str]]:
    return sorted((p.name, str(p.pattern)) for p in urls.urlpatterns if isinstance(p, URLPattern))


@pytest.mark.parametrize("caller", ["L90", "staff"])
def test_no_route_answers_5xx_to_malformed_input(world, caller):
    """Every route, both methods, malformed path ids, query strings and forms: 4xx or a
    page, never 5xx (the test client raises what a 500 would have hidden)."""
    import re

    client = client_for(world, caller)
    client.get(PLUGIN_URL + "health/")
    csrf = _csrf(client)
    routes = _walk_routes()
    if caller == "staff":  # the staff user has full MANAGE_PLUGINS too for the ERP page
        world.staff.user_permissions.add(
            Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins")
        )

    @settings(
        max_examples=250,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(
        route=st.sampled_from(routes),
        path_value=PATH_VALUES,
        every_field=NASTY,
        data=st.dictionaries(st.sampled_from(FIELDS), NASTY, max_size=4),
    )
    def walk(route, path_value, every_field, data):
        # every field the page reads gets one malformed value, a few others their own
        name, pattern = route
        sub = re.sub(r"<[^>]+>", path_value, pattern)
        data = {**dict.fromkeys(FIELDS, every_field), **data}
        both_methods_below_500(client, csrf, name, sub, data)

    walk()


@pytest.mark.parametrize("caller", ["L90", "staff"])
def test_every_route_and_field_with_each_malformed_value(world, caller):
    """The deterministic half of the walk: every route x method x every field at once,
    with each of the values that once answered 500 (issue 12 item 10)."""
    import re

    client = client_for(world, caller)
    client.get(PLUGIN_URL + "health/")
    csrf = _csrf(client)
    values = ["abc", "-1", "9" * 40, "2026-02-31", "a\x00b", "1e309", ""]
    for name, pattern in _walk_routes():
        for value in values:
            sub = re.sub(r"<[^>]+>", "9" * 25 if value == "" else value, pattern)
            both_methods_below_500(client, csrf, name, sub, dict.fromkeys(FIELDS, value))


def test_tokens_are_refused_where_a_page_session_is_required(world):
    # Pages read cookies only: a bearer header (which a cross-site form can never carry,
    # but a stolen token can) makes no page caller.
    token = saleor.create_tokens(world.members["L90"].user)["token"]
    response = Client().get(PLUGIN_URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 302
