"""Sensitive fields through every parent path: a caller who may not see them gets null or
a refusal, whichever way the query reaches them."""

from __future__ import annotations

import pytest

from saleor_customer_center.roles import Role

from .world import build_world

ORDER_MONEY = (
    "total { net { amount } gross { amount } } subtotal { gross { amount } } "
    "discount { amount } lines { sku unitPrice { gross { amount } } "
    "totalPrice { gross { amount } } }"
)
MONEY_KEYS = {"total", "subtotal", "discount", "unitPrice", "totalPrice"}

# selection on Company -> (lowest role that may see it, the keys that must come back empty)
COMPANY_SENSITIVE = {
    "order money": (
        f"orders(first: 5) {{ edges {{ node {{ id {ORDER_MONEY} }} }} }}",
        Role.L30_ORDERS_PRICES,
        MONEY_KEYS,
    ),
    "orders and who placed them": (
        "orders(first: 5) { edges { node { id placedBy { email } } } }",
        Role.L20_ORDERS,
        {"orders"},
    ),
    "invoices": (
        "invoices(first: 5) { edges { node { gross { amount } } } }",
        Role.L40_BILLING,
        {"invoices"},
    ),
    "due payments": (
        "duePayments(first: 5) { edges { node { amountDue { amount } } } }",
        Role.L40_BILLING,
        {"duePayments"},
    ),
    "payments": (
        "payments(first: 5) { edges { node { amount { amount } } } }",
        Role.L40_BILLING,
        {"payments"},
    ),
    "amount due": (
        "summary { amountDue amountOverdue }",
        Role.L40_BILLING,
        {"amountDue", "amountOverdue"},
    ),
    "member emails and budgets": (
        "members(first: 5) { edges { node { email budget { amount } } } }",
        Role.L80_ADMIN,
        {"members"},
    ),
    "contact emails": (
        "erpContacts(first: 5) { edges { node { email } } }",
        Role.L80_ADMIN,
        {"erpContacts"},
    ),
    "audit emails": (
        "auditLog(first: 5) { edges { node { actorEmail before after } } }",
        Role.L80_ADMIN,
        {"auditLog"},
    ),
    "requests": ("requests(first: 5) { edges { node { payload } } }", Role.L80_ADMIN, {"requests"}),
}

# How a query reaches a Company: (document with {selection}, variables, path to the company)
COMPANY_PATHS = {
    "company(id)": (
        "query($id: ID!) {{ company(id: $id) {{ {selection} }} }}",
        lambda w: {"id": w.gid("Company", w.company.pk)},
        ("company",),
    ),
    "myCompanies": (
        "{{ myCompanies {{ company {{ {selection} }} }} }}",
        lambda w: {},
        ("myCompanies", 0, "company"),
    ),
    "companySwitch": (
        "mutation($id: ID!) {{ companySwitch(companyId: $id) {{ company {{ {selection} }} "
        "errors {{ code }} }} }}",
        lambda w: {"id": w.gid("Company", w.company.pk)},
        ("companySwitch", "company"),
    ),
}

# How a query reaches an order directly.
ORDER_PATHS = {
    "order(id)": (
        f"query($id: ID!) {{ order(id: $id) {{ id {ORDER_MONEY} }} }}",
        lambda w: {"id": w.gid("Order", w.order_link.order_id)},
    ),
    "companyOrderCancel": (
        f"mutation($c: ID!, $id: ID!) {{ companyOrderCancel(companyId: $c, orderId: $id) {{ "
        f"order {{ id {ORDER_MONEY} }} errors {{ code }} }} }}",
        lambda w: {
            "c": w.gid("Company", w.company.pk),
            "id": w.gid("Order", w.order_link.order_id),
        },
    ),
}


def values_of(data, keys: set[str]):
    """Every value stored under one of ``keys`` anywhere in the answer."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys:
                yield key, value
            yield from values_of(value, keys)
    elif isinstance(data, list):
        for item in data:
            yield from values_of(item, keys)


def codes(body) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


CASES = [
    (path, field, role)
    for path in COMPANY_PATHS
    for field, (_, minimum, _) in COMPANY_SENSITIVE.items()
    for role in Role
    if role < minimum
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "field", "role"), CASES, ids=[f"{p}-{f}-{r.name}" for p, f, r in CASES]
)
def test_sensitive_company_fields_stay_hidden_on_every_path(api, path, field, role):
    world = build_world()
    document, variables, steps = COMPANY_PATHS[path]
    selection, _, keys = COMPANY_SENSITIVE[field]
    body = api.as_user(world.members[role.name].user).post(
        document.format(selection=selection), variables(world)
    )
    company = body["data"]
    for step in steps:
        company = company[step] if company is not None else None
    assert company is not None, body  # the company itself is visible to every member
    leaked = [(key, value) for key, value in values_of(company, keys) if value is not None]
    assert leaked == [], body
    refused = [key for key in keys if key in company and company[key] is None]
    if refused and not keys & {"amountDue", "amountOverdue"} and not keys & MONEY_KEYS:
        assert "PERMISSION_DENIED" in codes(body), body


def placed_by(world, member) -> None:
    """The world's order becomes the caller's own: L20 to L40 cancel only their own orders
    (permissions.may_cancel_order); the money rule is what these tests are about."""
    world.order_link.membership = member
    world.order_link.placed_by = member.user
    world.order_link.save(update_fields=["membership", "placed_by"])


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(ORDER_PATHS))
def test_order_money_is_null_for_l20_on_every_path(api, path):
    world = build_world()
    document, variables = ORDER_PATHS[path]
    placed_by(world, world.members["L20_ORDERS"])
    body = api.as_user(world.members["L20_ORDERS"].user).post(document, variables(world))
    order = body["data"]
    order = order.get("order") or (order.get("companyOrderCancel") or {}).get("order")
    assert order is not None and order["id"], body
    assert [v for _, v in values_of(order, MONEY_KEYS) if v is not None] == [], body
    assert order["lines"], body  # lines are there, without their prices


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(ORDER_PATHS))
def test_order_money_is_there_for_l30(api, path):
    """The other side of the rule: the test above cannot pass by hiding everything."""
    world = build_world()
    document, variables = ORDER_PATHS[path]
    placed_by(world, world.members["L30_ORDERS_PRICES"])
    body = api.as_user(world.members["L30_ORDERS_PRICES"].user).post(document, variables(world))
    order = body["data"].get("order") or body["data"]["companyOrderCancel"]["order"]
    assert order["total"]["gross"]["amount"] == 123.0
    assert order["lines"][0]["unitPrice"]["gross"]["amount"] == 61.5
