"""Flow 2: the company's own administrators manage its shop users.

Admins (L80) and the Owner (L90) manage members up to their own level and never the
Owner; nobody changes their own role, budget or access; nobody sets another person's
password (new users get a single-use link to set their own). Every change writes an
audit entry in the same transaction. Permission checks are ``permissions``' alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import emails, permissions, saleor
from ..error_codes import CustomerCenterErrorCode
from ..links import Links
from ..models import Company, ErpContact, Membership
from ..roles import Role, sees_prices
from ..settings_store import PluginSettings
from . import audit, budgets, locks, search, tokens
from .errors import field_error

REQUIRED = CustomerCenterErrorCode.REQUIRED.value
INVALID = CustomerCenterErrorCode.INVALID.value
UNIQUE = CustomerCenterErrorCode.UNIQUE.value
PERMISSION_DENIED = CustomerCenterErrorCode.PERMISSION_DENIED.value
EMAIL_TAKEN = "This email already belongs to a shop user."
# The columns these values end up in (Membership.salutation, Saleor's User names and email).
MAX_LENGTHS = {"salutation": 32, "first_name": 256, "last_name": 256, "email": 254}
CONTACT_NUMBER_MAX = 64


@dataclass(frozen=True)
class Person:
    """A cleaned new or edited member: what admins may set about a person."""

    salutation: str
    first_name: str
    last_name: str
    email: str
    role: Role


# Reading -------------------------------------------------------------------------------


def members_of(company: Company, search_term: str | None = None) -> QuerySet[Membership]:
    """The company's shop users with what a list shows, without a query per row; with
    ``search_term``, those whose name or email contains it (services/search.py)."""
    members = Membership.objects.filter(company=company).select_related("user")
    return search.members_matching(members, search_term).order_by("-role", "user__email", "pk")


def user_id_by_email(company: Company, email: str) -> int | None:
    """The user id of the company's member with this email (any case), if there is one."""
    return (
        Membership.objects.filter(company=company, user__email__iexact=email.strip())
        .values_list("user_id", flat=True)
        .first()
    )


def contacts_of(
    company: Company, unlinked_only: bool = False, search_term: str | None = None
) -> QuerySet[ErpContact]:
    """The company's ERP contacts by number (its unique index); with ``search_term``,
    those whose name, email or number contains it (a trigram index)."""
    contacts = ErpContact.objects.filter(company=company).select_related("member")
    if unlinked_only:
        contacts = contacts.filter(member__isnull=True)
    contacts = search.matching(contacts, search.CONTACT, search_term)
    return contacts.order_by("contact_number", "pk")


def snapshot(membership: Membership) -> dict[str, Any]:
    """What an audit entry keeps of a member, before and after a change."""
    user = membership.user
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "salutation": membership.salutation,
        "role": Role(membership.role).name,
        "is_active": membership.is_active,
    }


# Validation ----------------------------------------------------------------------------


def clean_person(
    data: dict[str, Any], exclude_user: Any = None, kept: dict[str, str] | None = None
) -> Person:
    """Salutation, names, email and role are all required; the email is shop-unique.

    ``kept``: fields the editor may not change, with their stored values; left empty they
    keep that value, and a stored empty value is not demanded of the editor (a shared
    account without names must not block its role's change).
    """
    kept = kept or {}
    errors: dict[str, list[ValidationError]] = {}
    values = {}
    for name in ("salutation", "first_name", "last_name", "email"):
        values[name] = str(data.get(name) or "").strip()
        if not values[name] and name in kept:
            values[name] = kept[name]
            if not values[name]:
                continue
        if not values[name]:
            errors[name] = [ValidationError(_("This field is required."), code=REQUIRED)]
        elif len(values[name]) > MAX_LENGTHS[name]:
            errors[name] = [
                ValidationError(f"Use at most {MAX_LENGTHS[name]} characters.", code=INVALID)
            ]
    if values["email"] and "email" not in errors:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = [ValidationError(_("Enter a valid email address."), code=INVALID)]
        else:
            holder = saleor.find_user_by_email(values["email"])
            if holder is not None and (exclude_user is None or holder.pk != exclude_user.pk):
                errors["email"] = [ValidationError(EMAIL_TAKEN, code=UNIQUE)]
    role: Role | None = None
    given_role = data.get("role")
    if given_role is None:
        errors["role"] = [ValidationError(_("This field is required."), code=REQUIRED)]
    else:
        try:
            role = Role(int(given_role))
        except ValueError:
            errors["role"] = [ValidationError(_("Unknown role."), code=INVALID)]
    if errors or role is None:
        raise ValidationError(errors)
    return Person(role=role, **values)


