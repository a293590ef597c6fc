"""The operator's console: companies, the request queue, ERP sync health, previews.

The door admits only a staff user with MANAGE_USERS (rule ``staff()``); everyone else got
a plain 404 before any of these runs. Acting on the sync also needs MANAGE_PLUGINS, which
the ERP's health module checks.
"""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .. import templating
from ..door import Caller
from ..door.csrf import FIELD as CSRF_FIELD
from ..erp import health
from ..links import path
from ..models.erp import RecordKind
from ..models.request import RequestKind, RequestStatus
from ..services import activity, audit_sentences, members, order_links
from ..services import preview as preview_service
from ..services import quotes as quote_service
from ..services import requests as request_service
from ..services import staff as staff_service
from . import forms, pager
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
    return render_staff(
        caller,
        "home.html",
        {
            "troubled_runs": health.troubled_runs(caller.user)[:20],
            "pending_requests": staff_service.pending_shop_requests(caller.user),
            "link_failures": order_links.unresolved_failures(caller.user).select_related("order")[
                :50
            ],
            "active": "home",
        },
    )


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
            **{name: found.rows for name, found in lists.items()},
            "pagers": lists,
            "mq": request.GET.get("mq", ""),
            "cq": request.GET.get("cq", ""),
            "blocked_by": activity.last_block(company) if company.is_blocked else None,
            "active": "companies",
        },
    )


def company_block(request: HttpRequest, caller: Caller, company_id: int) -> HttpResponse:
    perform(
        staff_service.set_blocked,
        caller.user,
        company_id,
        blocked=request.POST.get("blocked") == "1",
        reason=request.POST.get("reason", ""),
    )
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
        run = health.retry_now(  # runs its own batches and transactions
            caller.user,
            kind=request.POST.get("kind") or None,
            record_id=forms.optional_id(request.POST, "record_id"),
        )
        return HttpResponseRedirect(
            path("cc-staff-erp", query={"retried": str(run.pk) if run else ""})
        )
    notice = "Retried. See the newest run below." if request.GET.get("retried") else ""
    kind = request.GET.get("kind", "")
    rejected = pager.page_of(request, health.rejected_records(caller.user, kind or None))
    return render_staff(
        caller,
        "erp.html",
        {
            "last_runs": health.last_runs_per_kind(),
            "rejected": rejected.rows,
            "pager": rejected,
            "kinds": RecordKind.choices,
            "kind": kind,
            "schedule": health.schedule(),
            "notice": notice,
            "active": "erp",
        },
    )


def member_access(request: HttpRequest, caller: Caller, member_id: int) -> HttpResponse:
    """Deactivate or activate a member from the console (never the Owner)."""
    membership = members.target_for_staff(caller.user, member_id)
    if request.POST.get("action") == "deactivate":
        perform(members.deactivate_member, caller.user, member_id)
    else:
        perform(members.activate_member, caller.user, member_id, links=caller.links)
    return HttpResponseRedirect(path("cc-staff-company", membership.company_id))


def ownership_transfer(request: HttpRequest, caller: Caller, company_id: int) -> HttpResponse:
    try:
        perform(
            members.transfer_ownership,
            caller.user,
            company_id,
            forms.whole_number(request.POST.get("member_id")) or 0,
        )
    except ValidationError as exc:
        return error_page(caller, 400, " ".join(exc.messages))
    return HttpResponseRedirect(path("cc-staff-company", company_id))


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
