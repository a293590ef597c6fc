"""The company's Activity: its audit log filtered by person, kind of change and dates,
newest first, a page at a time, each entry with its sentence (``audit_sentences``).

Paging is a keyset on ``(created_at, id)`` (the audit index ``cc_audit_company_idx``): the
next page starts after the last entry shown, so a page costs the same at entry 10 and at
entry 100,000, and entries written meanwhile never shift a page. The cursor is kept to
:func:`encode_cursor` / :func:`decode_cursor` so a shared pager can replace it.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import permissions
from ..models import AuditEntry, Company, Membership
from ..roles import Section
from . import audit, audit_sentences

PAGE_SIZE = 25


@dataclass(frozen=True)
class Filters:
    person: int | None = None  # a membership of the company: what they did or what was done to them
    kind: str = ""  # a key of ``audit_sentences.KINDS``
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class Page:
    entries: list[AuditEntry]
    next_cursor: str  # empty on the last page
    is_first: bool


def encode_cursor(entry: AuditEntry) -> str:
    text = f"{entry.created_at.isoformat()}|{entry.pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    """The position a cursor names; None for anything that is not one of ours."""
    if not cursor or len(cursor) > 200:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = text.split("|")
        created = dt.datetime.fromisoformat(moment)
        number = int(pk)
    except (ValueError, UnicodeDecodeError):
        return None
    if timezone.is_naive(created) or not 0 < number < 2**63:
        return None
    return created, number


def require_reader(membership: Membership) -> Membership:
    """The Activity is the admins' (L80 and up), as the API's ``auditLog`` is."""
    return permissions.require_section(membership, Section.USERS)


def people(company: Company) -> list[Membership]:
    """Whom the person filter offers: the company's members, by name."""
    return list(
        Membership.objects.filter(company=company)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email", "pk")
    )


def filtered(company: Company, filters: Filters) -> QuerySet[AuditEntry]:
    entries = audit.entries_of(company)
    if filters.person is not None:
        membership = Membership.objects.filter(pk=filters.person, company=company).first()
        if membership is None:
            return entries.none()
        entries = entries.filter(
            Q(actor_id=membership.user_id)
            | Q(target_type="membership", target_id=str(membership.pk))
        )
    if filters.kind:
        entries = entries.filter(action__in=audit_sentences.actions_of_kind(filters.kind))
    zone = timezone.get_current_timezone()
    if filters.date_from is not None:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=zone)
        entries = entries.filter(created_at__gte=start)
    if filters.date_to is not None and filters.date_to < dt.date.max:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        entries = entries.filter(created_at__lt=end)
    return entries


def activity(
    membership: Membership,
    filters: Filters,
    cursor: str = "",
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the company's activity after ``cursor``, with sentences."""
    require_reader(membership)
    entries = filtered(membership.company, filters)
    position = decode_cursor(cursor)
    if position is not None:
        created, pk = position
        entries = entries.filter(Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk))
    rows = list(entries.order_by("-created_at", "-pk")[: size + 1])
    shown = audit_sentences.describe(rows[:size])
    next_cursor = encode_cursor(shown[-1]) if len(rows) > size else ""
    return Page(shown, next_cursor, is_first=position is None)


def recent(company: Company, limit: int = 50) -> list[AuditEntry]:
    """The newest entries with sentences (the console's company page)."""
    return audit_sentences.describe(audit.entries_of(company)[:limit])


def last_block(company: Company) -> AuditEntry | None:
    """Who blocked the company, and when: the newest ``company_blocked`` entry."""
    entry = audit.entries_of(company).filter(action=audit.Action.COMPANY_BLOCKED).first()
    if entry is None:
        return None
    return audit_sentences.describe([entry])[0]


def as_filters(data: Any) -> tuple[Filters, dict[str, str]]:
    """The page's query string as filters; a value that is not one is dropped and named."""
    errors: dict[str, str] = {}
    person = None
    raw_person = str(data.get("person") or "").strip()
    if raw_person:
        if raw_person.isdigit() and len(raw_person) < 19:
            person = int(raw_person)
        else:
            errors["person"] = "person"
    kind = str(data.get("kind") or "")
    if kind and kind not in audit_sentences.KINDS:
        errors["kind"] = "kind"
        kind = ""
    dates: dict[str, dt.date | None] = {}
    for key in ("from", "to"):
        raw = str(data.get(key) or "").strip()
        dates[key] = None
        if raw:
            try:
                dates[key] = dt.date.fromisoformat(raw)
            except ValueError:
                errors[key] = key
    return Filters(person, kind, dates["from"], dates["to"]), errors
