"""Users management (L80+): members and ERP contacts, add, request, edit, deactivate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from .. import permissions, roles
from ..models import Membership
from ..models.budget import BudgetPeriod
from ..roles import Section
from ..services import audit, audit_sentences, budgets, members, new_users, purchase_orders
from . import forms, grid, pager
from .pages import PageContext, customer_page, exports_links, perform, redirect, render

AUDIT_ROWS = 20


@dataclass(frozen=True)
class MemberRow:
    """A member as the list shows it: with its budget status and whether the viewer may
    manage it. The template reads the membership's own fields through the row."""

    membership: Membership
    budget_status: budgets.BudgetStatus | None
    manageable: bool
    budget_gauge: Any = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle ask for these before the row is set
            raise AttributeError(name)
        return getattr(self.membership, name)


# Two lists on one page: each pages on its own (web/pager.py), 25 rows at a time.
USERS_PAGE_SIZE = 25


def _users_context(page: PageContext, request: HttpRequest, **extra):
    member_pager = pager.page_of(
        request,
        members.members_of(page.company, request.GET.get("q")),
        prefix="m_",
        size=USERS_PAGE_SIZE,
    )
    contact_pager = pager.page_of(
        request,
        members.contacts_of(page.company, unlinked_only=True, search_term=request.GET.get("cq")),
        prefix="c_",
        size=USERS_PAGE_SIZE,
    )
    company_members = member_pager.rows
    statuses = budgets.statuses_for_memberships(company_members)
    gauges = {pk: budgets.gauge(status, page.member.role) for pk, status in statuses.items()}
    rows = [
        MemberRow(
            member,
            statuses.get(member.pk),
            roles.can_manage(page.member.role, member.role),
            gauges.get(member.pk),
        )
        for member in company_members
    ]
    return {
        "active": "users",
        "members": rows,
        "members_pager": member_pager,
        "contacts": contact_pager.rows,
        "contacts_pager": contact_pager,
        "q": request.GET.get("q", ""),
        "cq": request.GET.get("cq", ""),
        "grantable": [(str(r.value), r.label) for r in roles.grantable_roles(page.member.role)],
        "periods": BudgetPeriod.choices,
        "exports": exports_links("users"),
        "audit": audit_sentences.describe(audit.entries_of(page.company)[:AUDIT_ROWS]),
        "audit_exports": exports_links("audit_log"),
        "grid": {
            "name": "users",
            "columns": grid.columns_for(page.viewer, "users", page.sees_prices),
            "available": grid.available("users", page.sees_prices),
        },
        **extra,
    }


@customer_page(Section.USERS)
def users(request: HttpRequest, page: PageContext) -> HttpResponse:
    errors: dict = {}
    notice = ""
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "add_contact":
            perform(
                members.add_from_contact,
                page.viewer,
                page.company.pk,
                forms.id_field(request.POST, "contact_id"),
                {
                    "customer_number": request.POST.get("customer_number", ""),
                    "contact_number": request.POST.get("contact_number", ""),
                    "role": request.POST.get("role") or None,
                    "budget": forms.budget(request.POST),
                },
                settings=page.settings,
                links=page.links,
            )
            notice = "contact_added"
        elif action == "request_user":
            membership, queued = perform(
                new_users.create_member,
                page.viewer,
                page.company.pk,
                forms.person(request.POST),
                settings=page.settings,
                links=page.links,
            )
            notice = "user_requested" if queued else "user_created"
        elif action == "po_setting":
            perform(
                purchase_orders.set_required,
                page.viewer,
                page.company.pk,
                bool(request.POST.get("po_number_required")),
            )
            notice = "settings_saved"
        elif action in ("deactivate", "activate"):
            member_id = forms.id_field(request.POST, "member_id")
            if action == "deactivate":
                perform(members.deactivate_member, page.viewer, member_id)
                notice = "user_deactivated"
            else:
                perform(members.activate_member, page.viewer, member_id, links=page.links)
                notice = "user_activated"
    except ValidationError as exc:
        errors = forms.error_messages(exc)
    if notice and not errors:
        return redirect(page.caller, "cc-users", notice=notice)
    status = 400 if errors else 200
    # The failed form shows what was entered, every field (issue 14 item 1).
    posted = request.POST if errors else {}
    return render(
        page,
        "users.html",
        _users_context(
            page,
            request,
            errors=errors,
            form=posted if action == "request_user" else {},
            contact_form=posted if action == "add_contact" else {},
            failed_action=action if errors else None,
        ),
        status=status,
    )


@customer_page(Section.USERS)
def member_edit(request: HttpRequest, page: PageContext, member_id: int) -> HttpResponse:
    member = members.member_of(page.company, member_id)
    # Nobody changes their own role or budget: the page offers only what may change
    # (issue 14 item 7; permissions.offers_role_and_budget).
    offers = permissions.offers_role_and_budget(page.member, member)
    errors: dict = {}
    if request.method == "POST":
        data = forms.person(request.POST)
        if not offers:
            data.pop("budget", None)
            data["role"] = str(member.role)
        try:
            perform(members.update_member, page.viewer, member_id, data)
        except ValidationError as exc:
            errors = forms.error_messages(exc)
        else:
            return redirect(page.caller, "cc-users", notice="user_saved")
    status_by_id = budgets.statuses_for_memberships([member])
    budget_status = status_by_id.get(member.pk)
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        budget_values = {
            "amount": posted.get("budget_amount", ""),
            "currency": posted.get("budget_currency", ""),
            "period": posted.get("budget_period", ""),
            "clear": bool(posted.get("budget_clear")),
        }
        role = posted.get("role", "")
    else:
        budget_values = {
            "amount": budget_status.amount if budget_status else "",
            "currency": budget_status.currency if budget_status else "",
            "period": budget_status.period if budget_status else "",
            "clear": False,
        }
        role = str(member.role)
    return render(
        page,
        "member_edit.html",
        {
            "active": "users",
            "member": member,
            "budget_status": budget_status,
            "budget_values": budget_values,
            "chosen_role": role,
            "offers_role_and_budget": offers,
            "profile_lock": members.profile_lock(page.viewer, member),
            "grantable": [(str(r.value), r.label) for r in roles.grantable_roles(page.member.role)],
            "periods": BudgetPeriod.choices,
            "errors": errors,
            "form": posted,
        },
        status=400 if errors else 200,
    )
