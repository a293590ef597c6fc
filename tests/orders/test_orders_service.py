"""The orders service and the order PDF: lists, isolation, prices by role, cancel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from saleor.order import FulfillmentStatus, OrderStatus
from saleor.order.models import Fulfillment

from saleor_customer_center import permissions, saleor
from saleor_customer_center.models import AuditEntry
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets, order_links, order_pdf, orders

from ..conftest import PLUGIN_URL
from ..factories import (
    CompanyFactory,
    CompanyOrderFactory,
    MembershipFactory,
    OrderFactory,
    OrderLineFactory,
    UserFactory,
)
from .conftest import complete, make_budget, make_checkout


def company_order(company, membership=None, *, lines=1, **order_fields):
    order = OrderFactory(user=membership.user if membership else UserFactory(), **order_fields)
    for index in range(lines):
        OrderLineFactory(
            order=order, product_sku=f"SKU-{order.number}-{index}", product_name=f"Bolt {index}"
        )
    link = CompanyOrderFactory(
        order=order,
        company=company,
        membership=membership,
        placed_by=order.user,
        created_at=order.created_at,
    )
    # As Saleor's save of the order after its lines does (order_links.on_order_saved;
    # the real path: test_search_text_follows_the_lines_of_a_real_checkout).
    order_links.refresh_search_text(order.pk)
    return link


@pytest.fixture
def company(db):
    return CompanyFactory()


def member(company, role):
    return MembershipFactory(company=company, role=role)


# Listing ------------------------------------------------------------------------------------


def test_lists_only_the_companys_orders_newest_first(company):
    buyer = member(company, Role.L20_ORDERS)
    first = company_order(company, buyer)
    second = company_order(company, buyer)
    company_order(CompanyFactory())

    assert list(orders.company_orders(company, buyer)) == [second, first]


def test_basic_role_may_not_list_orders(company):
    with pytest.raises(permissions.PermissionDenied):
        orders.company_orders(company, member(company, Role.L10_BASIC))


def test_filters(company):
    alice = member(company, Role.L30_ORDERS_PRICES)
    bob = member(company, Role.L30_ORDERS_PRICES)
    old = company_order(company, alice, created_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC))
    cancelled = company_order(company, bob, status=OrderStatus.CANCELED)
    recent = company_order(company, bob)
    OrderLineFactory(order=recent.order, product_sku="WIDGET-9", product_name="Blue widget")
    order_links.refresh_search_text(recent.order_id)

    def listed(**filters):
        return set(orders.company_orders(company, alice, **filters))

    assert listed(status=[OrderStatus.CANCELED]) == {cancelled}
    assert listed(status=OrderStatus.UNFULFILLED) == {old, recent}
    assert listed(created_to=dt.date(2026, 1, 10)) == {old}
    assert listed(created_from=dt.date(2026, 1, 11)) == {cancelled, recent}
    assert listed(placed_by=[alice.user_id]) == {old}
    assert listed(search="widget-9") == {recent}
    assert listed(search="blue WID") == {recent}
    assert listed(search=str(old.order.number)) == {old}
    assert listed(search=f"#{cancelled.order.number}") == {cancelled}
    assert listed(search="nothing like it") == set()


@pytest.mark.parametrize(
    ("sort_by", "descending", "expected"),
    [
        ("TOTAL", False, ["small", "big"]),
        ("TOTAL", True, ["big", "small"]),
        ("NUMBER", False, ["small", "big"]),
        ("CREATED_AT", True, ["big", "small"]),
    ],
    ids=["total_asc_case", "total_desc_case", "number_asc_case", "created_desc_case"],
)
def test_sorting(company, sort_by, descending, expected):
    buyer = member(company, Role.L30_ORDERS_PRICES)
    made = {
        "small": company_order(company, buyer, total_gross_amount=Decimal("5")),
        "big": company_order(company, buyer, total_gross_amount=Decimal("500")),
    }

    listed = list(orders.company_orders(company, buyer, sort_by=sort_by, descending=descending))

    assert listed == [made[name] for name in expected]


def test_another_companys_order_is_not_found_like_a_missing_one(company):
    buyer = member(company, Role.L80_ADMIN)
    foreign = company_order(CompanyFactory())

    with pytest.raises(permissions.NotFound) as foreign_error:
        orders.company_order(company, buyer, foreign.order_id)
    with pytest.raises(permissions.NotFound) as missing_error:
        orders.company_order(company, buyer, "00000000-0000-0000-0000-000000000000")
    with pytest.raises(permissions.NotFound):
        orders.company_order(company, buyer, "not-a-uuid")

    assert str(foreign_error.value) == str(missing_error.value) == "Couldn't find the order."


# Prices by role ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.L20_ORDERS, False),
        (Role.L30_ORDERS_PRICES, True),
        (Role.L40_BILLING, True),
        (Role.L80_ADMIN, True),
        (Role.L90_OWNER, True),
    ],
    ids=["l20_case", "l30_case", "l40_case", "l80_case", "l90_case"],
)
def test_money_fields_by_role(company, role, sees):
    viewer = member(company, role)
    link = company_order(company, viewer, lines=2)

    view = orders.order_view(link, viewer)

    money = [view.total_gross, view.total_net, view.subtotal_gross, view.discount]
    money += [line.unit_price_gross for line in view.lines]
    money += [line.total_price_gross for line in view.lines]
    assert all(value is not None for value in money) is sees
    assert all(value is None for value in money) is not sees
    assert sorted(line.sku for line in view.lines) == [
        f"SKU-{link.order.number}-{i}" for i in (0, 1)
    ]


def test_staff_looking_in_sees_prices(company):
    link = company_order(company, member(company, Role.L20_ORDERS))

    assert orders.order_view(link, None).total_gross == Decimal("123.00")


# Cancel ----------------------------------------------------------------------------------------


def test_member_cancels_an_order_and_the_budget_gets_it_back(buyer):
    # given
    budget = make_budget(buyer, "100")
    order = complete(make_checkout(buyer.user, "60"))
    placed_status = order.status

    # when
    link = orders.cancel_company_order(buyer.user, buyer.company_id, str(order.pk))

    # then
    link.order.refresh_from_db()
    assert link.order.status == OrderStatus.CANCELED
    assert budgets.status(budget).spent == Decimal("0.000")
    entry = AuditEntry.objects.get(action="order_cancelled")
    assert (entry.before, entry.after) == (
        {"status": placed_status},
        {"status": "canceled", "number": order.number},
    )


@pytest.mark.parametrize(
    ("status", "fulfillment", "message"),
    [
        (OrderStatus.CANCELED, None, "This order is already cancelled."),
        (OrderStatus.DRAFT, None, "This order can't be canceled."),
        (OrderStatus.EXPIRED, None, "This order can't be canceled."),
        (OrderStatus.FULFILLED, FulfillmentStatus.FULFILLED, "This order can't be canceled."),
    ],
    ids=["already_cancelled_case", "draft_case", "expired_case", "fulfilled_case"],
)
def test_order_saleor_will_not_cancel_gets_saleors_message(company, status, fulfillment, message):
    buyer = member(company, Role.L20_ORDERS)
    link = company_order(company, buyer, status=status)
    if fulfillment:
        Fulfillment.objects.create(order=link.order, status=fulfillment)

    with pytest.raises(ValidationError) as refused:
        orders.cancel_company_order(buyer.user, company.pk, str(link.order_id))

    assert refused.value.message_dict == {"order_id": [message]}
    assert refused.value.error_dict["order_id"][0].code == "cannot_cancel_order"
    link.order.refresh_from_db()
    assert link.order.status == status


def test_cancel_needs_the_orders_role(company):
    basic = member(company, Role.L10_BASIC)
    link = company_order(company, member(company, Role.L20_ORDERS))

    with pytest.raises(permissions.PermissionDenied):
        orders.cancel_company_order(basic.user, company.pk, str(link.order_id))


def test_cancel_of_another_companys_order_is_not_found(company):
    buyer = member(company, Role.L80_ADMIN)
    foreign = company_order(CompanyFactory())

    with pytest.raises(permissions.NotFound):
        orders.cancel_company_order(buyer.user, company.pk, str(foreign.order_id))

    foreign.order.refresh_from_db()
    assert foreign.order.status == OrderStatus.UNFULFILLED


def test_cancel_for_a_company_the_user_is_not_in_is_not_found(company):
    outsider = member(CompanyFactory(), Role.L80_ADMIN)
    link = company_order(company)

    with pytest.raises(permissions.NotFound):
        orders.cancel_company_order(outsider.user, company.pk, str(link.order_id))


# PDF ----------------------------------------------------------------------------------------


def test_pdf_html_has_no_prices_for_l20_and_prices_for_l30(company):
    link = company_order(company, member(company, Role.L20_ORDERS))
    l20, l30 = member(company, Role.L20_ORDERS), member(company, Role.L30_ORDERS_PRICES)

    without = order_pdf.render_order_html(link, l20)
    with_prices = order_pdf.render_order_html(link, l30)

    assert f"SKU-{link.order.number}-0" in without and "Bolt 0" in without
    assert "USD" not in without and "61.50" not in without and "Total" not in without
    assert "61.50 USD" in with_prices and "123.00 USD" in with_prices


def pdf_url(order_id) -> str:
    return f"{PLUGIN_URL}orders/{order_id}/pdf/"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {saleor.create_tokens(user)['token']}"}


def test_pdf_download(client, plugin_configuration, company):
    viewer = member(company, Role.L20_ORDERS)
    link = company_order(company, viewer)

    by_uuid = client.get(pdf_url(link.order_id), **bearer(viewer.user))
    by_global_id = client.get(pdf_url(saleor.order_global_id(link.order)), **bearer(viewer.user))

    for response in (by_uuid, by_global_id):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="order-{link.order.number}.pdf"'
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("bad_token", 401), ("other_company", 404), ("basic_role", 403)],
    ids=["anonymous_case", "bad_token_case", "other_company_case", "basic_role_case"],
)
def test_pdf_refusals(client, plugin_configuration, company, who, status):
    link = company_order(company, member(company, Role.L20_ORDERS))
    headers = {
        "anonymous": {},
        "bad_token": {"HTTP_AUTHORIZATION": "Bearer not-a-token"},
        "other_company": bearer(member(CompanyFactory(), Role.L90_OWNER).user),
        "basic_role": bearer(member(company, Role.L10_BASIC).user),
    }[who]

    response = client.get(pdf_url(link.order_id), **headers)

    assert response.status_code == status
    assert not response.content.startswith(b"%PDF")


def test_pdf_is_not_served_while_the_plugin_is_inactive(client, plugin_configuration, company):
    viewer = member(company, Role.L20_ORDERS)
    link = company_order(company, viewer)
    plugin_configuration(active=False)

    assert client.get(pdf_url(link.order_id), **bearer(viewer.user)).status_code == 404