def _member(user: Any, member_id: int, field: str = "id") -> tuple[Membership, Membership]:
    """(caller's membership, target) of one company; another company's member answers
    exactly like a member that does not exist."""
    permissions.require_user(user)
    target = Membership.objects.select_related("user", "company").filter(pk=member_id).first()
    if target is None:
        raise permissions.NotFound("member", field=field)
    actor = permissions.membership_for(user, target.company_id, field=field, what="member")
    return actor, _locked(target)


def _locked(target: Membership) -> Membership:
    """``target`` re-read under the company's ownership lock (``locks.lock_ownership``,
    company row first, as a transfer takes it). A change decided on a member who is
    meanwhile becoming Owner waits for the transfer, then sees the new role, so a race
    cannot demote or switch off the last Owner. Call after the caller's access check, so
    nobody makes another company's rows wait."""
    _company, rows = locks.lock_ownership(target.company_id, [target.pk])
    if not rows:
        raise permissions.NotFound("member", field="id")
    return rows[0]


def member_of(company: Company, member_id: int) -> Membership:
    """A member of this company; another company's member is not found."""
    member = (
        Membership.objects.select_related("user", "company")
        .filter(pk=member_id, company=company)
        .first()
    )
    if member is None:
        raise permissions.NotFound("member", field="id")
    return member


def target_for_staff(user: Any, member_id: int) -> Membership:
    """A member of any company, for the shop's console (staff with MANAGE_USERS)."""
    permissions.require_staff(user)
    return _target(user, member_id)


def _target(user: Any, member_id: int) -> Membership:
    permissions.require_user(user)
    target = Membership.objects.select_related("user", "company").filter(pk=member_id).first()
    if target is None:
        raise permissions.NotFound("member", field="id")
    return target


# Creating ------------------------------------------------------------------------------


def create_account(
    company: Company,
    person: Person,
    *,
    actor: Any,
    settings: PluginSettings,
    links: Links,
    action: str = audit.Action.MEMBER_CREATED,
    erp_contact: ErpContact | None = None,
    user: Any = None,
    budget: dict[str, Any] | None = None,
) -> Membership:
    """A new membership (and user with no usable password), the audit entry and the
    "user added" email with a set-password link. Checks are the caller's."""
    if user is None:
        user = saleor.build_user(person.email, person.first_name, person.last_name)
    else:
        saleor.reactivate_user(user)  # a login the plugin switched off, with a company again
    membership = Membership.objects.create(
        company=company,
        user=user,
        role=person.role,
        salutation=person.salutation,
        erp_contact=erp_contact,
    )
    audit.record(company, actor, action, target=membership, before=None, after=snapshot(membership))
    if budget and budget.get("amount") is not None:
        set_budget_for(membership, budget, actor=actor)
    send_user_added(membership, added_by=getattr(actor, "email", "") or "", links=links)
    return membership


def send_user_added(membership: Membership, *, added_by: str, links: Links) -> None:
    """The "user added" email, with a set-password link for a person without a password."""
    user, company = membership.user, membership.company
    link = ""
    if not user.has_usable_password():
        link = links.set_password(user.email, tokens.issue(user))
    emails.queue_email(
        "user_added",
        [user.email],
        {
            "recipient_name": user.first_name or user.email,
            "company_name": company.name,
            "role": str(Role(membership.role).label),
            "email": user.email,
            "set_password_url": link,
            "added_by": added_by,
        },
        company=company,
    )


def clean_new_member(
    user: Any, company_id: int, data: dict[str, Any]
) -> tuple[Membership, Person, dict[str, Any] | None]:
    """An admin's new user, checked: (the admin's membership, the person, the budget).

    The admin must manage users and may grant the role; the budget must be one the
    budgets service accepts. ``new_users.create_member`` then creates or queues it."""
    actor = permissions.membership_for(user, company_id)
    permissions.require_user_manager(actor)
    person = clean_person(data)
    permissions.require_can_grant(actor, person.role)
    budget = data.get("budget")
    if budget and budget.get("amount") is not None:
        budgets._clean(budget.get("amount"), _currency(budget, actor.company), budget.get("period"))
    return actor, person, budget


