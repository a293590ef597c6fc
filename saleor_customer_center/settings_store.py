"""The operator's settings (the plugin configuration edited in the Dashboard), typed.

Services read them through :func:`current`, which works in a request, a celery task
or a management command alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

OVER_BUDGET_BLOCK = "block"
OVER_BUDGET_ASK_APPROVAL = "ask_approval"


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


@dataclass(frozen=True)
class PluginSettings:
    active: bool = False
    shop_name: str = "Shop"
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


def current() -> PluginSettings:
    """The stored settings, merged over the plugin's defaults."""
    from . import saleor

    active, stored = saleor.stored_plugin_configuration()
    return PluginSettings.from_configuration(saleor.plugin_configuration(stored), active=active)
