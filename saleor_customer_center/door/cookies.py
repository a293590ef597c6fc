"""The pages' cookies: HttpOnly, SameSite=Lax, Secure over HTTPS, under /plugins/.

Saleor installs no session middleware (docs/architecture.md, "The door"), so the pages
keep their own: an access token, the page session's refresh secret, the CSRF token, the
chosen company and a staff preview.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase

ACCESS = "cc_access"
REFRESH = "cc_refresh"
COMPANY = "cc_company"
PREVIEW = "cc_preview"
CSRF = "cc_csrf"
NOTICE = "cc_notice"  # the key of a one-time notice after a redirect (web/notices.py)
LANGUAGE = "cc_language"  # the visitor's choice of the header's language switch
PATH = "/plugins/"
# What signing out removes (the CSRF token and the company choice stay: they name no one).
SIGN_IN = (ACCESS, REFRESH, PREVIEW)

ACCESS_MAX_AGE = 60 * 60 * 24  # the token inside expires sooner (Saleor's JWT_TTL_ACCESS)
COMPANY_MAX_AGE = 60 * 60 * 24 * 365
CSRF_MAX_AGE = 60 * 60 * 24 * 30
NOTICE_MAX_AGE = 60


def set_cookie(
    request: HttpRequest, response: HttpResponseBase, name: str, value: str, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PATH,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def clear(response: HttpResponseBase, *names: str) -> None:
    for name in names:
        response.delete_cookie(name, path=PATH, samesite="Lax")
