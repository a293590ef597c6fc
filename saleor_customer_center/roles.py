"""The role ladder as data: the roles of the README's pages table ("The customer center pages").

Each role includes the rights of the one below it.  Every permission question the
API, the pages and the services ask about a role is answered here, from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from django.utils.translation import gettext_lazy as _


class Role(IntEnum):
    L10_BASIC = 10
    L20_ORDERS = 20
    L30_ORDERS_PRICES = 30
    L40_BILLING = 40
    L80_ADMIN = 80
    L90_OWNER = 90

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.L10_BASIC: _("L10 Basic"),
    Role.L20_ORDERS: _("L20 Orders"),
    Role.L30_ORDERS_PRICES: _("L30 Orders + Prices"),
    Role.L40_BILLING: _("L40 Billing"),
    Role.L80_ADMIN: _("L80 Admin"),
    Role.L90_OWNER: _("L90 Owner"),
}

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


class Section(StrEnum):
    HOME = "home"
    ORDERS = "orders"
    BILLING = "billing"
    USERS = "users"
    PROFILE = "profile"


@dataclass(frozen=True)
class RoleRights:
    sections: frozenset[Section]
    sees_prices: bool
    manages_users: bool


_HOME_PROFILE = frozenset({Section.HOME, Section.PROFILE})
_ORDERS = _HOME_PROFILE | {Section.ORDERS}
_BILLING = _ORDERS | {Section.BILLING}
_ALL = _BILLING | {Section.USERS}

RIGHTS: dict[Role, RoleRights] = {
    Role.L10_BASIC: RoleRights(_HOME_PROFILE, sees_prices=False, manages_users=False),
    Role.L20_ORDERS: RoleRights(_ORDERS, sees_prices=False, manages_users=False),
    Role.L30_ORDERS_PRICES: RoleRights(_ORDERS, sees_prices=True, manages_users=False),
    Role.L40_BILLING: RoleRights(_BILLING, sees_prices=True, manages_users=False),
    Role.L80_ADMIN: RoleRights(_ALL, sees_prices=True, manages_users=True),
    Role.L90_OWNER: RoleRights(_ALL, sees_prices=True, manages_users=True),
}


def as_role(value: int | Role) -> Role:
    return Role(int(value))


def can_see(role: int | Role, section: Section) -> bool:
    return section in RIGHTS[as_role(role)].sections


def sees_prices(role: int | Role) -> bool:
    return RIGHTS[as_role(role)].sees_prices


def can_place_orders(role: int | Role) -> bool:
    """New order is part of the Orders section (L20 and up)."""
    return can_see(role, Section.ORDERS)


def manages_users(role: int | Role) -> bool:
    return RIGHTS[as_role(role)].manages_users


def grantable_roles(actor: int | Role) -> list[Role]:
    """Roles an actor may give: up to its own level, never Owner (that is a transfer)."""
    actor = as_role(actor)
    if not manages_users(actor):
        return []
    return [role for role in Role if role <= actor and role is not Role.L90_OWNER]


def can_manage(actor: int | Role, target: int | Role) -> bool:
    """Whether an actor may edit, re-role, budget or deactivate a member of ``target`` role."""
    actor, target = as_role(actor), as_role(target)
    return manages_users(actor) and target is not Role.L90_OWNER and target <= actor


def can_grant(actor: int | Role, new_role: int | Role) -> bool:
    return as_role(new_role) in grantable_roles(actor)
