"""Users management (L80+): members and ERP contacts, add, request, edit, deactivate."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .. import roles
from ..links import path
from ..models.budget import BudgetPeriod
from ..roles import Section
from ..services import budgets, members
from . import forms, grid
from .pages import PageContext, customer_page, perform, render


def _users_context(page: PageContext, **extra):
    company_members = list(members.members_of(page.company))
    statuses = budgets.statuses_for_memberships(company_members)
    gauges = {pk: budgets.gauge(status, page.membership.role) for pk, status in statuses.items()}
    for member in company_members:
        member.budget_status = statuses.get(member.pk)
        member.budget_gauge = gauges.get(member.pk)
        member.manageable = roles.can_manage(page.membership.role, member.role)
    return {
        "active": "users",
        "members": company_members,
        "contacts": members.contacts_of(page.company, unlinked_only=True),
        "grantable": [(r.value, r.label) for r in roles.grantable_roles(page.membership.role)],
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
            notice = _("The contact is now a user and has been emailed how to sign in.")
        elif action == "request_user":
            membership, queued = perform(
                members.create_member,
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
            "grantable": [(r.value, r.label) for r in roles.grantable_roles(page.membership.role)],
            "periods": BudgetPeriod.choices,
            "errors": errors,
            "form": request.POST if request.method == "POST" else None,
        },
        status=400 if errors else 200,
    )