@transaction.atomic
def add_from_contact(
    user: Any,
    company_id: int,
    contact_id: int,
    data: dict[str, Any],
    *,
    settings: PluginSettings,
    links: Links,
) -> Membership:
    """An ERP contact becomes a shop user of its company.

    The form shows the contact's customer and contact number for the admin to correct:
    a corrected contact number is stored on the contact (unique within the company); the
    customer number must be the company's own (a contact never moves between companies).
    A person who already has a shop account (another company) keeps it and gains this
    membership; otherwise an account is created and a set-password link is emailed.
    """
    actor = permissions.membership_for(user, company_id)
    permissions.require_user_manager(actor)
    company = actor.company
    contact = (
        ErpContact.objects.select_for_update(of=("self",))
        .filter(pk=contact_id, company=company)
        .first()
    )
    if contact is None:
        raise permissions.NotFound("contact", field="contactId")
    try:
        role = Role(int(data["role"]))
    except (KeyError, TypeError):
        raise field_error("role", _("This field is required."), REQUIRED) from None
    except ValueError:
        raise field_error("role", _("Unknown role."), INVALID) from None
    permissions.require_can_grant(actor, role)
    customer_number = str(data.get("customer_number") or "").strip()
    if customer_number and customer_number.lower() != company.customer_number.lower():
        raise field_error(
            "customer_number", _("The contact can only be added to its own company."), INVALID
        )
    if Membership.objects.filter(erp_contact=contact).exists():
        raise field_error("contact_id", _("This contact is already a shop user."), UNIQUE)
    contact_number = str(data.get("contact_number") or "").strip()
    if len(contact_number) > CONTACT_NUMBER_MAX:
        raise field_error(
            "contact_number", f"Use at most {CONTACT_NUMBER_MAX} characters.", INVALID
        )
    before_number = contact.contact_number
    if contact_number and contact_number != contact.contact_number:
        if ErpContact.objects.filter(company=company, contact_number=contact_number).exists():
            raise field_error(
                "contact_number", _("Another contact of this company has this number."), UNIQUE
            )
        contact.contact_number = contact_number
        contact.save(update_fields=["contact_number", "updated_at"])
    if not contact.email:
        raise field_error("contact_id", _("This contact has no email address in the ERP."), INVALID)
    existing = saleor.find_user_by_email(contact.email)
    if existing is not None and Membership.objects.filter(user=existing, company=company).exists():
        raise field_error("contact_id", _("This person is already a user of this company."), UNIQUE)
    person = Person(
        salutation=contact.salutation,
        first_name=contact.first_name,
        last_name=contact.last_name,
        email=existing.email if existing else contact.email,
        role=role,
    )
    budget = data.get("budget")
    membership = create_account(
        company,
        person,
        actor=user,
        settings=settings,
        links=links,
        action=audit.Action.MEMBER_ADDED_FROM_CONTACT,
        erp_contact=contact,
        user=existing,
        budget=budget,
    )
    if before_number != contact.contact_number:
        audit.record(
            company,
            user,
            audit.Action.MEMBER_UPDATED,
            target=membership,
            before={"contact_number": before_number},
            after={"contact_number": contact.contact_number},
        )
    return membership


# Changing ------------------------------------------------------------------------------


def _currency(budget: dict[str, Any], company: Company) -> str:
    return budget.get("currency") or company.currency


def set_budget_for(membership: Membership, budget: dict[str, Any] | None, *, actor: Any) -> None:
    """Set, or clear with ``amount: null``, through the budgets service (it audits)."""
    budget = budget or {}
    amount = budget.get("amount")
    if amount is None:
        budgets.clear_budget(membership, actor=actor)
        return
    budgets.set_budget(
        membership,
        amount,
        _currency(budget, membership.company),
        budget.get("period"),
        actor=actor,
    )


