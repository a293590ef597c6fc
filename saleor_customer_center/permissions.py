"""Every permission decision of the customer center, in one module.

Services call these before they read or change anything; the GraphQL layer and the
pages only translate the two exceptions.  An object of another company is reported
exactly like an object that does not exist (``NotFound``), so ids leak nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import saleor
from .models import Company, Membership
from .roles import Role, Section, can_grant, can_manage, can_see, manages_users, sees_prices


class PermissionDenied(Exception):
    """Authenticated but the role (or staff permission) is too low."""

    default_message = gettext_lazy("You do not have permission to perform this action.")

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default_message)


class NotAuthenticated(PermissionDenied):
    default_message = gettext_lazy("Sign in to use the customer center.")


class NotFound(Exception):
    """Missing, or not yours: the same answer for both."""

    def __init__(self, what: str = "object", field: str | None = None):
        self.what = what
        self.field = field
        super().__init__(f"Couldn't find the {what}.")


def require_user(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAuthenticated()
    return user


def is_staff_with(user: Any, permission: str = saleor.MANAGE_USERS) -> bool:
    return bool(user) and saleor.has_permission(user, permission)


def require_staff(user: Any, permission: str = saleor.MANAGE_USERS) -> Any:
    require_user(user)
    if not is_staff_with(user, permission):
        raise PermissionDenied()
    return user


def active_memberships(user: Any):
    """Memberships that give access now: active member of an active, unblocked company."""
    if user is None or not getattr(user, "pk", None):
        return Membership.objects.none()
    return Membership.objects.filter(
        user=user, is_active=True, company__is_active=True, company__is_blocked=False
    )


def membership_for(
    user: Any, company: Company | int, field: str = "companyId", what: str = "company"
) -> Membership:
    """The caller's active membership of ``company``; NotFound when there is none.

    ``what`` names the object the caller asked for (a member, a request...), so that an
    object of another company answers exactly like one that does not exist.
    """
    require_user(user)
    company_id = company.pk if isinstance(company, Company) else company
    membership = (
        active_memberships(user).select_related("company").filter(company_id=company_id).first()
    )
    if membership is None:
        raise NotFound(what, field=field)
    return membership


def require_section(membership: Membership, section: Section) -> Membership:
    if not can_see(membership.role, section):
        raise PermissionDenied()
    return membership


def require_user_manager(membership: Membership) -> Membership:
    if not manages_users(membership.role):
        raise PermissionDenied()
    return membership


def require_can_manage(actor: Membership, target: Membership) -> None:
    """Admins manage members up to their own level; nobody manages the Owner."""
    require_user_manager(actor)
    if target.company_id != actor.company_id:
        raise NotFound("member")
    if not can_manage(actor.role, target.role):
        raise PermissionDenied(_("You cannot change a member above your own role or the Owner."))


def require_can_grant(actor: Membership, role: Role | int) -> None:
    if not can_grant(actor.role, role):
        raise PermissionDenied(_("You cannot give a role above your own, nor the Owner role."))


def company_for_staff_or_member(user: Any, company_id: int) -> tuple[Company, Membership | None]:
    """Staff with MANAGE_USERS see every company; members their own."""
    require_user(user)
    if is_staff_with(user):
        company = Company.objects.filter(pk=company_id).first()
        if company is None:
            raise NotFound("company")
        membership = active_memberships(user).filter(company=company).first()
        return company, membership
    membership = membership_for(user, company_id)
    return membership.company, membership


def require_not_self(actor: Membership, target: Membership) -> None:
    """Nobody changes their own role, budget or access: that is someone else's call."""
    if actor.pk == target.pk:
        raise PermissionDenied(_("You cannot change your own role, budget or access."))


def offers_role_and_budget(actor: Membership, target: Membership) -> bool:
    """Whether the edit page offers the role and budget fields: never for oneself
    (:func:`require_not_self` would refuse the change), otherwise as :func:`can_manage`."""
    return actor.pk != target.pk and can_manage(actor.role, target.role)


# A person's own profile ------------------------------------------------------------------

# The person's own fields: Saleor's ``User``, one account seen by every company the person
# works for. The salutation is not among them: it is kept per company
# (``Membership.salutation``, as each ERP contact of a customer has its own), so a
# company's admin changes it for that company alone.
SHARED_PROFILE_FIELDS = ("first_name", "last_name", "email")


@dataclass(frozen=True)
class ProfileLock:
    """Which of a person's own fields an editor may not change, and why (said to them)."""

    fields: tuple[str, ...]
    reason: str


def profile_lock(editor: Any, target: Membership) -> ProfileLock | None:
    """What ``editor`` may not change of ``target``'s own profile, or None (all of it).

    An admin of one company must not rename a person another company also lists (issue
    12 item 7: company B renamed a member of company A): names and email change by a
    company's hand only while the person belongs to no other company, and never for a shop
    staff account. The person may always change their own names; their email, which is
    their sign-in for every company, they change in their shop account.
    """
    person = target.user
    is_self = editor is not None and getattr(editor, "pk", None) == person.pk
    if is_self:
        fields: tuple[str, ...] = ("email",)
    else:
        fields = SHARED_PROFILE_FIELDS
    if person.is_staff:
        if is_self:
            return ProfileLock(fields, str(_SELF_SHARED))
        return ProfileLock(fields, str(_STAFF_ACCOUNT))
    others = Membership.objects.filter(user_id=person.pk).exclude(company_id=target.company_id)
    if not others.exists():
        return None
    return ProfileLock(fields, str(_SELF_SHARED if is_self else _OTHER_COMPANY))


