"""Orders: the company's list with filters, one order, cancel, PDF."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict

from .. import permissions
from ..links import path
from ..roles import Section
from ..services import budgets, members, orders, quick_order, reorder
from . import forms, grid, pager
from .pages import PageContext, customer_page, exports_links, perform, redirect, render

PAGE_SIZE = 50


def order_filters(get: QueryDict) -> dict[str, Any]:
    """The orders list's filter and sort, as the page and its export read them."""
    placed_by = forms.optional_id(get, "placed_by")
    return {
        "status": get.get("status") or None,
        "created_from": forms.optional_date(get, "from"),
        "created_to": forms.optional_date(get, "to"),
        "placed_by": [placed_by] if placed_by is not None else None,
        "search": get.get("q") or None,
        "po_number": get.get("po") or None,
        "sort_by": get.get("sort") or "CREATED_AT",
        "descending": get.get("dir", "desc") != "asc",
    }


@customer_page(Section.ORDERS)
def order_list(request: HttpRequest, page: PageContext) -> HttpResponse:
    get = request.GET
    filters = order_filters(get)
    if filters["placed_by"] is None and (get.get("by") or "").strip():
        # A member named by email: the filter needs no list of every member on the page.
        filters["placed_by"] = [members.user_id_by_email(page.company, get["by"]) or 0]
    links = orders.company_orders(page.company, page.membership, **filters)
    order_pager = pager.page_of(request, links, size=PAGE_SIZE)
    views = [orders.order_view(link, page.membership) for link in order_pager.rows]
    return render(
        page,
        "orders.html",
        {
            "active": "orders",
            "orders": views,
            "pager": order_pager,
            "filters": get,
            "statuses": orders.status_choices(),
            "exports": exports_links("orders", get),
            "grid": {
                "name": "orders",
                "columns": grid.columns_for(page.viewer, "orders", page.sees_prices),
                "available": grid.available("orders", page.sees_prices),
            },
        },
    )


@customer_page(Section.ORDERS)
def order_detail(request: HttpRequest, page: PageContext, order_id: str) -> HttpResponse:
    """One order; cancelling asks first (issue 14 item 8): a POST without ``confirm``
    shows the confirmation step, which posts again with it."""
    errors: dict = {}
    confirming = False
    link = orders.company_order(page.company, page.membership, order_id)
    if request.method == "POST":
        permissions.require_can_cancel_order(page.member, link)
        if request.POST.get("confirm") != "cancel":
            confirming = True
        else:
            try:
                perform(orders.cancel_company_order, page.viewer, page.company.pk, order_id)
            except ValidationError as exc:
                errors = forms.error_messages(exc)
            else:
                return redirect(page.caller, "cc-order", order_id, notice="order_cancelled")
        link = orders.company_order(page.company, page.membership, order_id)
    view = orders.order_view(link, page.membership)
    return render(
        page,
        "order.html",
        {
            "active": "orders",
            "order": view,
            "can_cancel": link.order.can_cancel()
            and permissions.may_cancel_order(page.membership, link),
            "confirming": confirming and link.order.can_cancel(),
            "errors": errors,
            "pdf_url": path("order-pdf", str(link.order_id)),
            "reorder_url": (
                path("cc-order-reorder", link.order_id) if page.settings.new_orders_enabled else ""
            ),
        },
        status=400 if errors else 200,
    )


NEW_ORDER_ROWS = 6


def _new_orders_disabled(page: PageContext) -> HttpResponse:
    return render(
        page,
        "error.html",
        {"status": 403, "message": quick_order.NEW_ORDERS_DISABLED_MESSAGE},
        status=403,
    )


@customer_page(Section.ORDERS)
def order_reorder(request: HttpRequest, page: PageContext, order_id: str) -> HttpResponse:
    """Order again: the quick-order form filled with the order's lines that can still be
    ordered, and a message per line left out (services/reorder.py); nothing is created
    until the buyer sends the form."""
    if not page.settings.new_orders_enabled:
        return _new_orders_disabled(page)
    plan = reorder.plan(page.member, order_id, field_name="order_id")
    rows = [{"sku": sku, "quantity": str(quantity)} for sku, quantity in plan.lines]
    rows += [{"sku": "", "quantity": ""} for _ in range(max(2, NEW_ORDER_ROWS - len(rows)))]
    return _order_form(
        page, rows, plan.channel_slug, reorder_of=plan.link.order.number, dropped=plan.dropped
    )


def _order_form(
    page: PageContext, rows: list[dict[str, str]], channel: str, status: int = 200, **extra: Any
) -> HttpResponse:
    """The quick-order form (order_new.html), its rows and channel as given."""
    context = {"errors": {}, "checkout": None, "continue_url": "", **extra}
    return render(
        page,
        "order_new.html",
        {
            "active": "orders",
            "rows": rows,
            "channels": quick_order.channels(),
            "chosen_channel": channel,
            **context,
            "budget": budgets.own_gauge(page.member),
        },
        status=status,
    )


@customer_page(Section.ORDERS)
def order_new(request: HttpRequest, page: PageContext) -> HttpResponse:
    """Quick order: SKUs and quantities become a Saleor checkout for the member and company,
    completed in the shop's own checkout (where the budget applies)."""
    if page.read_only:
        # A staff preview may not post (the door answers 403): no form to fill in vain.
        return render(page, "order_new.html", {"active": "orders", "preview_only": True})
    if not page.settings.new_orders_enabled:
        return _new_orders_disabled(page)
    errors: dict = {}
    rows = [{"sku": "", "quantity": ""} for _ in range(NEW_ORDER_ROWS)]
    checkout = None
    if request.method == "POST":
        rows, lines = forms.sku_lines(request.POST)
        line_numbers = forms.filled_row_numbers(rows)
        try:
            checkout = perform(
                quick_order.create_company_checkout,
                page.membership,
                request.POST.get("channel", ""),
                lines,
                plugin_settings=page.settings,
                po_number=request.POST.get("po_number", ""),
            )
        except ValidationError as exc:
            errors = forms.error_messages(exc, line_numbers)
        rows += [{"sku": "", "quantity": ""} for _ in range(NEW_ORDER_ROWS - len(rows))]
    continue_url = page.links.storefront_checkout(str(checkout.token)) if checkout else ""
    return _order_form(
        page,
        rows,
        request.POST.get("channel", ""),
        po_number=request.POST.get("po_number", ""),
        status=400 if errors else 200,
        errors=errors,
        checkout=checkout,
        continue_url=continue_url,
    )