@transaction.atomic
def update_member(user: Any, member_id: int, data: dict[str, Any]) -> Membership:
    """Edit a member: salutation, names, email and role required; budget optional.

    The Owner may edit their own names (role stays Owner); nobody else touches the Owner.
    Names and email are the person's own, shared by every company they work for: a
    company's admin changes them only for someone who works for this company alone, and
    never for shop staff (``permissions.profile_lock``); the salutation is this company's.
    A changed email is told to the old address.
    """
    actor, target = _member(user, member_id)
    user_obj = target.user
    is_self = actor.pk == target.pk
    if target.role == Role.L90_OWNER and not is_self:
        raise permissions.PermissionDenied(_("Nobody can change the Owner but the Owner."))
    if target.role != Role.L90_OWNER:
        permissions.require_can_manage(actor, target)
    lock = permissions.profile_lock(user, target)
    kept = {name: (getattr(user_obj, name) or "").strip() for name in lock.fields} if lock else {}
    person = clean_person(data, exclude_user=user_obj, kept=kept)
    if target.role == Role.L90_OWNER:
        if person.role != Role.L90_OWNER:
            raise permissions.PermissionDenied(
                _("The Owner stays Owner; hand ownership over with a transfer.")
            )
    else:
        if person.role != target.role or "budget" in data:
            permissions.require_not_self(actor, target)
        permissions.require_can_grant(actor, person.role)
    if "budget" in data and target.role == Role.L90_OWNER:
        permissions.require_not_self(actor, target)
    rights = _clean_rights(data, actor, target, person.role)
    changes = _profile_changes(target, person, lock)
    before = snapshot(target)
    before.update({name: getattr(target, name) for name in rights})
    old_email = user_obj.email
    if changes:
        for name, value in changes.items():
            setattr(user_obj, name, value)
        user_obj.save(update_fields=[*changes, "updated_at"])
    target.salutation, target.role = person.salutation, person.role
    for name, granted in rights.items():
        setattr(target, name, granted)
    target.save(update_fields=["salutation", "role", *rights, "updated_at"])
    after = snapshot(target)
    after.update(rights)
    if after != before:
        audit.record(target.company, user, audit.Action.MEMBER_UPDATED, target, before, after)
    if "budget" in data:
        set_budget_for(target, data.get("budget"), actor=user)
    if "email" in changes:
        _notify_email_changed(user, target, old_email)
    return target


RIGHTS = ("may_approve_quotations", "may_raise_requests")


def _clean_rights(
    data: dict[str, Any], actor: Membership, target: Membership, role: Role
) -> dict[str, bool]:
    """The rights beside the role the edit changes (permissions.py, "Rights beside the
    role"): given by an admin who manages the member, never to oneself; an approver of
    quotations must see prices."""
    changed = {
        name: bool(data[name])
        for name in RIGHTS
        if data.get(name) is not None and bool(data[name]) != getattr(target, name)
    }
    if not changed:
        return {}
    permissions.require_rights_grantor(actor, target)
    if changed.get("may_approve_quotations") and not sees_prices(role):
        raise field_error(
            "may_approve_quotations",
            _("An approver of quotations must see prices: give L30 or above first."),
            INVALID,
        )
    return changed


def profile_lock(editor: Any, target: Membership) -> permissions.ProfileLock | None:
    """What the edit page shows as not editable, and why (``permissions.profile_lock``)."""
    return permissions.profile_lock(editor, target)


def _profile_changes(
    target: Membership, person: Person, lock: permissions.ProfileLock | None
) -> dict[str, str]:
    """The person's own fields (``permissions.SHARED_PROFILE_FIELDS``) the edit changes;
    refused, field by field with the reason, where ``permissions.profile_lock`` keeps the
    editor out (a person another company also lists, a shop staff account)."""
    user_obj = target.user
    changes: dict[str, str] = {}
    refused: dict[str, list[ValidationError]] = {}
    for name in permissions.SHARED_PROFILE_FIELDS:
        value = getattr(person, name)
        if value == (getattr(user_obj, name) or "").strip():
            continue  # unchanged (as the form shows it): nothing to write
        if lock is not None and name in lock.fields:
            refused[name] = [ValidationError(lock.reason, code=PERMISSION_DENIED)]
        else:
            changes[name] = value
    if refused:
        raise ValidationError(refused)
    return changes


def _notify_email_changed(editor: Any, target: Membership, old_email: str) -> None:
    """Tell the old address: whoever held it learns of the change and can object."""
    person = target.user
    by_self = getattr(editor, "pk", None) == person.pk
    emails.queue_email(
        "email_changed",
        [old_email],
        {
            "recipient_name": person.first_name or old_email,
            "company_name": target.company.name,
            "old_email": old_email,
            "new_email": person.email,
            "changed_by": "" if by_self else getattr(editor, "email", "") or "",
        },
        company=target.company,
    )


