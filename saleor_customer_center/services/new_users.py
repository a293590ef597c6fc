"""An admin's new user: an account at once, or a request the shop approves first.

It stands above ``members`` (the account) and ``requests`` (the queue, whose approval
creates the account through ``members``), so that ``members`` needs nothing of ``requests``:
no import loop (docs/architecture.md, tests/foundation/test_import_cycles.py).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..links import Links
from ..models import CompanyRequest, Membership
from ..settings_store import PluginSettings
from . import members, requests


@transaction.atomic
def create_member(
    user: Any,
    company_id: int,
    data: dict[str, Any],
    *,
    settings: PluginSettings,
    links: Links,
) -> tuple[Membership | None, CompanyRequest | None]:
    """Request a new user: the account at once with a set-password email, or a request
    for the shop when the operator approves new users (``new_users_need_approval``).
    Returns (membership or None, request or None)."""
    actor, person, budget = members.clean_new_member(user, company_id, data)
    if settings.new_users_need_approval:
        return None, requests.queue_new_user(actor, person, budget=budget, settings=settings)
    membership = members.create_account(
        actor.company, person, actor=user, settings=settings, links=links, budget=budget
    )
    return membership, None
