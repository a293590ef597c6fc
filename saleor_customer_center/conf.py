"""Installer settings: one ``CUSTOMER_CENTER`` dict merged over these defaults.

Operator-editable values (new orders, budgets, ERP connection, sender) are the
plugin's configuration fields in the Saleor Dashboard instead (settings_store.py).
An unknown key is the system check ``customer_center.E003`` at start-up (checks.py), not
an error on the first request.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS: dict[str, Any] = {
    # Activation throttling (services/activation.py): attempts per window per client
    # address; per customer number, failures within the window beyond the free ones make
    # the next attempt wait 1, 2, 4 ... seconds, never more than the maximum (a delay, not
    # a lock: nobody can shut the real main contact out for long).
    "ACTIVATION_MAX_ATTEMPTS": 5,
    "ACTIVATION_WINDOW_SECONDS": 15 * 60,
    "ACTIVATION_FREE_ATTEMPTS": 3,
    "ACTIVATION_MAX_DELAY_SECONDS": 60,
    # A sign-in of the pages lasts this long unless signed out (services/sign_in.py).
    "PAGE_SESSION_DAYS": 30,
    # Set-password and invitation links.
    "ACTION_TOKEN_TTL_HOURS": 72,
    # Staff preview of a company's customer center.
    "PREVIEW_MINUTES": 30,
    # ERP: the pull connector class (a subclass of erp.connectors.base.Connector).
    "ERP_CONNECTOR": "saleor_customer_center.erp.connectors.http_pull.HttpPullConnector",
    "ERP_BATCH_SIZE": 5000,
    "ERP_PUSH_MAX_SKEW_SECONDS": 300,
    # Processed push batches are kept this long (for the operator), then pruned; a replay
    # of one is refused by its stale timestamp long before.
    "ERP_PUSH_RECEIPT_DAYS": 7,
    "ERP_HTTP_TIMEOUT_SECONDS": 30,
    # Invoice PDFs from the ERP (services/erp_fetch.py): only from the erp_base_url host,
    # only at public addresses plus these networks (CIDR strings, e.g. an ERP on the shop's
    # private network "10.20.0.0/16"), at most this large and this long.
    "ERP_DOCUMENT_ALLOWED_NETWORKS": [],
    "ERP_DOCUMENT_MAX_BYTES": 20 * 1024 * 1024,
    "ERP_DOCUMENT_MAX_SECONDS": 60,
    # GraphQL cost limits, no looser than Saleor's own.
    "GRAPHQL_MAX_DEPTH": 10,
    "GRAPHQL_MAX_ALIASES": 15,
    "GRAPHQL_MAX_MUTATIONS": 1,
    "GRAPHQL_MAX_COMPLEXITY": 50000,
    "GRAPHQL_PAGE_MAX": 100,
    # A list's totalCount is exact up to this many rows, the planner's estimate above it
    # (services/paging.py): counting a million rows on every request is what it avoids.
    "PAGE_COUNT_EXACT_MAX": 10_000,
    # Emails.
    "EMAIL_MAX_RETRIES": 5,
    # Budgets: a reservation whose checkout never became an order is released after this.
    "BUDGET_RESERVATION_TTL_MINUTES": 60,
}


def _installer_values() -> dict[str, Any]:
    return dict(getattr(settings, "CUSTOMER_CENTER", {}) or {})


def unknown_keys() -> list[str]:
    """Keys of ``CUSTOMER_CENTER`` this version does not know (a typo, a removed setting)."""
    return sorted(set(_installer_values()) - set(DEFAULTS))


@cache
def get_config() -> dict[str, Any]:
    known = {name: value for name, value in _installer_values().items() if name in DEFAULTS}
    return {**DEFAULTS, **known}


def get(name: str) -> Any:
    return get_config()[name]


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "CUSTOMER_CENTER":
        get_config.cache_clear()
