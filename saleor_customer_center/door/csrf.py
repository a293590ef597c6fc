"""CSRF protection of the pages' own (Saleor installs no CSRF middleware).

Double submit: a random token in an HttpOnly cookie and the same token in every form; a
POST must bring both, equal, and, when the browser names where it comes from (Origin, else
Referer), come from this very origin: scheme, host and port (issue 12 item 13).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from . import cookies

FIELD = "csrf_token"
HEADER = "HTTP_X_CSRF_TOKEN"
DEFAULT_PORTS = {"http": 80, "https": 443}


def token_of(request: HttpRequest) -> tuple[str, bool]:
    """(the token for this request's forms, whether it is new and must be set)."""
    token = request.COOKIES.get(cookies.CSRF, "")
    if len(token) >= 32:
        return token, False
    return secrets.token_urlsafe(32), True


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not scheme or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS.get(scheme)


def same_origin(request: HttpRequest) -> bool:
    """Origin (else Referer) names this request's scheme, host and port; a browser that
    sends neither is let through on the token alone."""
    source = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not source:
        return True
    if source == "null":  # a sandboxed or privacy-stripped origin is no origin of ours
        return False
    return _origin(source) == _origin(f"{request.scheme}://{request.get_host()}")


def is_valid(request: HttpRequest) -> bool:
    cookie = request.COOKIES.get(cookies.CSRF, "")
    sent = request.POST.get(FIELD, "") or request.META.get(HEADER, "")
    return bool(cookie) and constant_time_compare(cookie, sent) and same_origin(request)
