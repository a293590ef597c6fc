"""The request queue: what company users ask for, with a status history; never dropped.

A new-user request comes from a member below Admin (``companyRequestCreate``) or from an
Admin when the operator wants to approve new users (then the shop decides, ``needs_shop``).
Company admins decide their company's requests; staff with MANAGE_USERS decide any.
Every step writes a ``CompanyRequestEvent`` and an audit entry, and emails the people
concerned: the admins when a user is requested, the requester when it is decided.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import emails, permissions
from ..error_codes import CustomerCenterErrorCode
from ..links import Links
from ..models import Company, CompanyRequest, CompanyRequestEvent, Invoice, Membership
from ..models.request import RequestKind, RequestStatus
from ..roles import Role, manages_users
from ..settings_store import PluginSettings
from . import audit, billing, companies, members
from .errors import field_error

# Kinds a member may file; budget approvals are raised by the checkout itself.
MEMBER_KINDS = (
    RequestKind.NEW_USER,
    RequestKind.INVOICE_DISPUTE,
    RequestKind.QUOTE,
    RequestKind.OTHER,
)
# What the shop, not the company's admins, decides.
SHOP_KINDS = (RequestKind.INVOICE_DISPUTE, RequestKind.QUOTE)


def requests_of(company: Company) -> QuerySet[CompanyRequest]:
    return CompanyRequest.objects.filter(company=company).order_by("-created_at", "-pk")


def visible_requests(company: Company, membership: Membership) -> QuerySet[CompanyRequest]:
    """Admins see the company's whole queue; every other member the requests it filed."""
    queue = requests_of(company).select_related("requested_by", "quote")
    if not manages_users(membership.role):
        queue = queue.filter(requested_by_id=membership.user_id)
    return queue


def _person_payload(person: members.Person, budget: dict[str, Any] | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "salutation": person.salutation,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": int(person.role),
    }
    if budget and budget.get("amount") is not None:
        payload["budget"] = {
            "amount": str(budget["amount"]),
            "currency": budget.get("currency") or "",
            "period": str(budget.get("period") or ""),
        }
    return payload


def _open(
    company: Company,
    actor: Any,
    kind: str,
    payload: dict[str, Any],
    needs_shop: bool,
    membership: Membership | None,
) -> CompanyRequest:
    request = CompanyRequest.objects.create(
        company=company,
        kind=kind,
        requested_by=actor,
        membership=membership,
        needs_shop=needs_shop,
        payload=payload,
    )
    CompanyRequestEvent.objects.create(request=request, status=RequestStatus.PENDING, actor=actor)
    audit.record(
        company,
        actor,
        audit.Action.REQUEST_CREATED,
        target=request,
        after={"kind": kind, "needs_shop": needs_shop, **payload},
    )
    if kind == RequestKind.NEW_USER:
        emails.queue_email(
            "user_requested",
            companies.admin_emails(company.pk),
            {
                "recipient_name": "",
                "company_name": company.name,
                "requested_by": getattr(actor, "email", ""),
                "email": payload.get("email", ""),
                "first_name": payload.get("first_name", ""),
                "last_name": payload.get("last_name", ""),
                "role": str(Role(payload["role"]).label),
                "needs_shop": needs_shop,
            },
            company=company,
        )
    return request


def open_shop_request(
    company: Company, actor: Any, kind: str, payload: dict[str, Any], membership: Membership
) -> CompanyRequest:
    """A request the shop decides (a quote), in the operator's queue and the company's."""
    return _open(company, actor, kind, payload, True, membership)


def mark_answered(request: CompanyRequest, user: Any, note: str) -> None:
    """The shop answered a pending request in its own way (a quotation): approved, with
    the answer in its history."""
    if request.status == RequestStatus.PENDING:
        request.status = RequestStatus.APPROVED
        request.decided_by = user
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    CompanyRequestEvent.objects.create(
        request=request, status=request.status, actor=user, note=note
    )


def queue_new_user(
    actor_membership: Membership,
    person: members.Person,
    *,
    budget: dict[str, Any] | None,
    settings: PluginSettings,
) -> CompanyRequest:
    """An admin's new user, held for the shop because the operator approves new users."""
    return _open(
        actor_membership.company,
        actor_membership.user,
        RequestKind.NEW_USER,
        _person_payload(person, budget),
        needs_shop=True,
        membership=actor_membership,
    )


