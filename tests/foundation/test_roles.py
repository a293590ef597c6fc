"""Every cell of the roles table of DESIGN.md section 3, read from roles.py."""

import pytest

from saleor_customer_center import roles
from saleor_customer_center.roles import Role, Section

# role: (home, orders, prices in orders, billing, user management, customer profile)
TABLE = {
    Role.L10_BASIC: (True, False, False, False, False, True),
    Role.L20_ORDERS: (True, True, False, False, False, True),
    Role.L30_ORDERS_PRICES: (True, True, True, False, False, True),
    Role.L40_BILLING: (True, True, True, True, False, True),
    Role.L80_ADMIN: (True, True, True, True, True, True),
    Role.L90_OWNER: (True, True, True, True, True, True),
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name)
def test_roles_table_cells(role):
    home, orders, prices, billing, users, profile = TABLE[role]
    assert roles.can_see(role, Section.HOME) is home
    assert roles.can_see(role, Section.ORDERS) is orders
    assert roles.can_place_orders(role) is orders
    assert roles.sees_prices(role) is prices
    assert roles.can_see(role, Section.BILLING) is billing
    assert roles.can_see(role, Section.USERS) is users
    assert roles.manages_users(role) is users
    assert roles.can_see(role, Section.PROFILE) is profile


def test_each_role_includes_the_rights_of_the_one_before():
    ladder = sorted(Role)
    for lower, higher in zip(ladder, ladder[1:], strict=False):
        assert roles.RIGHTS[lower].sections <= roles.RIGHTS[higher].sections
        assert roles.RIGHTS[lower].sees_prices <= roles.RIGHTS[higher].sees_prices


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (Role.L10_BASIC, []),
        (Role.L40_BILLING, []),
        (
            Role.L80_ADMIN,
            [
                Role.L10_BASIC,
                Role.L20_ORDERS,
                Role.L30_ORDERS_PRICES,
                Role.L40_BILLING,
                Role.L80_ADMIN,
            ],
        ),
        (
            Role.L90_OWNER,
            [
                Role.L10_BASIC,
                Role.L20_ORDERS,
                Role.L30_ORDERS_PRICES,
                Role.L40_BILLING,
                Role.L80_ADMIN,
            ],
        ),
    ],
    ids=["basic_case", "billing_case", "admin_case", "owner_case"],
)
def test_grantable_roles_stop_at_own_level_and_never_owner(actor, expected):
    assert roles.grantable_roles(actor) == expected
    assert not roles.can_grant(actor, Role.L90_OWNER)


@pytest.mark.parametrize("actor", list(Role), ids=lambda r: r.name)
def test_nobody_manages_the_owner(actor):
    assert roles.can_manage(actor, Role.L90_OWNER) is False


def test_admin_manages_up_to_its_own_level():
    assert roles.can_manage(Role.L80_ADMIN, Role.L80_ADMIN)
    assert roles.can_manage(Role.L80_ADMIN, Role.L10_BASIC)
    assert not roles.can_manage(Role.L40_BILLING, Role.L10_BASIC)
