"""Orders: the company's list with filters, one order, cancel, PDF."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from ..links import path
from ..roles import Section
from ..services import budgets, orders, quick_order
from . import forms, grid
from .pages import PageContext, customer_page, perform, render

PAGE_SIZE = 50


@customer_page(Section.ORDERS)
def order_list(request: HttpRequest, page: PageContext) -> HttpResponse:
    get = request.GET
    placed_by = forms.optional_id(get, "placed_by")
    links = orders.company_orders(
        page.company,
        page.membership,
        status=get.get("status") or None,
        created_from=forms.optional_date(get, "from"),
        created_to=forms.optional_date(get, "to"),
        placed_by=[placed_by] if placed_by is not None else None,
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
            "statuses": orders.status_choices(),
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
            return HttpResponseRedirect(path("cc-order", order_id, query={"cancelled": "1"}))
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
            "pdf_url": path("order-pdf", str(link.order_id)),
        },
        status=400 if errors else 200,
    )


NEW_ORDER_ROWS = 6


@customer_page(Section.ORDERS)
def order_new(request: HttpRequest, page: PageContext) -> HttpResponse:
    """Quick order: SKUs and quantities become a Saleor checkout for the member and company,
    completed in the shop's own checkout (where the budget applies)."""
    if not page.settings.new_orders_enabled:
        return render(
            page,
            "error.html",
            {
                "status": 403,
                "message": quick_order.NEW_ORDERS_DISABLED_MESSAGE,
            },
            status=403,
        )
    errors: dict = {}
    rows = [{"sku": "", "quantity": ""} for _ in range(NEW_ORDER_ROWS)]
    checkout = None
    if request.method == "POST":
        rows = [
            {"sku": sku.strip(), "quantity": quantity.strip()}
            for sku, quantity in zip(
                request.POST.getlist("sku"), request.POST.getlist("quantity"), strict=False
            )
        ]
        lines = []
        for row in rows:
            if not row["sku"] and not row["quantity"]:
                continue
            quantity = forms.whole_number(row["quantity"] or "0")
            lines.append((row["sku"], quantity if quantity is not None else 0))
        try:
            checkout = perform(
                quick_order.create_company_checkout,
                page.membership,
                request.POST.get("channel", ""),
                lines,
                plugin_settings=page.settings,
            )
        except ValidationError as exc:
            errors = forms.error_messages(exc)
    continue_url = page.links.storefront_checkout(str(checkout.token)) if checkout else ""
    return render(
        page,
        "order_new.html",
        {
            "active": "orders",
            "rows": rows,
            "channels": quick_order.channels(),
            "chosen_channel": request.POST.get("channel", ""),
            "errors": errors,
            "checkout": checkout,
            "continue_url": continue_url,
            "budget": budgets.own_gauge(page.membership),
        },
        status=400 if errors else 200,
    )