_OTHER_COMPANY = gettext_lazy(
    "This person also belongs to another company. Their name and email are shared by every "
    "company they work for, so only they can change them, in their shop account."
)
_STAFF_ACCOUNT = gettext_lazy(
    "This is also a shop staff account: only its owner can change its name and email."
)
_SELF_SHARED = gettext_lazy(
    "Your email is your sign-in for every company you work for: change it in your shop account."
)


def require_owner_or_staff(
    user: Any, company_id: int, field: str = "companyId"
) -> Membership | None:
    """Ownership moves only by the Owner's hand, or the shop's (staff with MANAGE_USERS)."""
    require_user(user)
    if is_staff_with(user):
        if not Company.objects.filter(pk=company_id).exists():
            raise NotFound("company", field=field)
        return active_memberships(user).filter(company_id=company_id).first()
    membership = membership_for(user, company_id, field=field)
    if membership.role != Role.L90_OWNER:
        raise PermissionDenied(_("Only the company's Owner or the shop can hand over ownership."))
    return membership


def require_access_switcher(user: Any, target: Membership) -> None:
    """Who may switch a member's access off and on: the company's admins up to their own
    level (never themselves), or the shop (staff with MANAGE_USERS); nobody the Owner."""
    require_user(user)
    if target.role == Role.L90_OWNER:
        raise PermissionDenied(_("The Owner cannot be deactivated; hand ownership over first."))
    actor = active_memberships(user).filter(company_id=target.company_id).first()
    if actor is None:
        if is_staff_with(user):
            return
        raise NotFound("member", field="id")
    if not can_manage(actor.role, target.role):
        raise PermissionDenied(_("You cannot change a member above your own role or the Owner."))
    if actor.pk == target.pk:
        raise PermissionDenied(_("You cannot change your own access."))


def may_cancel_order(membership: Membership | None, link: Any) -> bool:
    """L20 to L40 cancel the orders they placed; L80 and up any order of the company (issue
    14 item 8: an L20 could cancel the admin's order)."""
    if membership is None or link.company_id != membership.company_id:
        return False
    if not can_see(membership.role, Section.ORDERS):
        return False
    if manages_users(membership.role):
        return True
    return link.membership_id == membership.pk or (
        link.placed_by_id is not None and link.placed_by_id == membership.user_id
    )


def require_can_cancel_order(membership: Membership, link: Any) -> None:
    if not may_cancel_order(membership, link):
        raise PermissionDenied(_("You can cancel only the orders you placed yourself."))


def require_request_decider(user: Any, company_request: Any) -> Membership | None:
    """Company admins decide their company's requests; the shop decides those it must."""
    require_user(user)
    if is_staff_with(user):
        return active_memberships(user).filter(company_id=company_request.company_id).first()
    membership = membership_for(user, company_request.company_id, field="id", what="request")
    require_user_manager(membership)
    if company_request.needs_shop:
        raise PermissionDenied(_("The shop decides this request."))
    return membership


# Rights beside the role -------------------------------------------------------------------
#
# Two rights an admin gives one person (issue 15 item 4; the client-portal seed gives access
# per person, not only per role). Each widens what the role allows, never narrows it.


def can_request_quotes(membership: Membership) -> bool:
    """Quote requests: a member who orders and sees prices (L30 and up) by role; below
    that, a member an admin gave "may raise requests" (who then sees no prices in them)."""
    return sees_prices(membership.role) or bool(membership.may_raise_requests)


def can_approve_quotations(membership: Membership) -> bool:
    """Accepting or declining a quotation: the company's admins (L80 and up), or a member
    given "may approve quotations" whose role sees prices (L30 and up)."""
    if manages_users(membership.role):
        return True
    return bool(membership.may_approve_quotations) and sees_prices(membership.role)


def can_see_quotes(membership: Membership) -> bool:
    """The quotes page: whoever may request or approve them."""
    return can_request_quotes(membership) or can_approve_quotations(membership)


def require_quote_requester(membership: Membership) -> Membership:
    if not can_request_quotes(membership):
        raise PermissionDenied(
            _("Your role does not allow quote requests. Ask your company's administrator.")
        )
    return membership


def require_quotation_approver(membership: Membership) -> Membership:
    if not can_approve_quotations(membership):
        raise PermissionDenied(_("Only your company's approvers accept or decline quotations."))
    return membership


def require_rights_grantor(actor: Membership, target: Membership) -> None:
    """Rights are given like roles: by an admin, to a member it manages, never to itself."""
    require_can_manage(actor, target)
    require_not_self(actor, target)
