"""Pages for visitors who are not signed in yet: activation and setting a password."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from ..door import Caller
from ..error_codes import CustomerCenterErrorCode
from ..links import path
from ..services import activation, sign_in, tokens
from .pages import redirect, render_plain

TOO_MANY = CustomerCenterErrorCode.TOO_MANY_ATTEMPTS.value


def activate(request: HttpRequest, caller: Caller) -> HttpResponse:
    values = {
        key: request.POST.get(key, "").strip()
        for key in ("customer_number", "invoice_number", "email")
    }
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            result = activation.activate(
                customer_number=values["customer_number"],
                invoice_number=values["invoice_number"],
                email=values["email"],
                password=request.POST.get("password", ""),
                client_address=caller.client_address,
            )
        except ValidationError as exc:
            errors = list(exc.messages)
            status = 429 if getattr(exc, "code", None) == TOO_MANY else 400
        else:
            if result.company is None:  # a business user: no customer center
                return render_plain(caller, "activated_business.html", {"user": result.user})
            caller.signed_in(sign_in.start(result.user))
            caller.remember_company(result.company.pk)
            return HttpResponseRedirect(path("cc-home"))
    return render_plain(caller, "activate.html", {"values": values, "errors": errors}, status)


def set_password(request: HttpRequest, caller: Caller) -> HttpResponse:
    email = request.POST.get("email") or request.GET.get("email", "")
    token = request.POST.get("token") or request.GET.get("token", "")
    errors: list[str] = []
    if request.method == "POST":
        password = request.POST.get("password", "")
        try:
            if password != request.POST.get("password_confirm", ""):
                raise ValidationError(_("The two passwords do not match."))
            tokens.set_password_with_token(token, email, password)
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            return redirect(caller, "cc-signin", notice="password_set")
    return render_plain(
        caller,
        "set_password.html",
        {"email": email, "token": token, "errors": errors},
        status=400 if errors else 200,
    )
