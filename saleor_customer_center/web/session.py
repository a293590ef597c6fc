"""Sign-in state of the pages: Saleor's own tokens in HttpOnly, SameSite cookies.

Saleor installs no session middleware; the pages keep the access and refresh tokens the
storefront would hold, refresh the access token with the refresh token when it expires,
and lose everything when the user's tokens are revoked (Saleor's ``jwt_token_key``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse

from .. import saleor

ACCESS_COOKIE = "cc_access"
REFRESH_COOKIE = "cc_refresh"
COMPANY_COOKIE = "cc_company"
PREVIEW_COOKIE = "cc_preview"
COOKIE_PATH = "/plugins/"


@dataclass
class PageAuth:
    user: Any = None
    new_access_token: str | None = None
    cookies_to_clear: list[str] = field(default_factory=list)


def authenticate(request: HttpRequest) -> PageAuth:
    """From Saleor's Authorization header (API clients downloading PDFs) or the cookies."""
    header_token = saleor.get_token_from_request(request)
    if header_token:
        try:
            return PageAuth(user=saleor.user_from_access_token(header_token))
        except saleor.InvalidToken:
            return PageAuth()
    access = request.COOKIES.get(ACCESS_COOKIE)
    if access:
        try:
            user = saleor.user_from_access_token(access)
            if user is not None:
                return PageAuth(user=user)
        except saleor.InvalidToken:
            pass
    refresh = request.COOKIES.get(REFRESH_COOKIE)
    if refresh:
        try:
            user, token = saleor.refresh_access_token(refresh)
            return PageAuth(user=user, new_access_token=token)
        except saleor.InvalidToken:
            return PageAuth(cookies_to_clear=[ACCESS_COOKIE, REFRESH_COOKIE])
    return PageAuth()


def _set(request: HttpRequest, response: HttpResponse, name: str, value: str, max_age: int):
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def store_tokens(request: HttpRequest, response: HttpResponse, tokens: dict[str, str]) -> None:
    _set(request, response, ACCESS_COOKIE, tokens["token"], 60 * 60 * 24)
    if tokens.get("refresh_token"):
        _set(request, response, REFRESH_COOKIE, tokens["refresh_token"], 60 * 60 * 24 * 30)


def store_access(request: HttpRequest, response: HttpResponse, token: str) -> None:
    _set(request, response, ACCESS_COOKIE, token, 60 * 60 * 24)


def remember_company(request: HttpRequest, response: HttpResponse, company_id: int) -> None:
    _set(request, response, COMPANY_COOKIE, str(company_id), 60 * 60 * 24 * 365)


def set_cookie(request: HttpRequest, response: HttpResponse, name: str, value: str, max_age: int):
    _set(request, response, name, value, max_age)


def clear(response: HttpResponse, *names: str) -> None:
    for name in names or (ACCESS_COOKIE, REFRESH_COOKIE, PREVIEW_COOKIE):
        response.delete_cookie(name, path=COOKIE_PATH, samesite="Lax")
