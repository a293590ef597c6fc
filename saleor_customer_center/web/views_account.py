"""Sign in and out, the company chooser and the quick switch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import permissions, saleor
from . import csrf, session
from .pages import PageContext, customer_page, render, render_plain, url


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    error = ""
    email = ""
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        if not csrf.is_valid(request):
            error = _("The form has expired. Please try again.")
        else:
            user = saleor.check_credentials(email, request.POST.get("password", ""))
            if user is None:
                error = _("Please enter a correct email and password.")
            else:
                response = HttpResponseRedirect(_safe_next(request, url("cc-home")))
                session.store_tokens(request, response, saleor.create_tokens(user))
                return response
    return render_plain(
        request,
        "signin.html",
        {"error": error, "email": email, "next": _safe_next(request, "")},
        status=400 if error else 200,
    )


@require_http_methods(["POST"])
def signout(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(url("cc-signin"))
    if csrf.is_valid(request):
        session.clear(response)
    return response


@customer_page(choose_company=False)
def choose(request: HttpRequest, page: PageContext) -> HttpResponse:
    return render(page, "choose.html", {"next": _safe_next(request, url("cc-home"))})


@customer_page(choose_company=False)
def switch(request: HttpRequest, page: PageContext) -> HttpResponse:
    """Make a company the current one: remembered in a cookie and in the user's preference."""
    from ..services import companies

    if request.method != "POST":
        return HttpResponseRedirect(url("cc-choose"))
    company_id = request.POST.get("company", "")
    if not company_id.isdigit():
        raise permissions.NotFound("company")
    membership = companies.switch_company(page.viewer, int(company_id))
    response = HttpResponseRedirect(_safe_next(request, url("cc-home")))
    session.remember_company(request, response, membership.company_id)
    return response
