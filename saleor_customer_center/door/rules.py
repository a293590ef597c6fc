"""The credential rules a route can declare, and how each one resolves its caller.

docs/architecture.md, "The door", has the table. In short:

- ``ANONYMOUS``: nothing is read (health).
- ``BEARER``: Saleor's access token from the ``Authorization`` header only; cookies are
  never read, so a cross-site request carries no authority (the API). No header: anonymous.
- ``PUBLIC_FORM``: anyone; the page cookies are read if present; a POST needs the CSRF
  pair and a same-origin Origin (sign-in, activation, set-password, sign-out).
- ``SESSION``: the page cookies (a page session), plus the CSRF check on POST; a staff
  preview is read-only; nobody signed in is sent to the sign-in page (the pages).
- ``SESSION_OR_BEARER``: downloads an API client fetches with its token and a page links
  to (PDFs); GET only.
- ``staff(permission)``: a page session of a Saleor staff user with that permission;
  anyone else gets a plain 404 (the console).
- ``PUSH_SIGNATURE``: the HMAC signature and timestamp of the raw body (ERP pushes).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import RequestDataTooBig
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from .. import permissions, saleor
from ..erp import pushes
from ..erp.connectors.push import SIGNATURE_HEADER, TIMESTAMP_HEADER
from ..links import path
from ..services import sign_in
from . import cookies, csrf
from .caller import Caller
from .preview import from_request as preview_from_request

FORM_EXPIRED = gettext_lazy(
    "The form has expired or did not come from this site. Reload the page and try again."
)
READ_ONLY = gettext_lazy("The preview is read-only: nothing can be changed.")
SIGN_IN_FIRST = gettext_lazy("Sign in to use the customer center.")
INVALID_TOKEN = gettext_lazy(
    "The access token is invalid or expired; refresh it with Saleor's tokenRefresh."
)
NOT_FOUND = gettext_lazy("Page not found.")


class Refused(Exception):
    """The door's answer instead of the view's: a status, a message, maybe a redirect."""

    def __init__(
        self, status: int, message: str | Promise, code: str = "", location: str | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.location = status, str(message), code, location


@dataclass(frozen=True)
class Rule:
    name: str

    def admit(self, caller: Caller) -> None:
        """Fill in the caller, or raise :class:`Refused`."""
        raise NotImplementedError


# Credentials ------------------------------------------------------------------------------


def _from_header(caller: Caller) -> bool:
    """The bearer token, if the request has one (True); a bad one is refused with 401."""
    token = saleor.get_token_from_request(caller.request)
    if not token:
        return False
    try:
        user, claims = saleor.access_token_claims(token)
        session = sign_in.check_claims(user, claims)
    except (saleor.InvalidToken, sign_in.SessionEnded):
        raise Refused(401, INVALID_TOKEN, "INVALID_TOKEN") from None
    caller.user, caller.session = user, session
    return True


def _from_cookies(caller: Caller) -> None:
    """The page session of the cookies; an expired access token is renewed from the
    session's refresh secret; cookies of an ended session are removed."""
    request = caller.request
    access = request.COOKIES.get(cookies.ACCESS)
    if access:
        try:
            user, claims = saleor.access_token_claims(access)
            session = sign_in.check_claims(user, claims)
        except (saleor.InvalidToken, sign_in.SessionEnded):
            session = None
        if session is not None:
            caller.user, caller.session = user, session
            return
    refresh = request.COOKIES.get(cookies.REFRESH)
    if not refresh:
        if access:
            caller.forget(cookies.ACCESS)
        return
    try:
        signed = sign_in.resume(refresh)
    except sign_in.SessionEnded:
        caller.forget(*cookies.SIGN_IN)
        return
    caller.user, caller.session = signed.user, signed.session
    caller.keep(cookies.ACCESS, signed.access_token, cookies.ACCESS_MAX_AGE)


def _check_form(caller: Caller) -> None:
    if caller.request.method == "POST" and not csrf.is_valid(caller.request):
        raise Refused(403, FORM_EXPIRED)


# The rules --------------------------------------------------------------------------------


class Anonymous(Rule):
    def admit(self, caller: Caller) -> None:
        return None


class Bearer(Rule):
    def admit(self, caller: Caller) -> None:
        _from_header(caller)


class PublicForm(Rule):
    def admit(self, caller: Caller) -> None:
        _from_cookies(caller)
        _check_form(caller)


class Session(Rule):
    def admit(self, caller: Caller) -> None:
        _from_cookies(caller)
        if caller.user is None:
            target = path("cc-signin", query={"next": caller.request.get_full_path()})
            raise Refused(302, SIGN_IN_FIRST, location=target)
        caller.preview = preview_from_request(caller.request, caller.user)
        if caller.request.method == "POST" and caller.preview is not None:
            raise Refused(403, READ_ONLY)
        _check_form(caller)


class SessionOrBearer(Rule):
    def admit(self, caller: Caller) -> None:
        if not _from_header(caller):
            _from_cookies(caller)
            if caller.user is not None:
                caller.preview = preview_from_request(caller.request, caller.user)
        if caller.user is None:
            raise Refused(401, SIGN_IN_FIRST)


@dataclass(frozen=True)
class Staff(Rule):
    permission: str = saleor.MANAGE_USERS

    def admit(self, caller: Caller) -> None:
        _from_cookies(caller)
        if caller.user is None or not permissions.is_staff_with(caller.user, self.permission):
            raise Refused(404, NOT_FOUND)
        _check_form(caller)


class PushSignature(Rule):
    def admit(self, caller: Caller) -> None:
        request = caller.request
        try:
            body = request.body
        except RequestDataTooBig:
            raise Refused(413, "Batch too large: send smaller batches.") from None
        try:
            pushes.verify(
                body,
                request.headers.get(TIMESTAMP_HEADER, ""),
                request.headers.get(SIGNATURE_HEADER, ""),
                secret=caller.settings.erp_push_secret,
            )
        except pushes.PushRefused as exc:
            raise Refused(exc.status, str(exc)) from None


ANONYMOUS = Anonymous("anonymous")
BEARER = Bearer("bearer token only")
PUBLIC_FORM = PublicForm("anyone, CSRF on POST")
SESSION = Session("page session, CSRF on POST")
SESSION_OR_BEARER = SessionOrBearer("page session or bearer token")
PUSH_SIGNATURE = PushSignature("push signature")


def staff(permission: str = saleor.MANAGE_USERS) -> Staff:
    return Staff(f"staff with {permission}", permission)
