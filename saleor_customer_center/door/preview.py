"""Staff preview: an operator sees a company's customer center exactly as one member does.

The preview is a signed cookie naming the staff user, the member and an expiry; it is
honoured only for that staff user while they still hold MANAGE_USERS, and only until it
expires (CUSTOMER_CENTER["PREVIEW_MINUTES"]). Pages in a preview are read-only: the door
refuses every POST of a previewing caller (rules.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.http import HttpRequest

from .. import permissions
from ..models import Membership
from . import cookies

SALT = "saleor_customer_center.preview"


@dataclass
class Preview:
    membership: Membership
    expires_at: float

    @property
    def minutes_left(self) -> int:
        return max(0, int((self.expires_at - time.time()) // 60))


def make_cookie(staff_user: Any, membership: Membership, expires_at: float) -> str:
    return signing.dumps(
        {"staff": staff_user.pk, "member": membership.pk, "exp": expires_at}, salt=SALT
    )


def from_request(request: HttpRequest, user: Any) -> Preview | None:
    raw = request.COOKIES.get(cookies.PREVIEW)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("staff") != user.pk:
        return None
    expires_at = data.get("exp")
    if not isinstance(expires_at, int | float) or expires_at < time.time():
        return None
    if not permissions.is_staff_with(user):
        return None
    member_id = data.get("member")
    if not isinstance(member_id, int):
        return None
    membership = (
        Membership.objects.select_related("company", "user")
        .filter(pk=member_id, is_active=True)
        .first()
    )
    if membership is None:
        return None
    return Preview(membership=membership, expires_at=expires_at)
