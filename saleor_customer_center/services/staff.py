"""The shop operator's view of companies: search, detail, block and unblock."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from .. import permissions, saleor
from ..models import AuditEntry, Company, CompanyOrder, Membership
from ..roles import Role
from . import audit, search


def search_companies(staff_user: Any, query: str = ""):
    """Companies by name, customer number, UIN or VAT number (one trigram-indexed search
    text, services/search.py), by name."""
    permissions.require_staff(staff_user)
    companies = search.matching(Company.objects.all(), search.COMPANY, query)
    owners = Membership.objects.filter(role=Role.L90_OWNER).select_related("user")
    return companies.prefetch_related(Prefetch("memberships", owners, to_attr="owners")).order_by(
        "name", "pk"
    )


def get_company(staff_user: Any, company_id: int) -> Company:
    permissions.require_staff(staff_user)
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        raise permissions.NotFound("company")
    return company


def company_members(company: Company, search_term: str | None = None):
    """The company's members for the console, highest role first (paged by the caller)."""
    found = Membership.objects.filter(company=company).select_related("user", "budget")
    return search.members_matching(found, search_term).order_by("-role", "user__email", "pk")


def company_owner(company: Company) -> Membership | None:
    """The company's Owner (one at most: services/members.py transfer_ownership)."""
    return (
        Membership.objects.filter(company=company, role=Role.L90_OWNER)
        .select_related("user")
        .first()
    )


def company_orders(company: Company):
    """The company's orders, newest first (index cc_order_company_page_idx)."""
    return (
        CompanyOrder.objects.filter(company=company)
        .select_related("order", "placed_by")
        .order_by("-created_at", "-pk")
    )


def company_audit_log(company: Company):
    """The company's audit log, newest first (index cc_audit_company_page_idx)."""
    return AuditEntry.objects.filter(company=company).order_by("-created_at", "-pk")


def set_blocked(staff_user: Any, company_id: int, blocked: bool, reason: str = "") -> Company:
    """A blocked company's members can neither order nor activate; reversible."""
    permissions.require_staff(staff_user)
    company = Company.objects.select_for_update().filter(pk=company_id).first()
    if company is None:
        raise permissions.NotFound("company")
    before = {"is_blocked": company.is_blocked, "blocked_reason": company.blocked_reason}
    company.is_blocked = blocked
    company.blocked_reason = reason[:255] if blocked else ""
    company.save(update_fields=["is_blocked", "blocked_reason", "updated_at"])
    audit.record(
        company,
        staff_user,
        audit.Action.COMPANY_BLOCKED if blocked else audit.Action.COMPANY_UNBLOCKED,
        target=company,
        before=before,
        after={"is_blocked": company.is_blocked, "blocked_reason": company.blocked_reason},
    )
    return company


def can_manage_sync(staff_user: Any) -> bool:
    return permissions.is_staff_with(staff_user, saleor.MANAGE_PLUGINS)


def request_queue(staff_user: Any, kind: str = "", status: str = "pending"):
    """Every company's requests that need the shop, oldest first."""
    from ..models import CompanyRequest

    permissions.require_staff(staff_user)
    queue = CompanyRequest.objects.filter(needs_shop=True).select_related(
        "company", "requested_by", "quote"
    )
    if kind:
        queue = queue.filter(kind=kind)
    if status:
        queue = queue.filter(status=status)
    return queue.order_by("created_at", "pk")


def pending_shop_requests(staff_user: Any) -> int:
    return request_queue(staff_user).count()
