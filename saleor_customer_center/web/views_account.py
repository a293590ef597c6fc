"""Sign in and out, the company chooser and the quick switch."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .. import permissions
from ..door import Caller
from ..error_codes import CustomerCenterErrorCode
from ..links import path
from ..services import companies, sign_in
from .pages import PageContext, customer_page, render, render_plain

TOO_MANY = CustomerCenterErrorCode.TOO_MANY_ATTEMPTS.value


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def signin(request: HttpRequest, caller: Caller) -> HttpResponse:
    """Sign in through the sign-in service (Saleor's login throttling underneath)."""
    error, status, email = "", 200, ""
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        try:
            signed = sign_in.sign_in(request, email, request.POST.get("password", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 429 if exc.code == TOO_MANY else 400
        else:
            caller.signed_in(signed)
            # Shop staff land on the console, not on "No company account" (issue 14 item 9).
            console = permissions.is_staff_with(signed.user)
            return HttpResponseRedirect(
                _safe_next(request, path("cc-staff-home" if console else "cc-home"))
            )
    return render_plain(
        caller,
        "signin.html",
        {"error": error, "email": email, "next": _safe_next(request, "")},
        status=status,
    )


def signout(request: HttpRequest, caller: Caller) -> HttpResponse:
    """End this page session; with ``everywhere``, every session and Saleor token too."""
    if caller.session is not None:
        if request.POST.get("everywhere"):
            sign_in.end_everywhere(caller.user)
        else:
            sign_in.end(caller.session)
    caller.signed_out()
    return HttpResponseRedirect(path("cc-signin"))


@customer_page(choose_company=False)
def choose(request: HttpRequest, page: PageContext) -> HttpResponse:
    return render(page, "choose.html", {"next": _safe_next(request, path("cc-home"))})


@customer_page(choose_company=False)
def switch(request: HttpRequest, page: PageContext) -> HttpResponse:
    """Make a company the current one: remembered in a cookie and in the user's preference."""
    company_id = request.POST.get("company", "")
    if not company_id.isdigit() or len(company_id) > 18:
        raise permissions.NotFound("company")
    membership = companies.switch_company(page.viewer, int(company_id))
    page.caller.remember_company(membership.company_id)
    return HttpResponseRedirect(_safe_next(request, path("cc-home")))
