"""Billing: invoices with PDF, due payments with overdue marks, payment history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.dateparse import parse_date

from .. import permissions
from ..roles import Section
from ..services import billing, invoice_documents
from . import grid
from .pages import PageContext, customer_page, render

PAGE_SIZE = 50


@customer_page(Section.BILLING)
def billing_page(request: HttpRequest, page: PageContext) -> HttpResponse:
    filters = {
        "status": request.GET.get("status") or None,
        "issued_from": parse_date(request.GET.get("from") or "")
        if request.GET.get("from")
        else None,
        "issued_to": parse_date(request.GET.get("to") or "") if request.GET.get("to") else None,
        "search": request.GET.get("q") or None,
    }
    invoices = billing.invoices(page.company, page.membership, **filters)[:PAGE_SIZE]
    due = list(billing.due_payments(page.company, page.membership)[:PAGE_SIZE])
    for item in due:
        item.overdue = billing.is_overdue(item)
    payments = billing.payments(page.company, page.membership)[:PAGE_SIZE]
    return render(
        page,
        "billing.html",
        {
            "active": "billing",
            "invoices": invoices,
            "due_payments": due,
            "payments": payments,
            "filters": request.GET,
            "grids": {
                name: {
                    "name": name,
                    "columns": grid.columns_for(page.viewer, name, page.sees_prices),
                    "available": grid.available(name, page.sees_prices),
                }
                for name in ("invoices", "due_payments", "payments")
            },
        },
    )


@customer_page(choose_company=False)
def invoice_pdf(request: HttpRequest, page: PageContext, invoice_id: int) -> HttpResponse:
    """Download for any of the viewer's companies (API clients have no current company)."""
    company_id = billing.invoice_company_id(invoice_id)
    if company_id is None:
        raise permissions.NotFound("invoice")
    if page.preview:
        if page.preview.membership.company_id != company_id:
            raise permissions.NotFound("invoice")
        membership = page.preview.membership
    else:
        membership = permissions.membership_for(page.viewer, company_id)
    invoice = billing.get_invoice(membership.company, membership, invoice_id)
    try:
        document = invoice_documents.open_invoice_pdf(invoice)
    except invoice_documents.DocumentUnavailable:
        raise permissions.NotFound("invoice PDF") from None
    response = StreamingHttpResponse(document.chunks, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response
