"""The operator's settings (the plugin configuration edited in the Dashboard), typed, with
their defaults.

Read once where work starts (docs/architecture.md, "Settings"): the plugin hands its own
configuration to the door and to the checkout hook; a celery task or a Saleor signal reads
:func:`current` once at its start. Services never read them on their own: they take a
:class:`PluginSettings` argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from . import branding, saleor

OVER_BUDGET_BLOCK = "block"
OVER_BUDGET_ASK_APPROVAL = "ask_approval"

# The plugin's configuration fields and their defaults (the Dashboard shows them with the
# labels of plugin.py's CONFIG_STRUCTURE; one entry per field).
DEFAULT_CONFIGURATION: list[dict[str, Any]] = [
    {"name": "shop_name", "value": "Shop"},
    {"name": "logo_url", "value": ""},
    {"name": "primary_color", "value": ""},
    {"name": "sender_email", "value": ""},
    {"name": "storefront_url", "value": ""},
    {"name": "new_orders_enabled", "value": False},
    {"name": "over_budget_behaviour", "value": OVER_BUDGET_BLOCK},
    {"name": "budget_alert_threshold", "value": "80"},
    {"name": "new_users_need_approval", "value": False},
    {"name": "erp_base_url", "value": ""},
    {"name": "erp_api_token", "value": ""},
    {"name": "erp_push_secret", "value": ""},
    {"name": "erp_page_size", "value": "500"},
    {"name": "email_esp", "value": ""},
    {"name": "email_esp_api_key", "value": ""},
]
FIELD_NAMES = frozenset(item["name"] for item in DEFAULT_CONFIGURATION)


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@dataclass(frozen=True)
class PluginSettings:
    active: bool = False
    shop_name: str = "Shop"
    logo_url: str = ""
    primary_color: str = ""
    sender_email: str = ""
    storefront_url: str = ""
    new_orders_enabled: bool = False
    over_budget_behaviour: str = OVER_BUDGET_BLOCK
    budget_alert_threshold: Decimal = Decimal("80")
    new_users_need_approval: bool = False
    erp_base_url: str = ""
    erp_api_token: str = ""
    erp_push_secret: str = ""
    erp_page_size: int = 500
    email_esp: str = ""
    email_esp_api_key: str = ""

    @classmethod
    def validate(cls, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        behaviour = values.get("over_budget_behaviour") or OVER_BUDGET_BLOCK
        if behaviour not in (OVER_BUDGET_BLOCK, OVER_BUDGET_ASK_APPROVAL):
            errors["over_budget_behaviour"] = (
                f"Use '{OVER_BUDGET_BLOCK}' or '{OVER_BUDGET_ASK_APPROVAL}'."
            )
        try:
            threshold = Decimal(str(values.get("budget_alert_threshold") or "80"))
            if not 0 < threshold <= 100:
                raise InvalidOperation
        except InvalidOperation:
            errors["budget_alert_threshold"] = "Give a percentage between 1 and 100."
        try:
            if int(str(values.get("erp_page_size") or "500")) < 1:
                raise ValueError
        except ValueError:
            errors["erp_page_size"] = "Give a whole number of records per page (1 or more)."
        errors.update(branding.validate(values))
        return errors

    @classmethod
    def from_configuration(
        cls, configuration: list[dict[str, Any]], active: bool = True
    ) -> PluginSettings:
        values = {item["name"]: item["value"] for item in configuration or []}
        if cls.validate(values):
            # A bad stored value never breaks the shop: fall back to the safe default.
            for name in cls.validate(values):
                values.pop(name, None)
        return cls(
            active=active,
            shop_name=str(values.get("shop_name") or "Shop"),
            logo_url=str(values.get("logo_url") or "").strip(),
            primary_color=str(values.get("primary_color") or "").strip(),
            sender_email=str(values.get("sender_email") or ""),
            storefront_url=str(values.get("storefront_url") or ""),
            new_orders_enabled=_bool(values.get("new_orders_enabled", False)),
            over_budget_behaviour=str(values.get("over_budget_behaviour") or OVER_BUDGET_BLOCK),
            budget_alert_threshold=Decimal(str(values.get("budget_alert_threshold") or "80")),
            new_users_need_approval=_bool(values.get("new_users_need_approval", False)),
            erp_base_url=str(values.get("erp_base_url") or ""),
            erp_api_token=str(values.get("erp_api_token") or ""),
            erp_push_secret=str(values.get("erp_push_secret") or ""),
            erp_page_size=int(str(values.get("erp_page_size") or "500")),
            email_esp=str(values.get("email_esp") or ""),
            email_esp_api_key=str(values.get("email_esp_api_key") or ""),
        )


def merged(stored: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The stored values merged over the defaults, as Saleor merges a plugin's configuration.

    Saleor 3.24's ``BasePlugin.get_plugin_configuration`` is an *instance* method (calling it
    on the class raises TypeError, seen on a real Saleor), so the merge is done here: stored
    fields the plugin knows, then the defaults of the missing ones.
    """
    configuration = [dict(item) for item in stored or [] if item.get("name") in FIELD_NAMES]
    names = {item["name"] for item in configuration}
    configuration += [dict(item) for item in DEFAULT_CONFIGURATION if item["name"] not in names]
    return configuration


def current() -> PluginSettings:
    """The stored settings, merged over the defaults: for the entry points that have no
    plugin instance at hand (a celery task, a Saleor signal), read once at their start."""
    active, stored = saleor.stored_plugin_configuration()
    return PluginSettings.from_configuration(merged(stored), active=active)
