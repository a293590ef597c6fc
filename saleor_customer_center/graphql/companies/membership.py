"""The caller's rights on one company, for the resolvers of Company's fields."""

from __future__ import annotations

from ... import models, permissions
from ...roles import Section


def company_membership(root: models.Company, info, section: Section | None = None):
    """The caller's membership of ``root`` (None for staff looking in), section-checked.

    Staff with MANAGE_USERS see every section, read-only, as the operator's console does.
    """
    context = info.context
    membership = context.membership(root.pk)
    if membership is None:
        if permissions.is_staff_with(context.user):
            return None
        raise permissions.NotFound("company")
    if section is not None:
        permissions.require_section(membership, section)
    return membership
