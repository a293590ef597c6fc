"""Multi-company login: which companies a user works for, and which one is current.

One company: it is current without asking. Several: the user picks one, and the choice
is remembered (UserPreference here; the pages also keep it in a cookie).
"""

from __future__ import annotations

from typing import Any

from .. import permissions, saleor
from ..models import Membership, UserPreference
from ..settings_store import PluginSettings


def my_memberships(user: Any) -> list[Membership]:
    permissions.require_user(user)
    return list(
        permissions.active_memberships(user).select_related("company").order_by("company__name")
    )


def current_membership(user: Any, memberships: list[Membership] | None = None):
    """The current company's membership, or None when the user must choose first."""
    if memberships is None:
        memberships = list(permissions.active_memberships(user).select_related("company"))
    if not memberships:
        return None
    if len(memberships) == 1:
        return memberships[0]
    preference = UserPreference.objects.filter(user=user).only("current_company_id").first()
    if preference is not None:
        for membership in memberships:
            if membership.company_id == preference.current_company_id:
                return membership
    return None


def switch_company(user: Any, company_id: int) -> Membership:
    """Make ``company_id`` the user's current company (NotFound unless an active member)."""
    membership = permissions.membership_for(user, company_id)
    UserPreference.objects.update_or_create(
        user=user, defaults={"current_company": membership.company}
    )
    return membership


def active_admins(company_id: int):
    """The company's administrators who can act now (Admin and Owner, active, able to log
    in): who gets the company's requests and alerts, and whether activation is still open."""
    from ..roles import Role

    return Membership.objects.filter(
        company_id=company_id,
        is_active=True,
        role__gte=Role.L80_ADMIN,
        user__is_active=True,
    )


def admin_emails(company_id: int) -> list[str]:
    return list(active_admins(company_id).values_list("user__email", flat=True))


def suspended_companies(user: Any) -> list[Any]:
    """The companies whose access the shop suspended (blocked) for this active member."""
    if user is None or not getattr(user, "pk", None):
        return []
    return [
        m.company
        for m in Membership.objects.filter(
            user=user, is_active=True, company__is_active=True, company__is_blocked=True
        )
        .select_related("company")
        .order_by("company__name")
    ]


def shop_contact(settings: PluginSettings) -> str:
    """Whom a member writes to about their access: the plugin's sender address, else the
    shop's default sender from Saleor's site settings."""
    return settings.sender_email or saleor.shop_identity()["email"]
