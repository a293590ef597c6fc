"""Billing: invoices with PDF, due payments with overdue marks, payment history."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

from ..roles import Section
from ..services import billing
from . import forms, grid, pager
from .pages import PageContext, customer_page, exports_links, render


def invoice_filters(get: QueryDict) -> dict[str, Any]:
    """The invoices list's filter, as the page and its export read it."""
    return {
        "status": get.get("status") or None,
        "issued_from": forms.optional_date(get, "from"),
        "issued_to": forms.optional_date(get, "to"),
        "search": get.get("q") or None,
    }


@customer_page(Section.BILLING)
def billing_page(request: HttpRequest, page: PageContext) -> HttpResponse:
    filters = invoice_filters(request.GET)
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
                    "exports": exports_links(name, request.GET if name == "invoices" else None),
                }
                for name in ("invoices", "due_payments", "payments")
            },
        },
    )
