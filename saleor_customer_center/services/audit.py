"""The company audit log: one explicit call per state change, in the same transaction.

Like Saleor's ``giftcard/events.py``: no signal receivers, the service that changes a
member, role, budget or request writes its entry beside the change, so both commit or
neither does.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from ..models import AuditEntry, Company


class Action:
    COMPANY_ACTIVATED = "company_activated"
    MEMBER_CREATED = "member_created"
    MEMBER_IMPORTED = "member_imported"
    MEMBER_ADDED_FROM_CONTACT = "member_added_from_contact"
    MEMBER_UPDATED = "member_updated"
    MEMBER_DEACTIVATED = "member_deactivated"
    MEMBER_ACTIVATED = "member_activated"
    OWNERSHIP_TRANSFERRED = "ownership_transferred"
    BUDGET_SET = "budget_set"
    BUDGET_CLEARED = "budget_cleared"
    REQUEST_CREATED = "request_created"
    REQUEST_APPROVED = "request_approved"
    REQUEST_REJECTED = "request_rejected"
    ORDER_CANCELLED = "order_cancelled"
    PREVIEW_OPENED = "preview_opened"
    COMPANY_BLOCKED = "company_blocked"
    COMPANY_UNBLOCKED = "company_unblocked"
    COMPANY_SETTINGS_CHANGED = "company_settings_changed"
    QUOTE_REQUESTED = "quote_requested"
    QUOTATION_SENT = "quotation_sent"
    QUOTE_ACCEPTED = "quote_accepted"
    QUOTE_DECLINED = "quote_declined"


def record(
    company: Company,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    entry_ = entry(company, actor, action, target, before, after)
    entry_.save()
    return entry_


def entry(
    company: Company,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """An unsaved entry, for a bulk insert of many changes made at once (a user import)."""
    return AuditEntry(
        company=company,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_email=getattr(actor, "email", "") or "",
        actor_is_staff=bool(getattr(actor, "is_staff", False)),
        action=action,
        target_type=(target._meta.model_name or "") if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        before=before,
        after=after,
    )


def entries_of(company: Company) -> models.QuerySet[AuditEntry]:
    """A company's audit log, newest first (readable by its admins)."""
    return AuditEntry.objects.filter(company=company).order_by("-created_at", "-pk")
