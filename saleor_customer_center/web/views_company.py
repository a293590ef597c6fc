"""Home, the customer profile and the grid control's saved columns."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from ..roles import Section
from ..services import addresses, billing, budgets, order_history
from . import charts, forms, grid
from .pages import PageContext, customer_page, render


@customer_page(Section.HOME)
def home(request: HttpRequest, page: PageContext) -> HttpResponse:
    summary = billing.company_summary(page.company, page.membership)
    return render(
        page,
        "home.html",
        {
            "active": "home",
            "summary": summary,
            "budget": budgets.own_gauge(page.member),
            "chart": charts.orders_chart(order_history.monthly_orders(page.company, page.member))
            if page.can_orders
            else None,
        },
    )


@customer_page(Section.PROFILE)
def profile(request: HttpRequest, page: PageContext) -> HttpResponse:
    company = page.company
    main_contacts = company.contacts.filter(is_main_contact=True, is_active=True)
    return render(
        page,
        "profile.html",
        {
            "active": "profile",
            "company": company,
            "addresses": [addresses.printed(address) for address in company.addresses or []],
            "main_contacts": main_contacts,
        },
    )


@customer_page()
def save_grid(request: HttpRequest, page: PageContext, name: str) -> HttpResponse:
    if name in grid.GRIDS:
        positions = []
        for column in grid.GRIDS[name]:
            if request.POST.get(f"show_{column.key}"):
                position = forms.whole_number(request.POST.get(f"pos_{column.key}"))
                positions.append((99 if position is None else position, column.key))
        if positions:
            grid.save(page.viewer, name, [key for _, key in sorted(positions)])
            page.caller.notify("columns_saved")
        else:  # no column at all is no table: keep the columns and say so (issue 14 item 15)
            page.caller.notify("columns_empty")
    back = request.POST.get("next") or ""
    return HttpResponseRedirect(back if back.startswith("/plugins/") else "/plugins/")
