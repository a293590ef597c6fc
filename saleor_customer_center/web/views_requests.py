"""Requests: file one (any member); admins decide the company's own queue."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from .. import roles
from ..models.request import RequestKind
from ..services import requests as request_service
from . import forms, pager
from .pages import PageContext, customer_page, perform, redirect, render

DONE = {"create": "request_created", "approve": "request_approved", "reject": "request_rejected"}
FILEABLE = [RequestKind.INVOICE_DISPUTE, RequestKind.QUOTE, RequestKind.OTHER]


@customer_page()
def requests_page(request: HttpRequest, page: PageContext) -> HttpResponse:
    errors: dict = {}
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "create":
            perform(
                request_service.create_request,
                page.viewer,
                page.company.pk,
                request.POST.get("kind", ""),
                {
                    "message": request.POST.get("message", ""),
                    "invoice_id": forms.optional_id(request.POST, "invoice_id"),
                },
                settings=page.settings,
            )
        elif action == "approve":
            perform(
                request_service.approve_request,
                page.viewer,
                forms.id_field(request.POST, "request_id"),
                settings=page.settings,
                links=page.links,
            )
        elif action == "reject":
            perform(
                request_service.reject_request,
                page.viewer,
                forms.id_field(request.POST, "request_id"),
                request.POST.get("reason", ""),
            )
    except ValidationError as exc:
        errors = forms.error_messages(exc)
    if action in DONE and not errors:
        return redirect(page.caller, "cc-requests", notice=DONE[action])
    dispute = _disputed(request, page)
    is_admin = roles.manages_users(page.member.role)
    queue = pager.page_of(request, request_service.visible_requests(page.company, page.member))
    return render(
        page,
        "requests.html",
        {
            "active": "requests",
            "requests": queue.rows,
            "pager": queue,
            "is_admin": is_admin,
            "kinds": [(k.value, k.label) for k in FILEABLE],
            "errors": errors,
            # The failed form shows what was entered (issue 14 item 1).
            "form": request.POST if errors else {},
            "failed_action": action if errors else None,
            "dispute": dispute,
            "dispute_message": request.POST.get("message", "") if dispute else "",
        },
        status=400 if errors else 200,
    )


def _disputed(request: HttpRequest, page: PageContext):
    """The invoice of a "Dispute" link of the billing page (``?dispute=<id>``), or of a
    dispute form that came back with an error; None without one."""
    source = request.POST if request.method == "POST" else request.GET
    invoice_id = forms.optional_id(source, "invoice_id" if source is request.POST else "dispute")
    if invoice_id is None:
        return None
    return request_service.disputed_invoice(page.member, invoice_id)
