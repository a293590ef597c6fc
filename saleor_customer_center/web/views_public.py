"""Pages for visitors who are not signed in yet: activation and setting a password."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import csrf, session
from .pages import render_plain, url


def _messages(error: ValidationError) -> list[str]:
    return [message for message in error.messages]


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    from ..services import activation

    values = {
        key: request.POST.get(key, "").strip()
        for key in ("customer_number", "invoice_number", "email")
    }
    errors: list[str] = []
    if request.method == "POST":
        if not csrf.is_valid(request):
            errors = [_("The form has expired. Please try again.")]
        else:
            try:
                result = activation.activate(
                    customer_number=values["customer_number"],
                    invoice_number=values["invoice_number"],
                    email=values["email"],
                    password=request.POST.get("password", ""),
                    client_address=request.META.get("REMOTE_ADDR"),
                )
            except ValidationError as exc:
                errors = _messages(exc)
            else:
                if result.business_user:
                    return render_plain(request, "activated_business.html", {"user": result.user})
                response = HttpResponseRedirect(url("cc-home"))
                session.store_tokens(request, response, result.tokens)
                session.remember_company(request, response, result.company.pk)
                return response
    return render_plain(
        request,
        "activate.html",
        {"values": values, "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest) -> HttpResponse:
    from ..services import tokens

    email = request.POST.get("email") or request.GET.get("email", "")
    token = request.POST.get("token") or request.GET.get("token", "")
    errors: list[str] = []
    if request.method == "POST":
        if not csrf.is_valid(request):
            errors = [_("The form has expired. Please try again.")]
        else:
            try:
                tokens.set_password_with_token(token, email, request.POST.get("password", ""))
            except ValidationError as exc:
                errors = _messages(exc)
            else:
                return HttpResponseRedirect(url("cc-signin") + "?password=set")
    return render_plain(
        request,
        "set_password.html",
        {"email": email, "token": token, "errors": errors},
        status=400 if errors else 200,
    )
