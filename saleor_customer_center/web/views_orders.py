"""Orders: the company's list with filters, one order, cancel, PDF."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.dateparse import parse_date

from .. import saleor
from ..roles import Section
from ..services import orders
from . import forms, grid
from .pages import PageContext, customer_page, perform, render, url

PAGE_SIZE = 50


@customer_page(Section.ORDERS)
def order_list(request: HttpRequest, page: PageContext) -> HttpResponse:
    get = request.GET
    placed_by = get.get("placed_by", "")
    links = orders.company_orders(
        page.company,
        page.membership,
        status=get.get("status") or None,
        created_from=parse_date(get.get("from") or "") if get.get("from") else None,
        created_to=parse_date(get.get("to") or "") if get.get("to") else None,
        placed_by=[int(placed_by)] if placed_by.isdigit() else None,
        search=get.get("q") or None,
        sort_by=get.get("sort") or "CREATED_AT",
        descending=get.get("dir", "desc") != "asc",
    )[:PAGE_SIZE]
    views = [orders.order_view(link, page.membership) for link in links]
    return render(
        page,
        "orders.html",
        {
            "active": "orders",
            "orders": views,
            "filters": get,
            "statuses": saleor.order_status_choices(),
            "members": page.company.memberships.select_related("user").order_by("user__email"),
            "grid": {
                "name": "orders",
                "columns": grid.columns_for(page.viewer, "orders", page.sees_prices),
                "available": grid.available("orders", page.sees_prices),
            },
        },
    )


@customer_page(Section.ORDERS)
def order_detail(request: HttpRequest, page: PageContext, order_id: str) -> HttpResponse:
    errors: dict = {}
    if request.method == "POST":
        try:
            perform(orders.cancel_company_order, page.viewer, page.company.pk, order_id)
        except ValidationError as exc:
            errors = forms.error_messages(exc)
        else:
            return HttpResponseRedirect(url("cc-order", order_id) + "?cancelled=1")
    link = orders.company_order(page.company, page.membership, order_id)
    view = orders.order_view(link, page.membership)
    return render(
        page,
        "order.html",
        {
            "active": "orders",
            "order": view,
            "can_cancel": link.order.can_cancel(),
            "errors": errors,
            "cancelled": request.GET.get("cancelled") == "1",
            "pdf_url": url("order-pdf", str(link.order_id)),
        },
        status=400 if errors else 200,
    )
