"""CSRF protection of the pages' own (Saleor installs no CSRF middleware).

Double submit: a random token in an HttpOnly cookie and the same token in every form;
a POST must bring both, equal, and come from this host (Origin/Referer check).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare

from . import session

CSRF_COOKIE = "cc_csrf"
CSRF_FIELD = "csrf_token"


def get_token(request: HttpRequest) -> str:
    token = getattr(request, "_cc_csrf", None) or request.COOKIES.get(CSRF_COOKIE)
    if not token or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request._cc_csrf_new = True  # type: ignore[attr-defined]
    request._cc_csrf = token  # type: ignore[attr-defined]
    return token


def persist(request: HttpRequest, response: HttpResponse) -> None:
    if getattr(request, "_cc_csrf_new", False):
        session.set_cookie(request, response, CSRF_COOKIE, request._cc_csrf, 60 * 60 * 24 * 30)  # type: ignore[attr-defined]


def _same_origin(request: HttpRequest) -> bool:
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        return True  # old clients send neither; the token still has to match
    return urlsplit(source).netloc == request.get_host()


def is_valid(request: HttpRequest) -> bool:
    cookie = request.COOKIES.get(CSRF_COOKIE, "")
    sent = request.POST.get(CSRF_FIELD, "") or request.META.get("HTTP_X_CSRF_TOKEN", "")
    return bool(cookie) and constant_time_compare(cookie, sent) and _same_origin(request)
