from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from ... import permissions
from ...links import Links
from ...models import Membership
from ...settings_store import PluginSettings


@dataclass
class Context:
    """``info.context``: what the door resolved (caller, settings, links, the client's
    address) and per-request caches."""

    request: HttpRequest
    user: Any
    settings: PluginSettings
    links: Links
    client_address: str | None = None
    _memberships: dict[int, Membership | None] = field(default_factory=dict)

    def membership(self, company_id: int) -> Membership | None:
        """The caller's active membership of a company, cached for the request."""
        if company_id not in self._memberships:
            self._memberships[company_id] = (
                permissions.active_memberships(self.user)
                .select_related("company")
                .filter(company_id=company_id)
                .first()
            )
        return self._memberships[company_id]

    def remember(self, membership: Membership) -> None:
        self._memberships[membership.company_id] = membership
