"""The orders area of the API: company { orders }, order(id), companyOrderCancel,
companyCheckoutCreate. Roles, isolation, money by role, constant query count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql_relay import to_global_id
from saleor.checkout.models import Checkout
from saleor.order import OrderStatus

from saleor_customer_center.models import UserPreference
from saleor_customer_center.roles import Role
from saleor_customer_center.services import budgets

from .. import shop
from ..factories import CompanyFactory, MembershipFactory
from .conftest import complete, make_budget, make_checkout
from .test_orders_service import company_order

ORDER_FIELDS = """id number status createdAt placedBy { id email }
  total { net { amount currency } gross { amount currency } }
  subtotal { gross { amount } } discount { amount }
  lines { sku productName quantity unitPrice { gross { amount } } totalPrice { gross { amount } } }
  pdfUrl"""

ORDERS = (
    """query($id: ID!, $filter: CompanyOrderFilterInput, $sort: CompanyOrderSortingInput) {
  company(id: $id) { orders(first: 50, filter: $filter, sortBy: $sort) { totalCount
  edges { node { """
    + ORDER_FIELDS
    + " } } } } }"
)

ORDER = "query($id: ID!) { order(id: $id) { " + ORDER_FIELDS + " } }"

CANCEL = """mutation($company: ID!, $order: ID!) {
  companyOrderCancel(companyId: $company, orderId: $order) {
  errors { field code message } order { id status } } }"""

CHECKOUT_CREATE = """mutation($company: ID!, $input: CompanyCheckoutCreateInput!) {
  companyCheckoutCreate(companyId: $company, input: $input) {
  errors { field code message } checkout { id token } } }"""


def gid(company) -> str:
    return to_global_id("Company", company.pk)


def order_gid(link) -> str:
    return to_global_id("Order", str(link.order_id))


@pytest.fixture
def company(db):
    return CompanyFactory()


def nodes(answer) -> list[dict]:
    return [edge["node"] for edge in answer["data"]["company"]["orders"]["edges"]]


@pytest.mark.parametrize(
    ("role", "sees_money"),
    [(Role.L20_ORDERS, False), (Role.L30_ORDERS_PRICES, True), (Role.L80_ADMIN, True)],
    ids=["l20_case", "l30_case", "l80_case"],
)
def test_orders_with_money_by_role(api, company, role, sees_money):
    viewer = MembershipFactory(company=company, role=role)
    link = company_order(company, viewer)

    answer = api.as_user(viewer.user).post(ORDERS, {"id": gid(company)})

    [node] = nodes(answer)
    assert node["id"] == order_gid(link)
    assert node["number"] == str(link.order.number)
    assert node["status"] == "UNFULFILLED"
    assert node["placedBy"] == {
        "id": to_global_id("User", str(viewer.user_id)),
        "email": viewer.user.email,
    }
    assert node["lines"][0]["sku"] == f"SKU-{link.order.number}-0"
    assert node["pdfUrl"] == (
        f"http://testserver/plugins/global/saleor.customer_center/orders/{link.order_id}/pdf/"
    )
    money = [node["total"], node["subtotal"], node["discount"]]
    money += [node["lines"][0]["unitPrice"], node["lines"][0]["totalPrice"]]
    if sees_money:
        assert node["total"] == {
            "net": {"amount": 100.0, "currency": "USD"},
            "gross": {"amount": 123.0, "currency": "USD"},
        }
        assert node["lines"][0]["unitPrice"] == {"gross": {"amount": 61.5}}
        assert all(value is not None for value in money)
    else:
        assert money == [None] * 5


def test_basic_role_gets_permission_denied_for_orders(api, company):
    viewer = MembershipFactory(company=company, role=Role.L10_BASIC)
    company_order(company)

    answer = api.as_user(viewer.user).post(ORDERS, {"id": gid(company)})

    assert answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_l20_may_not_sort_by_total(api, company):
    viewer = MembershipFactory(company=company, role=Role.L20_ORDERS)

    answer = api.as_user(viewer.user).post(
        ORDERS, {"id": gid(company), "sort": {"field": "TOTAL", "direction": "ASC"}}
    )

    assert answer["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_filter_and_sort(api, company):
    viewer = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    colleague = MembershipFactory(company=company, role=Role.L20_ORDERS)
    mine_small = company_order(company, viewer, total_gross_amount=Decimal("5"))
    mine_big = company_order(company, viewer, total_gross_amount=Decimal("50"))
    company_order(company, colleague)
    company_order(company, viewer, status=OrderStatus.CANCELED)

    answer = api.as_user(viewer.user).post(
        ORDERS,
        {
            "id": gid(company),
            "filter": {
                "status": ["UNFULFILLED"],
                "placedBy": [to_global_id("User", str(viewer.user_id))],
            },
            "sort": {"field": "TOTAL", "direction": "DESC"},
        },
    )

    assert [node["id"] for node in nodes(answer)] == [order_gid(mine_big), order_gid(mine_small)]
    assert answer["data"]["company"]["orders"]["totalCount"] == 2


def test_query_count_is_constant_in_orders_and_lines(api, company, django_assert_num_queries):
    viewer = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    client = api.as_user(viewer.user)
    company_order(company, viewer, lines=1)
    client.post(ORDERS, {"id": gid(company)})  # Saleor's per-process caches warm up
    with CaptureQueriesContext(connection) as few:
        assert len(nodes(client.post(ORDERS, {"id": gid(company)}))) == 1

    for _ in range(7):
        company_order(company, viewer, lines=4)
    with django_assert_num_queries(len(few.captured_queries)):
        answer = client.post(ORDERS, {"id": gid(company)})

    assert len(nodes(answer)) == 8
    assert sum(len(node["lines"]) for node in nodes(answer)) == 29


def test_order_by_id_and_isolation(api, company):
    viewer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    mine = company_order(company, viewer)
    foreign = company_order(CompanyFactory())
    client = api.as_user(viewer.user)

    assert client.post(ORDER, {"id": order_gid(mine)})["data"]["order"]["total"] is None
    assert client.post(ORDER, {"id": order_gid(foreign)})["data"]["order"] is None
    missing = to_global_id("Order", "00000000-0000-0000-0000-000000000000")
    assert client.post(ORDER, {"id": missing})["data"]["order"] is None
    assert client.post(ORDER, {"id": gid(company)})["data"]["order"] is None


def test_another_companys_orders_list_is_not_found(api, company):
    outsider = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)
    company_order(company)

    answer = api.as_user(outsider.user).post(ORDERS, {"id": gid(company)})

    assert answer["data"]["company"] is None


# companyOrderCancel ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "whose", "code"),
    [
        (Role.L10_BASIC, "own", "PERMISSION_DENIED"),
        (Role.L20_ORDERS, "own", None),
        (Role.L30_ORDERS_PRICES, "own", None),
        (Role.L40_BILLING, "own", None),
        (Role.L20_ORDERS, "colleague", "PERMISSION_DENIED"),
        (Role.L30_ORDERS_PRICES, "colleague", "PERMISSION_DENIED"),
        (Role.L40_BILLING, "colleague", "PERMISSION_DENIED"),
        (Role.L20_ORDERS, "admin", "PERMISSION_DENIED"),
        (Role.L80_ADMIN, "colleague", None),
        (Role.L90_OWNER, "colleague", None),
    ],
    ids=[
        "l10_own_case",
        "l20_own_case",
        "l30_own_case",
        "l40_own_case",
        "l20_colleague_case",
        "l30_colleague_case",
        "l40_colleague_case",
        "l20_admins_order_case",
        "l80_colleague_case",
        "l90_colleague_case",
    ],
)
def test_cancel_by_role(api, company, role, whose, code):
    """L20 to L40 cancel their own orders; L80 and up any order of the company (#14 item 8)."""
    actor = MembershipFactory(company=company, role=role)
    placer = {
        "own": actor,
        "colleague": MembershipFactory(company=company, role=Role.L20_ORDERS),
        "admin": MembershipFactory(company=company, role=Role.L80_ADMIN),
    }[whose]
    link = company_order(company, placer)

    answer = api.as_user(actor.user).post(
        CANCEL, {"company": gid(company), "order": order_gid(link)}
    )

    result = answer["data"]["companyOrderCancel"]
    link.order.refresh_from_db()
    if code is None:
        assert result["errors"] == []
        assert result["order"] == {"id": order_gid(link), "status": "CANCELED"}
        assert link.order.status == OrderStatus.CANCELED
    else:
        assert [error["code"] for error in result["errors"]] == [code]
        assert link.order.status == OrderStatus.UNFULFILLED


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (OrderStatus.EXPIRED, "This order can't be canceled."),
        (OrderStatus.CANCELED, "This order is already cancelled."),
    ],
    ids=["saleor_refuses_case", "already_cancelled_case"],
)
def test_cancel_refused_with_saleors_message(api, company, status, message):
    actor = MembershipFactory(company=company, role=Role.L20_ORDERS)
    link = company_order(company, actor, status=status)

    answer = api.as_user(actor.user).post(
        CANCEL, {"company": gid(company), "order": order_gid(link)}
    )

    assert answer["data"]["companyOrderCancel"]["errors"] == [
        {"field": "orderId", "code": "CANNOT_CANCEL_ORDER", "message": message}
    ]


@pytest.mark.parametrize("where", ["other_company_order", "not_my_company"])
def test_cancel_isolation_is_not_found(api, company, where):
    actor = MembershipFactory(company=company, role=Role.L80_ADMIN)
    other = CompanyFactory()
    link = company_order(other)
    target_company = company if where == "other_company_order" else other

    answer = api.as_user(actor.user).post(
        CANCEL, {"company": gid(target_company), "order": order_gid(link)}
    )

    assert [e["code"] for e in answer["data"]["companyOrderCancel"]["errors"]] == ["NOT_FOUND"]
    link.order.refresh_from_db()
    assert link.order.status == OrderStatus.UNFULFILLED


# companyCheckoutCreate --------------------------------------------------------------------------


def checkout_input(sku="BOLT-1", quantity=2):
    return {"channel": "default-channel", "lines": [{"sku": sku, "quantity": quantity}]}


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.L10_BASIC, "PERMISSION_DENIED"),
        (Role.L20_ORDERS, None),
        (Role.L30_ORDERS_PRICES, None),
        (Role.L90_OWNER, None),
    ],
    ids=["l10_case", "l20_case", "l30_case", "l90_case"],
)
def test_checkout_create_by_role(api, company, plugin_configuration, role, code):
    plugin_configuration(new_orders_enabled=True)
    shop.variant(sku="BOLT-1")
    actor = MembershipFactory(company=company, role=role)

    answer = api.as_user(actor.user).post(
        CHECKOUT_CREATE, {"company": gid(company), "input": checkout_input()}
    )

    result = answer["data"]["companyCheckoutCreate"]
    if code is None:
        checkout = Checkout.objects.get()
        assert result["errors"] == []
        assert result["checkout"] == {
            "id": to_global_id("Checkout", str(checkout.token)),
            "token": str(checkout.token),
        }
        assert checkout.user == actor.user
    else:
        assert [error["code"] for error in result["errors"]] == [code]
        assert not Checkout.objects.exists()


def test_checkout_create_when_new_orders_are_disabled(api, company):
    shop.variant(sku="BOLT-1")
    actor = MembershipFactory(company=company, role=Role.L20_ORDERS)

    answer = api.as_user(actor.user).post(
        CHECKOUT_CREATE, {"company": gid(company), "input": checkout_input()}
    )

    assert answer["data"]["companyCheckoutCreate"]["errors"] == [
        {
            "field": None,
            "code": "NEW_ORDERS_DISABLED",
            "message": "New orders are disabled in this shop.",
        }
    ]
    assert not Checkout.objects.exists()


def test_checkout_create_field_errors(api, company, plugin_configuration):
    plugin_configuration(new_orders_enabled=True)
    shop.variant(sku="BOLT-1")
    actor = MembershipFactory(company=company, role=Role.L20_ORDERS)

    answer = api.as_user(actor.user).post(
        CHECKOUT_CREATE,
        {
            "company": gid(company),
            "input": {
                "channel": "default-channel",
                "lines": [{"sku": "NOPE", "quantity": 1}, {"sku": "BOLT-1", "quantity": 0}],
            },
        },
    )

    assert sorted(
        (e["field"], e["code"]) for e in answer["data"]["companyCheckoutCreate"]["errors"]
    ) == [("lines.0.sku", "UNKNOWN_SKU"), ("lines.1.quantity", "INVALID")]
    assert not Checkout.objects.exists()


def test_checkout_create_for_another_company_is_not_found(api, company, plugin_configuration):
    plugin_configuration(new_orders_enabled=True)
    shop.variant(sku="BOLT-1")
    outsider = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)

    answer = api.as_user(outsider.user).post(
        CHECKOUT_CREATE, {"company": gid(company), "input": checkout_input()}
    )

    assert [e["code"] for e in answer["data"]["companyCheckoutCreate"]["errors"]] == ["NOT_FOUND"]
    assert not Checkout.objects.exists()


def test_members_budget_shows_where_each_member_stands(api, company):
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES)
    make_budget(buyer, "200", start_date=timezone.localdate().replace(day=1))
    UserPreference.objects.create(user=buyer.user, current_company=company)
    complete(make_checkout(buyer.user, "150"))

    answer = api.as_user(admin.user).post(
        """query($id: ID!) { company(id: $id) { members(first: 10) { edges { node {
          email budget { amount currency period spent remaining resetsAt } } } } } }""",
        {"id": gid(company)},
    )

    by_email = {
        edge["node"]["email"]: edge["node"]["budget"]
        for edge in answer["data"]["company"]["members"]["edges"]
    }
    _, next_start = budgets.current_period(buyer.budget)
    assert by_email[admin.user.email] is None
    assert by_email[buyer.user.email] == {
        "amount": 200.0,
        "currency": "USD",
        "period": "MONTHLY",
        "spent": 150.0,
        "remaining": 50.0,
        "resetsAt": budgets.local_midnight(next_start).isoformat(),
    }
