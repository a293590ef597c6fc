"""The company audit log in words: every kind of entry as one sentence with real names.

"Olivia Owner set Ben Buyer's budget to 1,000.00 USD a month (was none)" instead of
``budget_set · membership 4``. The Activity page, the console's company page and the API's
``summary`` field all read these sentences (issue 17). Names are resolved for a whole page
of entries at once (:func:`describe`): a constant number of queries, whatever the page size.

Each sentence is a translatable message with named placeholders, so a translator may put
the names where their language wants them. Values go through ``formatting`` (money, roles,
periods), so they read as on every other page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from babel import lists as babel_lists
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from .. import formatting, saleor
from ..models import AuditEntry, CompanyRequest, Membership
from ..models.request import RequestKind
from ..roles import Role
from .audit import Action

# The kinds of change the Activity page filters by: each action belongs to exactly one
# (tests/access/test_audit_sentences.py fails on an action without a kind).
KINDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "users": (
        gettext_lazy("Users and roles"),
        (
            Action.MEMBER_CREATED,
            Action.MEMBER_ADDED_FROM_CONTACT,
            Action.MEMBER_UPDATED,
            Action.MEMBER_DEACTIVATED,
            Action.MEMBER_ACTIVATED,
            Action.OWNERSHIP_TRANSFERRED,
            Action.MEMBER_IMPORTED,
        ),
    ),
    "budgets": (gettext_lazy("Budgets"), (Action.BUDGET_SET, Action.BUDGET_CLEARED)),
    "requests": (
        gettext_lazy("Requests"),
        (Action.REQUEST_CREATED, Action.REQUEST_APPROVED, Action.REQUEST_REJECTED),
    ),
    "orders": (gettext_lazy("Orders"), (Action.ORDER_CANCELLED,)),
    "company": (
        gettext_lazy("Company account"),
        (
            Action.COMPANY_ACTIVATED,
            Action.COMPANY_BLOCKED,
            Action.COMPANY_UNBLOCKED,
            Action.COMPANY_SETTINGS_CHANGED,
        ),
    ),
    "quotes": (
        gettext_lazy("Quotes"),
        (
            Action.QUOTE_REQUESTED,
            Action.QUOTATION_SENT,
            Action.QUOTE_ACCEPTED,
            Action.QUOTE_DECLINED,
        ),
    ),
    "previews": (gettext_lazy("Shop staff previews"), (Action.PREVIEW_OPENED,)),
}


def all_actions() -> list[str]:
    """Every action the audit log writes (``audit.Action``)."""
    return [value for name, value in vars(Action).items() if name.isupper()]


def actions_of_kind(kind: str) -> tuple[str, ...]:
    return KINDS[kind][1] if kind in KINDS else ()


# Names, resolved for a page of entries at once -------------------------------------------


@dataclass
class Names:
    """The people, members and requests a page of entries names, each read once."""

    users: dict[int, Any] = field(default_factory=dict)
    users_by_email: dict[str, Any] = field(default_factory=dict)
    members: dict[str, Membership] = field(default_factory=dict)
    requests: dict[str, CompanyRequest] = field(default_factory=dict)

    @classmethod
    def of(cls, entries: Sequence[AuditEntry]) -> Names:
        """Three queries at most, whatever the number of entries."""
        names = cls()
        user_ids = {entry.actor_id for entry in entries if entry.actor_id}
        emails = {
            str(entry.before["owner"]).lower()
            for entry in entries
            if entry.action == Action.OWNERSHIP_TRANSFERRED
            and isinstance(entry.before, dict)
            and entry.before.get("owner")
        }
        member_ids = _target_ids(entries, "membership")
        request_ids = _target_ids(entries, "companyrequest")
        if user_ids or emails:
            users = (
                saleor.user_model()
                .objects.filter(Q(pk__in=user_ids) | Q(email__in=emails))
                .only("pk", "email", "first_name", "last_name")
            )
            for user in users:
                names.users[user.pk] = user
                names.users_by_email[user.email.lower()] = user
        if member_ids:
            for membership in Membership.objects.filter(pk__in=member_ids).select_related("user"):
                names.members[str(membership.pk)] = membership
        if request_ids:
            for request in CompanyRequest.objects.filter(pk__in=request_ids).select_related(
                "requested_by"
            ):
                names.requests[str(request.pk)] = request
        return names


def _target_ids(entries: Iterable[AuditEntry], target_type: str) -> set[int]:
    return {
        int(entry.target_id)
        for entry in entries
        if entry.target_type == target_type and entry.target_id.isdigit()
    }


def person_name(user: Any) -> str:
    """A person as the pages name them: first and last name, else the email."""
    if user is None:
        return ""
    full = f"{user.first_name or ''} {user.last_name or ''}".strip()
    return full or user.email


def _snapshot_name(snapshot: Any) -> str:
    if not isinstance(snapshot, dict):
        return ""
    full = f"{snapshot.get('first_name') or ''} {snapshot.get('last_name') or ''}".strip()
    return full or str(snapshot.get("email") or snapshot.get("member") or "")


def actor_name(entry: AuditEntry, names: Names) -> str:
    user = names.users.get(entry.actor_id) if entry.actor_id else None
    name = person_name(user) or entry.actor_email
    if not name:
        return _("The shop") if entry.actor_is_staff else _("The system")
    if entry.actor_is_staff:
        return _("%(name)s (shop staff)") % {"name": name}
    return name


def member_name(entry: AuditEntry, names: Names) -> str:
    """The member an entry is about: their name now, else as the entry kept it."""
    membership = names.members.get(entry.target_id) if entry.target_type == "membership" else None
    if membership is not None:
        return person_name(membership.user)
    return _snapshot_name(entry.after) or _snapshot_name(entry.before) or _("a former member")


def role_label(value: Any) -> str:
    """A role as stored in a snapshot (``L80_ADMIN`` or ``80``) in words."""
    try:
        role = Role[str(value)] if str(value) in Role.__members__ else Role(int(value))
    except (KeyError, ValueError, TypeError):
        return str(value or formatting.EMPTY)
    return role.label


def budget_phrase(snapshot: Any) -> str:
    """``1,000.00 USD a month``; ``none`` without a budget."""
    if not isinstance(snapshot, dict) or snapshot.get("amount") in (None, ""):
        return _("none")
    amount = formatting.money(snapshot.get("amount"), str(snapshot.get("currency") or ""))
    period = str(snapshot.get("period") or "")
    phrases = {
        "monthly": _("%(amount)s a month"),
        "quarterly": _("%(amount)s a quarter"),
        "yearly": _("%(amount)s a year"),
        "total": _("%(amount)s in total"),
    }
    return phrases.get(period, "%(amount)s") % {"amount": amount}


def _join(parts: list[str]) -> str:
    return babel_lists.format_list(parts, locale=formatting.locale()) if parts else ""


# One sentence per action --------------------------------------------------------------

Sentence = Callable[[AuditEntry, Names], str]


def _company_activated(entry: AuditEntry, names: Names) -> str:
    values = {"actor": actor_name(entry, names)}
    if isinstance(entry.after, dict) and entry.after.get("business_user"):
        return _("%(actor)s activated a business account without the customer center") % values
    return _("%(actor)s activated the company's customer center and became its Owner") % values


def _member_created(entry: AuditEntry, names: Names) -> str:
    role = role_label((entry.after or {}).get("role"))
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names), "role": role}
    return _("%(actor)s added %(member)s as %(role)s") % values


def _member_added_from_contact(entry: AuditEntry, names: Names) -> str:
    role = role_label((entry.after or {}).get("role"))
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names), "role": role}
    return _("%(actor)s made the ERP contact %(member)s a user as %(role)s") % values


FIELD_LABELS = {
    "email": gettext_lazy("email"),
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "salutation": gettext_lazy("salutation"),
}


def _member_updated(entry: AuditEntry, names: Names) -> str:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names)}
    if "contact_number" in after:
        values["number"] = str(after.get("contact_number") or formatting.EMPTY)
        return _("%(actor)s linked %(member)s to ERP contact %(number)s") % values
    changes = []
    if before.get("role") != after.get("role"):
        changes.append(
            _("role from %(old)s to %(new)s")
            % {"old": role_label(before.get("role")), "new": role_label(after.get("role"))}
        )
    for key, label in FIELD_LABELS.items():
        if before.get(key) != after.get(key):
            changes.append(
                _("%(field)s from “%(old)s” to “%(new)s”")
                % {
                    "field": label,
                    "old": before.get(key) or formatting.EMPTY,
                    "new": after.get(key) or formatting.EMPTY,
                }
            )
    if not changes:
        return _("%(actor)s edited %(member)s") % values
    return _("%(actor)s changed %(member)s's %(changes)s") % {**values, "changes": _join(changes)}


def _member_deactivated(entry: AuditEntry, names: Names) -> str:
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names)}
    return _("%(actor)s deactivated %(member)s") % values


def _member_activated(entry: AuditEntry, names: Names) -> str:
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names)}
    return _("%(actor)s activated %(member)s again") % values


def _ownership_transferred(entry: AuditEntry, names: Names) -> str:
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names)}
    previous = (entry.before or {}).get("owner") if isinstance(entry.before, dict) else None
    if previous:
        user = names.users_by_email.get(str(previous).lower())
        values["previous"] = person_name(user) or str(previous)
        return _("%(actor)s made %(member)s the Owner; %(previous)s is now an Admin") % values
    return _("%(actor)s made %(member)s the Owner") % values


def _budget_set(entry: AuditEntry, names: Names) -> str:
    values = {
        "actor": actor_name(entry, names),
        "member": member_name(entry, names),
        "budget": budget_phrase(entry.after),
        "before": budget_phrase(entry.before),
    }
    return _("%(actor)s set %(member)s's budget to %(budget)s (was %(before)s)") % values


def _budget_cleared(entry: AuditEntry, names: Names) -> str:
    values = {
        "actor": actor_name(entry, names),
        "member": member_name(entry, names),
        "before": budget_phrase(entry.before),
    }
    return _("%(actor)s removed %(member)s's budget (was %(before)s)") % values


def _kind_label(kind: Any) -> str:
    try:
        return str(RequestKind(str(kind)).label)
    except ValueError:
        return str(kind or formatting.EMPTY)


def _request_created(entry: AuditEntry, names: Names) -> str:
    after = entry.after if isinstance(entry.after, dict) else {}
    values = {"actor": actor_name(entry, names)}
    kind = after.get("kind")
    if kind == RequestKind.NEW_USER:
        values["person"] = _snapshot_name(after) or formatting.EMPTY
        values["role"] = role_label(after.get("role"))
        return _("%(actor)s asked for a new user, %(person)s, as %(role)s") % values
    if kind == RequestKind.BUDGET_APPROVAL:
        values["amount"] = formatting.money(after.get("amount"), str(after.get("currency") or ""))
        return _("%(actor)s asked to approve an order of %(amount)s over budget") % values
    if kind == RequestKind.INVOICE_DISPUTE and after.get("invoice_number"):
        values["invoice"] = str(after["invoice_number"])
        return _("%(actor)s disputed invoice %(invoice)s") % values
    values["kind"] = _kind_label(kind)
    return _("%(actor)s filed a request: %(kind)s") % values


def _request_subject(entry: AuditEntry, names: Names) -> dict[str, str]:
    request = names.requests.get(entry.target_id)
    if request is None:
        return {"kind": _("a request"), "requester": ""}
    requester = person_name(request.requested_by)
    return {"kind": _kind_label(request.kind), "requester": requester}


def _request_decided(entry: AuditEntry, names: Names, approved: bool) -> str:
    subject = _request_subject(entry, names)
    values = {"actor": actor_name(entry, names), **subject}
    reason = (entry.after or {}).get("reason") if isinstance(entry.after, dict) else None
    if approved:
        if subject["requester"]:
            return _("%(actor)s approved %(requester)s's request (%(kind)s)") % values
        return _("%(actor)s approved a request (%(kind)s)") % values
    values["reason"] = str(reason or "")
    if subject["requester"] and reason:
        return _("%(actor)s rejected %(requester)s's request (%(kind)s): %(reason)s") % values
    if subject["requester"]:
        return _("%(actor)s rejected %(requester)s's request (%(kind)s)") % values
    return _("%(actor)s rejected a request (%(kind)s)") % values


def _order_cancelled(entry: AuditEntry, names: Names) -> str:
    number = (entry.after or {}).get("number") if isinstance(entry.after, dict) else None
    values = {"actor": actor_name(entry, names), "number": number or formatting.EMPTY}
    return _("%(actor)s cancelled order #%(number)s") % values


def _preview_opened(entry: AuditEntry, names: Names) -> str:
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names)}
    return _("%(actor)s viewed the customer center as %(member)s sees it") % values


def _company_blocked(entry: AuditEntry, names: Names) -> str:
    reason = (entry.after or {}).get("blocked_reason") if isinstance(entry.after, dict) else ""
    values = {"actor": actor_name(entry, names), "reason": reason or formatting.EMPTY}
    return _("%(actor)s blocked the company: %(reason)s") % values


def _company_unblocked(entry: AuditEntry, names: Names) -> str:
    return _("%(actor)s unblocked the company") % {"actor": actor_name(entry, names)}


def _member_imported(entry: AuditEntry, names: Names) -> str:
    values = {"actor": actor_name(entry, names), "member": member_name(entry, names)}
    return _("%(actor)s added %(member)s from an imported list of users") % values


def _company_settings_changed(entry: AuditEntry, names: Names) -> str:
    return _("%(actor)s changed the company's ordering settings") % {
        "actor": actor_name(entry, names)
    }


def _quote_sentence(template: str) -> Sentence:
    def sentence(entry: AuditEntry, names: Names) -> str:
        values = {"actor": actor_name(entry, names), "quote": entry.target_id or formatting.EMPTY}
        return _(template) % values

    return sentence


SENTENCES: dict[str, Sentence] = {
    Action.MEMBER_IMPORTED: _member_imported,
    Action.COMPANY_SETTINGS_CHANGED: _company_settings_changed,
    Action.QUOTE_REQUESTED: _quote_sentence(gettext_noop("%(actor)s asked for quote %(quote)s")),
    Action.QUOTATION_SENT: _quote_sentence(
        gettext_noop("%(actor)s sent a quotation for quote %(quote)s")
    ),
    Action.QUOTE_ACCEPTED: _quote_sentence(gettext_noop("%(actor)s accepted quote %(quote)s")),
    Action.QUOTE_DECLINED: _quote_sentence(gettext_noop("%(actor)s declined quote %(quote)s")),
    Action.COMPANY_ACTIVATED: _company_activated,
    Action.MEMBER_CREATED: _member_created,
    Action.MEMBER_ADDED_FROM_CONTACT: _member_added_from_contact,
    Action.MEMBER_UPDATED: _member_updated,
    Action.MEMBER_DEACTIVATED: _member_deactivated,
    Action.MEMBER_ACTIVATED: _member_activated,
    Action.OWNERSHIP_TRANSFERRED: _ownership_transferred,
    Action.BUDGET_SET: _budget_set,
    Action.BUDGET_CLEARED: _budget_cleared,
    Action.REQUEST_CREATED: _request_created,
    Action.REQUEST_APPROVED: lambda entry, names: _request_decided(entry, names, True),
    Action.REQUEST_REJECTED: lambda entry, names: _request_decided(entry, names, False),
    Action.ORDER_CANCELLED: _order_cancelled,
    Action.PREVIEW_OPENED: _preview_opened,
    Action.COMPANY_BLOCKED: _company_blocked,
    Action.COMPANY_UNBLOCKED: _company_unblocked,
}


def sentence(entry: AuditEntry, names: Names) -> str:
    """One entry in words; an action this version does not know still reads as a change."""
    write = SENTENCES.get(entry.action)
    if write is None:
        return _("%(actor)s made a change") % {"actor": actor_name(entry, names)}
    return write(entry, names)


def describe(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries with ``summary`` (their sentence) and ``actor_name`` set, the names read
    once for them all."""
    entries = list(entries)
    names = Names.of(entries)
    for entry in entries:
        entry.summary = sentence(entry, names)
        entry.actor_name = actor_name(entry, names)
    return entries


PAGE_ATTR = "_audit_sentences_page"


def share_page(entries: list[AuditEntry]) -> None:
    """Let each entry know its page, so that the first sentence asked for describes them all
    (the API asks entry by entry, and only when ``summary`` is selected)."""
    for entry in entries:
        setattr(entry, PAGE_ATTR, entries)


def page_of(entry: AuditEntry) -> list[AuditEntry]:
    return getattr(entry, PAGE_ATTR, None) or [entry]
