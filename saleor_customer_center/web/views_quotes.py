"""Quotes: the company's list, a new request (lines, a past order's lines), one quote with
its versions, accept and decline (services/quotes.py decides who may)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .. import permissions
from ..links import path
from ..services import quick_order, quotes
from . import forms
from .pages import PageContext, customer_page, perform, render

QUOTE_ROWS = 6


def _gate(page: PageContext) -> HttpResponse | None:
    """The quotes pages are for members who may request or approve quotes."""
    if permissions.can_see_quotes(page.member):
        return None
    message = _(
        "Quotes are not available for your role. Ask your company's administrator for the "
        "right to raise requests."
    )
    return render(page, "error.html", {"status": 403, "message": message}, status=403)


@customer_page()
def quote_list(request: HttpRequest, page: PageContext) -> HttpResponse:
    refusal = _gate(page)
    if refusal is not None:
        return refusal
    found = quotes.quotes_for(page.member, page.company.pk)[:100]
    return render(
        page,
        "quotes.html",
        {
            "active": "quotes",
            "quotes": [quotes.quote_view(quote, page.member) for quote in found],
            "may_request": permissions.can_request_quotes(page.member),
            "done": request.GET.get("done", ""),
        },
    )


@customer_page()
def quote_new(request: HttpRequest, page: PageContext) -> HttpResponse:
    """SKUs and quantities (or "as in order #n": ``?from_order=<id>`` fills the rows)."""
    if not permissions.can_request_quotes(page.member):
        message = _("Quote requests are not available for your role.")
        return render(page, "error.html", {"status": 403, "message": message}, status=403)
    errors: dict = {}
    rows = [{"sku": "", "quantity": ""} for _ in range(QUOTE_ROWS)]
    from_order = request.GET.get("from_order", "")
    if from_order and request.method == "GET":
        rows = [
            {"sku": sku, "quantity": str(quantity)}
            for sku, quantity in quotes.lines_of_order(page.member, from_order)
        ] + [{"sku": "", "quantity": ""}]
    if request.method == "POST":
        rows, lines = forms.sku_lines(request.POST)
        try:
            quote = perform(
                quotes.request_quote,
                page.viewer,
                page.company.pk,
                {
                    "channel": request.POST.get("channel", ""),
                    "lines": lines,
                    "note": request.POST.get("note", ""),
                    "wanted_by": request.POST.get("wanted_by", ""),
                    "po_number": request.POST.get("po_number", ""),
                },
            )
        except ValidationError as exc:
            errors = forms.error_messages(exc)
        else:
            return HttpResponseRedirect(path("cc-quote", quote.pk, query={"done": "requested"}))
    return render(
        page,
        "quote_new.html",
        {
            "active": "quotes",
            "rows": rows,
            "channels": quick_order.channels(),
            "form": request.POST,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@customer_page()
def quote_detail(request: HttpRequest, page: PageContext, quote_id: int) -> HttpResponse:
    refusal = _gate(page)
    if refusal is not None:
        return refusal
    errors: dict = {}
    checkout = None
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "accept":
            _quote, checkout = perform(
                quotes.accept_quote,
                page.viewer,
                quote_id,
                po_number=request.POST.get("po_number", ""),
                links=page.links,
            )
        elif action == "decline":
            perform(
                quotes.decline_quote,
                page.viewer,
                quote_id,
                request.POST.get("reason", ""),
                links=page.links,
            )
            return HttpResponseRedirect(path("cc-quote", quote_id, query={"done": "declined"}))
    except ValidationError as exc:
        errors = forms.error_messages(exc)
    quote, _membership = quotes.quote_for(page.viewer, quote_id)
    if quote.company_id != page.company.pk:
        raise permissions.NotFound("quote")  # the pages show the current company's only
    view = quotes.quote_view(quote, page.member)
    if checkout is None and view.may_decide and quote.checkout_token and view.order is None:
        checkout = quotes.open_checkout(quote)
    return render(
        page,
        "quote.html",
        {
            "active": "quotes",
            "view": view,
            "quote": quote,
            "errors": errors,
            "checkout": checkout,
            "continue_url": page.links.storefront_checkout(str(checkout.token)) if checkout else "",
            "done": request.GET.get("done", ""),
            # what was posted stays in the field (a refusal loses nothing)
            "po_value": request.POST.get("po_number", "") if action else quote.po_number,
        },
        status=400 if errors else 200,
    )
