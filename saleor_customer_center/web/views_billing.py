"""Billing: invoices with PDF, due payments with overdue marks, payment history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from ..roles import Section
from ..services import billing
from . import forms, grid, pager
from .pages import PageContext, customer_page, render


@customer_page(Section.BILLING)
def billing_page(request: HttpRequest, page: PageContext) -> HttpResponse:
    filters = {
        "status": request.GET.get("status") or None,
        "issued_from": forms.optional_date(request.GET, "from"),
        "issued_to": forms.optional_date(request.GET, "to"),
        "search": request.GET.get("q") or None,
    }
    # Three lists, each paged on its own (web/pager.py).
    invoices = pager.page_of(
        request, billing.invoices(page.company, page.membership, **filters), prefix="i_"
    )
    due = pager.page_of(request, billing.due_payments(page.company, page.membership), prefix="d_")
    for item in due.rows:
        item.overdue = billing.is_overdue(item)
    payments = pager.page_of(request, billing.payments(page.company, page.membership), prefix="p_")
    return render(
        page,
        "billing.html",
        {
            "active": "billing",
            "invoices": invoices.rows,
            "due_payments": due.rows,
            "payments": payments.rows,
            "pagers": {"invoices": invoices, "due_payments": due, "payments": payments},
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
