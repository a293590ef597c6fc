"""Users management (L80+): members and ERP contacts, add, request, edit, deactivate."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from .. import permissions, roles
from ..models.budget import BudgetPeriod
from ..roles import Section
from ..services import budgets, members
from . import forms, grid
from .pages import PageContext, customer_page, perform, redirect, render


def _users_context(page: PageContext, **extra):
    company_members = list(members.members_of(page.company))
    statuses = budgets.statuses_for_memberships(company_members)
    for member in company_members:
        member.budget_status = statuses.get(member.pk)
        member.manageable = roles.can_manage(page.membership.role, member.role)
    return {
        "active": "users",
        "members": company_members,
        "contacts": members.contacts_of(page.company, unlinked_only=True),
        "grantable": [(str(r.value), r.label) for r in roles.grantable_roles(page.membership.role)],
        "periods": BudgetPeriod.choices,
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
                members.create_member,
                page.viewer,
                page.company.pk,
                forms.person(request.POST),
                settings=page.settings,
                links=page.links,
            )
            notice = "user_requested" if queued else "user_created"
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
    offers = permissions.offers_role_and_budget(page.membership, member)
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
            "grantable": [
                (str(r.value), r.label) for r in roles.grantable_roles(page.membership.role)
            ],
            "periods": BudgetPeriod.choices,
            "errors": errors,
            "form": posted,
        },
        status=400 if errors else 200,
    )
