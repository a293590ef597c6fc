"""Users management (L80+): members and ERP contacts, add, request, edit, deactivate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .. import roles
from ..links import path
from ..models import Membership
from ..models.budget import BudgetPeriod
from ..roles import Section
from ..services import audit, budgets, members, new_users, purchase_orders
from . import forms, grid, pager
from .pages import PageContext, customer_page, exports_links, perform, render

AUDIT_ROWS = 20


@dataclass(frozen=True)
class MemberRow:
    """A member as the list shows it: with its budget status and whether the viewer may
    manage it. The template reads the membership's own fields through the row."""

    membership: Membership
    budget_status: budgets.BudgetStatus | None
    manageable: bool

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
    rows = [
        MemberRow(
            member,
            statuses.get(member.pk),
            roles.can_manage(page.member.role, member.role),
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
        "grantable": [(r.value, r.label) for r in roles.grantable_roles(page.member.role)],
        "periods": BudgetPeriod.choices,
        "exports": exports_links("users"),
        "audit": audit.entries_of(page.company)[:AUDIT_ROWS],
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
            notice = _("The contact is now a user and has been emailed how to sign in.")
        elif action == "request_user":
            membership, queued = perform(
                new_users.create_member,
                page.viewer,
                page.company.pk,
                forms.person(request.POST),
                settings=page.settings,
                links=page.links,
            )
            notice = (
                _("The request has been sent to the shop for approval.")
                if queued
                else _("The user has been created and emailed a link to set a password.")
            )
        elif action == "po_setting":
            perform(
                purchase_orders.set_required,
                page.viewer,
                page.company.pk,
                bool(request.POST.get("po_number_required")),
            )
            notice = _("Saved.")
        elif action in ("deactivate", "activate"):
            member_id = forms.id_field(request.POST, "member_id")
            if action == "deactivate":
                perform(members.deactivate_member, page.viewer, member_id)
                notice = _("The user has been deactivated for this company.")
            else:
                perform(members.activate_member, page.viewer, member_id, links=page.links)
                notice = _("The user has been activated.")
    except ValidationError as exc:
        errors = forms.error_messages(exc)
    if notice and not errors:
        return HttpResponseRedirect(path("cc-users", query={"done": action or ""}))
    status = 400 if errors else 200
    return render(
        page,
        "users.html",
        _users_context(
            page,
            request,
            errors=errors,
            form=request.POST,
            failed_action=action,
            done=request.GET.get("done", ""),
        ),
        status=status,
    )


@customer_page(Section.USERS)
def member_edit(request: HttpRequest, page: PageContext, member_id: int) -> HttpResponse:
    member = members.member_of(page.company, member_id)
    errors: dict = {}
    if request.method == "POST":
        data = forms.person(request.POST)
        try:
            perform(members.update_member, page.viewer, member_id, data)
        except ValidationError as exc:
            errors = forms.error_messages(exc)
        else:
            return HttpResponseRedirect(path("cc-users", query={"done": "edit"}))
    status_by_id = budgets.statuses_for_memberships([member])
    return render(
        page,
        "member_edit.html",
        {
            "active": "users",
            "member": member,
            "budget_status": status_by_id.get(member.pk),
            "profile_lock": members.profile_lock(page.viewer, member),
            "grantable": [(r.value, r.label) for r in roles.grantable_roles(page.member.role)],
            "periods": BudgetPeriod.choices,
            "errors": errors,
            "form": request.POST if request.method == "POST" else None,
        },
        status=400 if errors else 200,
    )
