"""Staff preview of a company's customer center, logged in the company's audit log."""

from __future__ import annotations

import time
from typing import Any

from .. import conf, permissions
from ..models import Membership
from . import audit


def start_preview(staff_user: Any, membership_id: int) -> tuple[Membership, float]:
    """Who may look (MANAGE_USERS), at whom (an active member), until when; logged."""
    permissions.require_staff(staff_user)
    membership = (
        Membership.objects.select_related("company", "user")
        .filter(pk=membership_id, is_active=True)
        .first()
    )
    if membership is None:
        raise permissions.NotFound("member")
    expires_at = time.time() + 60 * conf.get("PREVIEW_MINUTES")
    audit.record(
        membership.company,
        staff_user,
        audit.Action.PREVIEW_OPENED,
        target=membership,
        after={"member": membership.user.email, "minutes": conf.get("PREVIEW_MINUTES")},
    )
    return membership, expires_at
