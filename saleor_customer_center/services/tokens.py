"""Set-password and invitation links: random, stored hashed, expiring, single use.

A token is bound to one user and one purpose; issuing a new one for the same user and
purpose revokes the old ones, so only the latest link works.  Only a SHA-256 of the
token is stored: the token itself has 256 random bits, so a slow hash adds nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import conf, saleor
from ..error_codes import CustomerCenterErrorCode
from ..models import ActionToken
from ..models.security import ActionTokenPurpose
from .errors import field_error

INVALID_TOKEN_MESSAGE = gettext_lazy("This link is invalid or has expired. Ask for a new one.")


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(user: Any, purpose: str = ActionTokenPurpose.SET_PASSWORD) -> str:
    """A new token for ``user`` and ``purpose``; earlier open ones stop working."""
    now = timezone.now()
    ActionToken.objects.filter(
        user=user, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw = secrets.token_urlsafe(32)
    ActionToken.objects.create(
        user=user,
        purpose=purpose,
        token_hash=_hash(raw),
        expires_at=now + timedelta(hours=conf.get("ACTION_TOKEN_TTL_HOURS")),
    )
    return raw


def revoke(user: Any) -> int:
    """End every open link of ``user`` (any purpose): a person switched off must not come
    back through a link mailed before. Returns how many were revoked."""
    return ActionToken.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def _invalid() -> ValidationError:
    return field_error("token", INVALID_TOKEN_MESSAGE, CustomerCenterErrorCode.INVALID_TOKEN.value)


def consume(raw: str, user: Any, purpose: str) -> ActionToken:
    """Use a token once; any mismatch (user, purpose, used, revoked, expired) is one error."""
    if not raw or user is None:
        raise _invalid()
    token = ActionToken.objects.select_for_update().filter(token_hash=_hash(raw)).first()
    now = timezone.now()
    if (
        token is None
        or token.user_id != user.pk
        or token.purpose != purpose
        or token.used_at is not None
        or token.revoked_at is not None
        or token.expires_at <= now
    ):
        raise _invalid()
    token.used_at = now
    token.save(update_fields=["used_at"])
    return token


@transaction.atomic
def set_password_with_token(raw: str, email: str, password: str) -> Any:
    """The user sets their own password from the emailed link; nobody else can."""
    user = saleor.find_user_by_email(email or "")
    consume(raw, user, ActionTokenPurpose.SET_PASSWORD)
    try:
        validate_password(password or "", user=user)
    except ValidationError as exc:
        raise field_error(
            "password", exc.messages, CustomerCenterErrorCode.PASSWORD_TOO_WEAK.value
        ) from None
    saleor.set_user_password(user, password)
    return user
