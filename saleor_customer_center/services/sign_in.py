"""Signing in to the pages, and out again: page sessions (docs/architecture.md, "The door").

Sign-in checks the credentials through Saleor's own login throttling, the check behind
Saleor's ``tokenCreate`` (``saleor.authenticate_with_throttling``), and Saleor's rules after
the password (active, confirmed). A sign-in is a :class:`PageSession`: the refresh cookie
holds a random secret of it (256 bits, only a SHA-256 stored), and every access token the
pages mint is Saleor's own access token carrying the session's id (claim ``cc_session``).

Signing out ends that session only (issue 12 item 5): its refresh secret and every access
token naming it stop working in the plugin at once, while the user's other devices stay
signed in. Signing out everywhere rotates the user's Saleor ``jwt_token_key``, as Saleor's
``tokensDeactivateAll`` does, which ends every Saleor token and every page session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import conf, saleor
from ..error_codes import CustomerCenterErrorCode
from ..models import PageSession

SESSION_CLAIM = "cc_session"
INVALID_MESSAGE = gettext_lazy("Please enter a correct email and password.")
SWITCHED_OFF_MESSAGE = gettext_lazy(
    "Your company's administrator has switched off your access to the customer center. "
    "Ask them to switch it on again."
)
DELAYED_MESSAGE = gettext_lazy(
    "Too many sign-in attempts from your address. Please wait a moment and try again."
)


class SessionEnded(Exception):
    """The page session is unknown, ended, expired, or its user's tokens were revoked."""


@dataclass(frozen=True)
class SignedIn:
    user: Any
    session: PageSession
    refresh_secret: str  # the refresh cookie's value; never stored
    access_token: str

    @property
    def max_age(self) -> int:
        return max(0, int((self.session.expires_at - timezone.now()).total_seconds()))


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def sign_in(request: HttpRequest, email: str, password: str) -> SignedIn:
    """Check the credentials as Saleor's ``tokenCreate`` does and start a page session.

    Raises ValidationError: ``TOO_MANY_ATTEMPTS`` while Saleor delays this address,
    ``INACTIVE`` after the right password of a login a company admin switched off,
    ``INVALID_CREDENTIALS`` for anything else (unknown email, wrong password, inactive or
    unconfirmed account), one message that does not say which.
    """
    try:
        user = saleor.authenticate_with_throttling(request, (email or "").strip(), password)
    except ValidationError:
        raise ValidationError(
            DELAYED_MESSAGE, code=CustomerCenterErrorCode.TOO_MANY_ATTEMPTS.value
        ) from None
    if user is not None and saleor.deactivated_by_plugin(user):
        # Said only after the right password (Saleor returns the user for it alone), so
        # the message tells nothing to someone guessing (issue 14 item 10).
        raise ValidationError(SWITCHED_OFF_MESSAGE, code=CustomerCenterErrorCode.INACTIVE.value)
    if user is None or not saleor.may_sign_in(user):
        raise ValidationError(
            INVALID_MESSAGE, code=CustomerCenterErrorCode.INVALID_CREDENTIALS.value
        )
    saleor.record_sign_in(user)
    return start(user)


def start(user: Any) -> SignedIn:
    """A new page session for ``user`` (after sign-in, or after activation on the page)."""
    secret = secrets.token_urlsafe(32)
    session = PageSession.objects.create(
        user=user,
        secret_hash=_hash(secret),
        token_key=user.jwt_token_key,
        expires_at=timezone.now() + timedelta(days=conf.get("PAGE_SESSION_DAYS")),
    )
    return SignedIn(user, session, secret, _access_token(user, session))


def _access_token(user: Any, session: PageSession) -> str:
    return saleor.create_access_token(user, {SESSION_CLAIM: session.pk})


def _live(session: PageSession | None, user: Any) -> PageSession:
    if (
        session is None
        or session.ended_at is not None
        or session.expires_at <= timezone.now()
        or not user.is_active
        or session.token_key != user.jwt_token_key
    ):
        raise SessionEnded()
    return session


def check_claims(user: Any, claims: dict[str, Any]) -> PageSession | None:
    """The live page session an access token names, None for a token that names none (the
    storefront's own Saleor tokens); SessionEnded when it names an ended one."""
    session_id = claims.get(SESSION_CLAIM)
    if session_id is None:
        return None
    if not isinstance(session_id, int):
        raise SessionEnded()
    session = PageSession.objects.filter(pk=session_id, user_id=user.pk).first()
    return _live(session, user)


def resume(refresh_secret: str) -> SignedIn:
    """A fresh access token for the session of a refresh cookie (the access token expired)."""
    session = (
        PageSession.objects.select_related("user").filter(secret_hash=_hash(refresh_secret)).first()
        if refresh_secret
        else None
    )
    if session is None:
        raise SessionEnded()
    user = session.user
    _live(session, user)
    return SignedIn(user, session, refresh_secret, _access_token(user, session))


def end(session: PageSession) -> None:
    """Sign out of this session only."""
    PageSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(ended_at=timezone.now())


def end_everywhere(user: Any) -> int:
    """Sign out of every device: every Saleor token of the user and every page session."""
    saleor.rotate_token_key(user)
    return PageSession.objects.filter(user=user, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
