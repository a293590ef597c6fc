"""The operator's console: companies, the request queue, ERP sync health, previews.

The door admits only a staff user with MANAGE_USERS (rule ``staff()``); everyone else got
a plain 404 before any of these runs. Acting on the sync also needs MANAGE_PLUGINS, which
the ERP's health module checks.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import permissions, templating
from ..door import Caller
from ..door.csrf import FIELD as CSRF_FIELD
from ..erp import health
from ..links import path
from ..models.erp import RecordKind
from ..models.request import RequestKind, RequestStatus
from ..services import activity, audit_sentences, console, members, order_links, orders
from ..services import preview as preview_service
from ..services import quotes as quote_service
from ..services import requests as request_service
from ..services import staff as staff_service
from . import forms, pager, payload_view, sync_chart
from .pages import error_page, perform

COMPANY_LIST_SIZE = 25


def render_staff(caller: Caller, template: str, context: dict, status: int = 200):
    data = {
        "staff_user": caller.user,
        "csrf_token": caller.csrf_token,
        "csrf_field": CSRF_FIELD,
        "can_manage_sync": staff_service.can_manage_sync(caller.user),
        **context,
    }
    return templating.render(
        caller.request, f"saleor_customer_center/staff/{template}", data, status=status
    )


def console_home(request: HttpRequest, caller: Caller) -> HttpResponse:
    """What needs the operator today first (services/console.py), then the details."""
    return render_staff(
        caller,
        "home.html",
        {
            "today": console.overview(caller.user),
            "troubled_runs": health.troubled_runs(caller.user)[:20],
            "link_failures": order_links.unresolved_failures(caller.user).select_related("order")[
                :50
            ],
            "active": "home",
        },
    )


def confirm_step(
    caller: Caller,
    *,
    title: str,
    consequence: str,
    action: str,
    fields: dict[str, str],
    button: str,
    back: str,
    active: str = "companies",
) -> HttpResponse:
    """The confirmation step of a destructive console action: names what happens and
    posts the same form again with ``confirm=yes`` (issue 17 item 2)."""
    return render_staff(
        caller,
        "confirm.html",
        {
            "title": title,
            "consequence": consequence,
            "action": action,
            "fields": fields,
            "button": button,
            "back": back,
            "active": active,
        },
    )


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "yes"


def companies(request: HttpRequest, caller: Caller) -> HttpResponse:
    query = request.GET.get("q", "")
    found = pager.page_of(request, staff_service.search_companies(caller.user, query))
    return render_staff(
        caller,
        "companies.html",
        {"companies": found.rows, "pager": found, "q": query, "active": "companies"},
    )


def company_detail(request: HttpRequest, caller: Caller, company_id: int) -> HttpResponse:
    company = staff_service.get_company(caller.user, company_id)
    # Four lists, each paged on its own (web/pager.py); members and contacts searchable.
    lists = {
        "members": pager.page_of(
            request,
            staff_service.company_members(company, request.GET.get("mq")),
            prefix="m_",
            size=COMPANY_LIST_SIZE,
        ),
        "contacts": pager.page_of(
            request,
            members.contacts_of(company, search_term=request.GET.get("cq")),
            prefix="c_",
            size=COMPANY_LIST_SIZE,
        ),
        "orders": pager.page_of(
            request, staff_service.company_orders(company), prefix="o_", size=COMPANY_LIST_SIZE
        ),
        "audit": pager.page_of(
            request, staff_service.company_audit_log(company), prefix="a_", size=COMPANY_LIST_SIZE
        ),
    }
    audit_sentences.describe(lists["audit"].rows)  # the log reads in sentences
    return render_staff(
        caller,
        "company.html",
        {
            "company": company,
            "counts": console.company_counts(company),
            **{name: found.rows for name, found in lists.items()},
            "pagers": lists,
            "mq": request.GET.get("mq", ""),
            "cq": request.GET.get("cq", ""),
            "blocked_by": activity.last_block(company) if company.is_blocked else None,
            "active": "companies",
        },
    )


def company_block(request: HttpRequest, caller: Caller, company_id: int) -> HttpResponse:
    """Block (after a confirmation that names the consequence) or unblock a company."""
    blocking = request.POST.get("blocked") == "1"
    reason = request.POST.get("reason", "").strip()
    if blocking and not confirmed(request):
        company = staff_service.get_company(caller.user, company_id)
        if not reason:
            return error_page(caller, 400, _("Give a reason for blocking the company."))
        users = console.company_counts(company).active_members
        return confirm_step(
            caller,
            title=_("Block %(company)s?") % {"company": company.name},
            consequence=ngettext(
                "Blocking %(company)s suspends the access of its %(count)s active user: "
                "they cannot open the customer center or order until you unblock it.",
                "Blocking %(company)s suspends the access of its %(count)s active users: "
                "they cannot open the customer center or order until you unblock it.",
                users,
            )
            % {"company": company.name, "count": users},
            action=path("cc-staff-company-block", company_id),
            fields={"blocked": "1", "reason": reason},
            button=_("Block %(company)s") % {"company": company.name},
            back=path("cc-staff-company", company_id),
        )
    perform(staff_service.set_blocked, caller.user, company_id, blocked=blocking, reason=reason)
    return HttpResponseRedirect(path("cc-staff-company", company_id))


def request_queue(request: HttpRequest, caller: Caller) -> HttpResponse:
    errors: dict = {}
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("approve", "reject"):
        request_id = forms.id_field(request.POST, "request_id")
        try:
            if action == "approve":
                perform(
                    request_service.approve_request,
                    caller.user,
                    request_id,
                    settings=caller.settings,
                    links=caller.links,
                )
            else:
                perform(
                    request_service.reject_request,
                    caller.user,
                    request_id,
                    request.POST.get("reason", ""),
                )
        except ValidationError as exc:
            errors = forms.error_messages(exc)
        else:
            return HttpResponseRedirect(path("cc-staff-requests", query={"done": action}))
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "pending")
    queue = pager.page_of(request, staff_service.request_queue(caller.user, kind, status))
    return render_staff(
        caller,
        "requests.html",
        {
            "requests": queue.rows,
            "pager": queue,
            "kinds": RequestKind.choices,
            "statuses": RequestStatus.choices,
            "kind": kind,
            "status": status,
            "errors": errors,
            "done": request.GET.get("done", ""),
            "active": "requests",
        },
        status=400 if errors else 200,
    )


def erp_health(request: HttpRequest, caller: Caller) -> HttpResponse:
    if request.method == "POST":
        health.require_sync_manager(caller.user)
        kind = request.POST.get("kind") or None
        record_id = forms.optional_id(request.POST, "record_id")
        if record_id is None and not confirmed(request):
            return _confirm_retry_all(caller, kind)
        run = health.retry_now(  # runs its own batches and transactions
            caller.user, kind=kind, record_id=record_id
        )
        return HttpResponseRedirect(
            path("cc-staff-erp", query={"retried": str(run.pk) if run else ""})
        )
    notice = _("Retried. See the newest run below.") if request.GET.get("retried") else ""
    kind = request.GET.get("kind", "")
    rejected = pager.page_of(request, health.rejected_records(caller.user, kind or None))
    for record in rejected.rows:
        record.lines, record.field_at_fault = payload_view.payload_lines(record.raw, record.reason)
    days = console.sync_days(caller.user)
    return render_staff(
        caller,
        "erp.html",
        {
            "runs": health.recent_runs(caller.user),
            "days": days,
            "chart": sync_chart.render(days),
            "rejected": rejected.rows,
            "pager": rejected,
            "kinds": RecordKind.choices,
            "kind": kind,
            "schedule": health.schedule(),
            "notice": notice,
            "active": "erp",
        },
    )


def _confirm_retry_all(caller: Caller, kind: str | None) -> HttpResponse:
    if kind not in RecordKind.values:
        return error_page(caller, 400, _("Choose the kind of records to retry."))
    waiting = health.rejected_records(caller.user, kind).count()
    label = RecordKind(kind).label
    response = confirm_step(
        caller,
        title=_("Retry every rejected %(kind)s record?") % {"kind": label},
        consequence=ngettext(
            "%(count)s rejected %(kind)s record goes through the sync again now, as a new "
            "run. If it passes it is stored and leaves the list; if not it stays with its new "
            "reason.",
            "%(count)s rejected %(kind)s records go through the sync again now, as a new run. "
            "Those that pass are stored and leave the list; the others stay with their new "
            "reason.",
            waiting,
        )
        % {"count": waiting, "kind": label},
        action=path("cc-staff-erp"),
        fields={"kind": kind},
        button=_("Retry %(count)s records") % {"count": waiting},
        back=path("cc-staff-erp"),
        active="erp",
    )
    return response


def member_access(request: HttpRequest, caller: Caller, member_id: int) -> HttpResponse:
    """Deactivate (after a confirmation) or activate a member from the console (never the
    Owner)."""
    membership = members.target_for_staff(caller.user, member_id)
    if request.POST.get("action") == "deactivate":
        if not confirmed(request):
            who = person_name(membership.user)
            company = membership.company.name
            return confirm_step(
                caller,
                title=_("Deactivate %(person)s?") % {"person": who},
                consequence=_(
                    "Deactivating %(person)s ends their access to %(company)s at once: they "
                    "are signed out and cannot order for it. Their orders and history stay; "
                    "you can activate them again."
                )
                % {"person": who, "company": company},
                action=path("cc-staff-access", member_id),
                fields={"action": "deactivate"},
                button=_("Deactivate %(person)s") % {"person": who},
                back=path("cc-staff-company", membership.company_id),
            )
        perform(members.deactivate_member, caller.user, member_id)
    else:
        perform(members.activate_member, caller.user, member_id, links=caller.links)
    return HttpResponseRedirect(path("cc-staff-company", membership.company_id))


def ownership_transfer(request: HttpRequest, caller: Caller, company_id: int) -> HttpResponse:
    """Hand the company to another member, after a confirmation naming both people."""
    member_id = forms.whole_number(request.POST.get("member_id")) or 0
    if not confirmed(request):
        company = staff_service.get_company(caller.user, company_id)
        target = members.target_for_staff(caller.user, member_id)
        if target.company_id != company.pk:
            raise permissions.NotFound("member")
        owner = staff_service.company_owner(company)
        values = {
            "person": person_name(target.user),
            "company": company.name,
            "owner": person_name(owner.user) if owner else _("nobody"),
        }
        return confirm_step(
            caller,
            title=_("Make %(person)s the Owner of %(company)s?") % values,
            consequence=_(
                "%(person)s becomes the Owner of %(company)s, with every right over its users "
                "and settings; %(owner)s, the Owner now, becomes an Administrator."
            )
            % values,
            action=path("cc-staff-ownership", company_id),
            fields={"member_id": str(member_id)},
            button=_("Make %(person)s the Owner") % values,
            back=path("cc-staff-company", company_id),
        )
    try:
        perform(members.transfer_ownership, caller.user, company_id, member_id)
    except ValidationError as exc:
        return error_page(caller, 400, " ".join(exc.messages))
    return HttpResponseRedirect(path("cc-staff-company", company_id))


def person_name(user: Any) -> str:
    """A person as the console names them: their full name, else their email."""
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.email


def staff_order(request: HttpRequest, caller: Caller, order_id: str) -> HttpResponse:
    """One company order as the operator sees it: lines, status, who placed it, its budget
    charges."""
    link, _membership = orders.order_for_user(caller.user, order_id)
    return render_staff(
        caller,
        "order.html",
        {
            "order": orders.order_view(link, None),
            "company": link.company,
            "charges": console.order_budget_charges(caller.user, link.order_id),
            "active": "companies",
        },
    )


def preview_start(request: HttpRequest, caller: Caller, member_id: int) -> HttpResponse:
    membership, expires_at = perform(preview_service.start_preview, caller.user, member_id)
    caller.start_preview(membership, expires_at, int(expires_at - time.time()))
    return HttpResponseRedirect(path("cc-home"))


def preview_end(request: HttpRequest, caller: Caller) -> HttpResponse:
    caller.end_preview()
    return HttpResponseRedirect(path("cc-staff-home"))


def quote_answer(request: HttpRequest, caller: Caller, quote_id: int) -> HttpResponse:
    """A quote request and its versions; the operator sends a quotation or a revision."""
    errors: dict = {}
    if request.method == "POST":
        lines = quote_service.quote_for(caller.user, quote_id)[0].lines.all()
        prices = {line.sku: request.POST.get(f"price-{line.position}", "") for line in lines}
        try:
            perform(
                quote_service.send_quotation,
                caller.user,
                quote_id,
                {
                    "valid_until": request.POST.get("valid_until", ""),
                    "message": request.POST.get("message", ""),
                    "discount_percent": request.POST.get("discount_percent", ""),
                    "prices": prices,
                },
                links=caller.links,
            )
        except ValidationError as exc:
            errors = forms.error_messages(exc)
        else:
            return HttpResponseRedirect(path("cc-staff-quote", quote_id, query={"done": "sent"}))
    quote, _membership = quote_service.quote_for(caller.user, quote_id)
    return render_staff(
        caller,
        "quote.html",
        {
            "quote": quote,
            "view": quote_service.quote_view(quote, None),
            "listed": quote_service.list_prices(quote),
            "current_prices": quote_service.current_prices(quote),
            "errors": errors,
            "form": request.POST,
            "done": request.GET.get("done", ""),
            "active": "requests",
        },
        status=400 if errors else 200,
    )