@transaction.atomic
def create_request(
    user: Any,
    company_id: int,
    kind: str,
    data: dict[str, Any],
    *,
    settings: PluginSettings,
) -> CompanyRequest:
    """Any active member files a request of its company."""
    actor = permissions.membership_for(user, company_id)
    if kind not in MEMBER_KINDS:
        raise field_error(
            "kind",
            _("This kind of request cannot be filed here."),
            CustomerCenterErrorCode.INVALID.value,
        )
    if kind == RequestKind.NEW_USER:
        person = members.clean_person(data.get("new_user") or {})
        if person.role == Role.L90_OWNER:
            raise field_error(
                "role",
                _("Ownership is handed over, not requested."),
                CustomerCenterErrorCode.INVALID.value,
            )
        payload = _person_payload(person, (data.get("new_user") or {}).get("budget"))
        needs_shop = settings.new_users_need_approval
    else:
        message = str(data.get("message") or "").strip()
        if not message:
            raise field_error(
                "message", _("Say what you need."), CustomerCenterErrorCode.REQUIRED.value
            )
        payload = {"message": message[:5000]}
        if kind == RequestKind.INVOICE_DISPUTE and data.get("invoice_id") is not None:
            invoice = disputed_invoice(actor, data["invoice_id"])
            payload.update(invoice_id=invoice.pk, invoice_number=invoice.invoice_number)
        needs_shop = kind in SHOP_KINDS
    return _open(actor.company, user, kind, payload, needs_shop, actor)


def disputed_invoice(membership: Membership, invoice_id: int) -> Invoice:
    """The invoice a dispute names: one of the member's company, for a role that sees
    billing (another company's answers as one that does not exist)."""
    return billing.get_invoice(membership.company, membership, invoice_id)


def _pending(user: Any, request_id: int) -> tuple[CompanyRequest, Membership | None]:
    request = (
        CompanyRequest.objects.select_for_update(of=("self",))
        .select_related("company", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        permissions.require_user(user)
        raise permissions.NotFound("request", field="id")
    decider = permissions.require_request_decider(user, request)
    if request.status != RequestStatus.PENDING:
        raise ValidationError(
            f"This request was already {request.status}.",
            code=CustomerCenterErrorCode.ALREADY_DECIDED.value,
        )
    return request, decider


def _decide(request: CompanyRequest, user: Any, status: str, note: str = "") -> None:
    before = {"status": request.status}
    request.status = status
    request.decided_by = user
    request.decided_at = timezone.now()
    if note:
        request.reason = note
    request.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    CompanyRequestEvent.objects.create(request=request, status=status, actor=user, note=note)
    action = (
        audit.Action.REQUEST_APPROVED
        if status == RequestStatus.APPROVED
        else audit.Action.REQUEST_REJECTED
    )
    audit.record(
        request.company,
        user,
        action,
        target=request,
        before=before,
        after={"status": status, "reason": note} if note else {"status": status},
    )
    requester = request.requested_by
    if requester is not None:
        emails.queue_email(
            "request_approved" if status == RequestStatus.APPROVED else "request_rejected",
            [requester.email],
            {
                "recipient_name": requester.first_name or requester.email,
                "company_name": request.company.name,
                "kind": str(RequestKind(request.kind).label),
                "subject": request.payload.get("email", ""),
                "reason": note,
            },
            company=request.company,
        )


@transaction.atomic
def approve_request(
    user: Any, request_id: int, *, settings: PluginSettings, links: Links
) -> CompanyRequest:
    """Approve; a new-user request creates the account (the email may not be taken
    meanwhile, and the approver must be allowed to give the role)."""
    request, decider = _pending(user, request_id)
    if request.kind == RequestKind.QUOTE and hasattr(request, "quote"):
        raise ValidationError(
            _("Answer a quote request with a quotation (Quotes in the console)."),
            code=CustomerCenterErrorCode.INVALID.value,
        )
    if request.kind == RequestKind.NEW_USER:
        payload = request.payload
        person = members.clean_person(payload)
        if decider is not None and not permissions.is_staff_with(user):
            permissions.require_can_grant(decider, person.role)
        elif person.role == Role.L90_OWNER:
            raise permissions.PermissionDenied(_("Ownership is handed over, not granted."))
        created = members.create_account(
            request.company,
            person,
            actor=user,
            settings=settings,
            links=links,
            budget=payload.get("budget"),
        )
        request.payload = {**payload, "created_member_id": created.pk}
        request.save(update_fields=["payload", "updated_at"])
    _decide(request, user, RequestStatus.APPROVED)
    return request


@transaction.atomic
def reject_request(user: Any, request_id: int, reason: str) -> CompanyRequest:
    request, _membership = _pending(user, request_id)  # ``_`` is gettext here
    reason = (reason or "").strip()
    if not reason:
        raise field_error(
            "reason", _("Give the requester a reason."), CustomerCenterErrorCode.REQUIRED.value
        )
    _decide(request, user, RequestStatus.REJECTED, note=reason[:2000])
    quote = getattr(request, "quote", None) if request.kind == RequestKind.QUOTE else None
    if quote is not None and quote.status in ("requested", "quoted"):
        # The shop turned the quote request down: nothing of it can be accepted any more.
        quote.status = "rejected"
        quote.decline_reason = reason[:2000]
        quote.save(update_fields=["status", "decline_reason", "updated_at"])
    return request
