"""The operator's console: companies, the request queue, ERP sync health, previews."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .. import permissions, templating
from ..services import staff as staff_service
from . import csrf
from .pages import error_page, perform, url
from .staff import staff_page


def render_staff(request: HttpRequest, user, template: str, context: dict, status: int = 200):
    data = {
        "staff_user": user,
        "csrf_token": csrf.get_token(request),
        "csrf_field": csrf.CSRF_FIELD,
        "can_manage_sync": staff_service.can_manage_sync(user),
        **context,
    }
    return templating.render(
        request, f"saleor_customer_center/staff/{template}", data, status=status
    )


@staff_page()
def console_home(request: HttpRequest, user) -> HttpResponse:
    from ..erp import health as erp_health

    return render_staff(
        request,
        user,
        "home.html",
        {
            "troubled_runs": erp_health.troubled_runs(user)[:20],
            "pending_requests": staff_service.pending_shop_requests(user),
            "active": "home",
        },
    )


@staff_page()
def companies(request: HttpRequest, user) -> HttpResponse:
    query = request.GET.get("q", "")
    found = staff_service.search_companies(user, query)[:100]
    return render_staff(
        request, user, "companies.html", {"companies": found, "q": query, "active": "companies"}
    )


@staff_page()
def company_detail(request: HttpRequest, user, company_id: int) -> HttpResponse:
    company = staff_service.get_company(user, company_id)
    return render_staff(
        request,
        user,
        "company.html",
        {
            "company": company,
            "members": staff_service.company_members(company),
            "contacts": company.contacts.select_related("member").order_by("contact_number"),
            "orders": staff_service.recent_orders(company),
            "audit": staff_service.audit_log(company),
            "active": "companies",
        },
    )


@staff_page()
def company_block(request: HttpRequest, user, company_id: int) -> HttpResponse:
    if request.method == "POST":
        perform(
            staff_service.set_blocked,
            user,
            company_id,
            blocked=request.POST.get("blocked") == "1",
            reason=request.POST.get("reason", ""),
        )
    return HttpResponseRedirect(url("cc-staff-company", company_id))


@staff_page()
def request_queue(request: HttpRequest, user) -> HttpResponse:
    from django.core.exceptions import ValidationError

    from .. import settings_store
    from ..models.request import RequestKind, RequestStatus
    from ..services import requests as request_service
    from . import forms

    errors: dict = {}
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("approve", "reject"):
        request_id = int(request.POST.get("request_id") or 0)
        try:
            if action == "approve":
                perform(
                    request_service.approve_request,
                    user,
                    request_id,
                    settings=settings_store.current(),
                    plugin_url=request.build_absolute_uri("/").rstrip("/"),
                )
            else:
                perform(
                    request_service.reject_request,
                    user,
                    request_id,
                    request.POST.get("reason", ""),
                )
        except ValidationError as exc:
            errors = forms.error_messages(exc)
        else:
            return HttpResponseRedirect(url("cc-staff-requests") + f"?done={action}")
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "pending")
    return render_staff(
        request,
        user,
        "requests.html",
        {
            "requests": staff_service.request_queue(user, kind, status)[:200],
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


@staff_page()
def erp_health(request: HttpRequest, user) -> HttpResponse:
    from ..erp import health
    from ..models.erp import RecordKind

    notice = ""
    if request.method == "POST":
        health.require_sync_manager(user)
        record_id = request.POST.get("record_id", "")
        kind = request.POST.get("kind", "")
        run = health.retry_now(  # runs its own batches and transactions
            user, kind=kind or None, record_id=int(record_id) if record_id.isdigit() else None
        )
        return HttpResponseRedirect(url("cc-staff-erp") + f"?retried={run.pk if run else ''}")
    if request.GET.get("retried"):
        notice = "Retried. See the newest run below."
    kind = request.GET.get("kind", "")
    rejected = health.rejected_records(user, kind or None)
    return render_staff(
        request,
        user,
        "erp.html",
        {
            "last_runs": health.last_runs_per_kind(),
            "rejected": rejected.order_by("-created_at", "-pk")[:200],
            "kinds": RecordKind.choices,
            "kind": kind,
            "schedule": health.schedule(),
            "notice": notice,
            "active": "erp",
        },
    )


@staff_page()
def member_access(request: HttpRequest, user, member_id: int) -> HttpResponse:
    """Deactivate or activate a member from the console (never the Owner)."""
    from ..services import members

    membership = members.target_for_staff(user, member_id)
    if request.method == "POST":
        service = (
            members.deactivate_member
            if request.POST.get("action") == "deactivate"
            else members.activate_member
        )
        try:
            perform(service, user, member_id)
        except permissions.PermissionDenied as exc:
            return error_page(request, 403, str(exc))
    return HttpResponseRedirect(url("cc-staff-company", membership.company_id))


@staff_page()
def ownership_transfer(request: HttpRequest, user, company_id: int) -> HttpResponse:
    from django.core.exceptions import ValidationError

    from ..services import members

    if request.method == "POST":
        member_id = request.POST.get("member_id", "")
        try:
            perform(
                members.transfer_ownership,
                user,
                company_id,
                int(member_id) if member_id.isdigit() else 0,
            )
        except ValidationError as exc:
            return error_page(request, 400, " ".join(exc.messages))
    return HttpResponseRedirect(url("cc-staff-company", company_id))