@transaction.atomic
def set_member_budget(user: Any, member_id: int, budget: dict[str, Any]) -> Membership:
    """``companyBudgetSet``: an admin sets or clears (amount null) a member's budget."""
    actor, target = _member(user, member_id, field="memberId")
    permissions.require_can_manage(actor, target)
    permissions.require_not_self(actor, target)
    set_budget_for(target, budget, actor=user)
    return target


def _has_other_active_membership(membership: Membership) -> bool:
    return (
        Membership.objects.filter(user_id=membership.user_id, is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def deactivate_member(user: Any, member_id: int) -> Membership:
    """Access to this company ends at once; with no active membership left the person
    cannot log in at all and every token stops working (shop staff excepted)."""
    target = _target(user, member_id)
    permissions.require_access_switcher(user, target)
    target = _locked(target)
    permissions.require_access_switcher(user, target)  # again, on the row as it is now
    if not target.is_active:
        return target
    before = snapshot(target)
    target.is_active = False
    target.deactivated_at = timezone.now()
    target.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    person = target.user
    if not person.is_staff and not _has_other_active_membership(target):
        saleor.deactivate_user(person)
        tokens.revoke(person)  # a set-password link mailed before must not bring them back
    audit.record(
        target.company, user, audit.Action.MEMBER_DEACTIVATED, target, before, snapshot(target)
    )
    emails.queue_email(
        "user_deactivated",
        [person.email],
        {"recipient_name": person.first_name or person.email, "company_name": target.company.name},
        company=target.company,
    )
    return target


@transaction.atomic
def activate_member(user: Any, member_id: int, *, links: Links) -> Membership:
    """Access again; a login the plugin switched off is switched back on. ``links`` builds
    the new set-password link of a member who never set a password."""
    target = _target(user, member_id)
    permissions.require_access_switcher(user, target)
    target = _locked(target)
    permissions.require_access_switcher(user, target)  # again, on the row as it is now
    if target.is_active:
        return target
    before = snapshot(target)
    target.is_active = True
    target.deactivated_at = None
    target.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    saleor.reactivate_user(target.user)
    audit.record(
        target.company, user, audit.Action.MEMBER_ACTIVATED, target, before, snapshot(target)
    )
    person = target.user
    if not person.has_usable_password():
        # Deactivation revoked the open set-password link: without a new one this person,
        # active again, could never sign in.
        raw = tokens.issue(person)
        emails.queue_email(
            "user_added",
            [person.email],
            {
                "recipient_name": person.first_name or person.email,
                "company_name": target.company.name,
                "role": str(Role(target.role).label),
                "email": person.email,
                "set_password_url": links.set_password(person.email, raw),
                "added_by": getattr(user, "email", "") or "",
            },
            company=target.company,
        )
    return target


@transaction.atomic
def transfer_ownership(user: Any, company_id: int, member_id: int) -> Membership:
    """The Owner (or the shop) hands ownership to another active member; the old Owner
    becomes Admin. Rows are locked (company first) so exactly one Owner remains."""
    permissions.require_owner_or_staff(user, company_id)
    owner_ids = Membership.objects.filter(company_id=company_id, role=Role.L90_OWNER).values_list(
        "pk", flat=True
    )
    company, rows = locks.lock_ownership(company_id, [member_id, *owner_ids])
    # Re-check under the lock: a concurrent transfer may have moved ownership meanwhile.
    permissions.require_owner_or_staff(user, company_id)
    by_pk = {row.pk: row for row in rows}
    target = by_pk.get(member_id)
    if company is None or target is None:
        raise permissions.NotFound("member", field="memberId")
    if not target.is_active or not target.user.is_active:
        raise field_error("member_id", _("Ownership goes to an active member only."), INVALID)
    if target.role == Role.L90_OWNER:
        raise field_error("member_id", _("This member is already the Owner."), INVALID)
    owner = Membership.objects.filter(company_id=company_id, role=Role.L90_OWNER).first()
    before = {
        "owner": owner.user.email if owner else None,
        "new_owner_role": Role(target.role).name,
    }
    if owner is not None:
        owner.role = Role.L80_ADMIN
        owner.save(update_fields=["role", "updated_at"])
    target.role = Role.L90_OWNER
    target.save(update_fields=["role", "updated_at"])
    audit.record(
        company,
        user,
        audit.Action.OWNERSHIP_TRANSFERRED,
        target=target,
        before=before,
        after={"owner": target.user.email, "previous_owner_role": Role.L80_ADMIN.name},
    )
    return target
