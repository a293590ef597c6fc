"""The one adapter to Saleor's internals: users, tokens, orders, checkouts, plugin config.

Everything else in the package talks to Saleor through these functions, so the day
Saleor moves a function (or drops the deprecated plugin hooks), only this module changes.
Imports of ``saleor.*`` are done inside functions: the package must import cleanly in a
process where Saleor's apps are not loaded yet (Django app loading, management commands).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

PLUGIN_ID = "saleor.customer_center"

# Saleor's permission codenames (saleor/permission/enums.py).
MANAGE_USERS = "account.manage_users"
MANAGE_PLUGINS = "plugins.manage_plugins"

# saleor.order.OrderStatus values the plugin reasons about.
ORDER_STATUS_CANCELED = "canceled"
ORDER_STATUS_DRAFT = "draft"
ORDER_STATUS_EXPIRED = "expired"
NOT_FINALIZED_STATUSES = ("unconfirmed", "unfulfilled")


def user_model() -> type[AbstractBaseUser]:
    return get_user_model()


def order_model():
    return apps.get_model("order", "Order")


def order_line_model():
    return apps.get_model("order", "OrderLine")


def order_status_choices() -> list[tuple[str, str]]:
    from saleor.order import OrderStatus

    return list(OrderStatus.CHOICES)


# Users and tokens ------------------------------------------------------------------


def find_user_by_email(email: str):
    """Saleor's emails are unique; compare case-insensitively so ``A@x`` and ``a@x`` clash."""
    return user_model()._default_manager.filter(email__iexact=email.strip()).first()


def build_user(email: str, first_name: str = "", last_name: str = "", password: str | None = None):
    """Create a Saleor customer the way Saleor does (no ``create_user`` on its manager)."""
    user = user_model()(email=email.strip(), first_name=first_name, last_name=last_name)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    return user


def rotate_token_key(user) -> None:
    """Invalidate every token of the user at once (Saleor checks ``jwt_token_key``)."""
    from django.utils.crypto import get_random_string

    user.jwt_token_key = get_random_string(length=12)
    user.save(update_fields=["jwt_token_key", "updated_at"])


def create_tokens(user) -> dict[str, str]:
    """Access and refresh tokens exactly as Saleor's ``tokenCreate`` issues them."""
    from django.utils.crypto import get_random_string
    from saleor.core.jwt import create_access_token, create_refresh_token

    csrf_token = get_random_string(32)
    return {
        "token": create_access_token(user),
        "refresh_token": create_refresh_token(user, additional_payload={"csrfToken": csrf_token}),
        "csrf_token": csrf_token,
    }


def get_token_from_request(request: HttpRequest) -> str | None:
    from saleor.core.auth import get_token_from_request as saleor_get_token

    return saleor_get_token(request)


class InvalidToken(Exception):
    """The caller sent a token Saleor does not accept (expired, revoked, malformed)."""


def user_from_access_token(token: str):
    import jwt
    from saleor.core.jwt import get_user_from_access_payload, jwt_decode

    try:
        return get_user_from_access_payload(jwt_decode(token))
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc


def user_from_refresh_token(token: str):
    import jwt
    from saleor.core.jwt import JWT_REFRESH_TYPE, get_user_from_payload, jwt_decode

    try:
        payload = jwt_decode(token)
        if payload.get("type") != JWT_REFRESH_TYPE:
            raise InvalidToken("not a refresh token")
        return get_user_from_payload(payload)
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc


def request_user(request: HttpRequest):
    """The authenticated Saleor user of a plugin-endpoint request, or None."""
    token = get_token_from_request(request)
    if not token:
        return None
    return user_from_access_token(token)


def has_permission(user, permission: str) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(permission))


# Plugin configuration -----------------------------------------------------------------


def stored_plugin_configuration() -> tuple[bool, list[dict[str, Any]]]:
    """(active, configuration) of the global plugin row, as edited in the Dashboard."""
    PluginConfiguration = apps.get_model("plugins", "PluginConfiguration")
    row = (
        PluginConfiguration.objects.filter(identifier=PLUGIN_ID, channel__isnull=True)
        .only("active", "configuration")
        .first()
    )
    if row is None:
        return False, []
    return row.active, list(row.configuration or [])


def save_plugin_configuration(active: bool, values: dict[str, Any]) -> None:
    """Store configuration like the Dashboard does (used by the demo and tests)."""
    from .plugin import CustomerCenterPlugin

    PluginConfiguration = apps.get_model("plugins", "PluginConfiguration")
    row, _ = PluginConfiguration.objects.get_or_create(
        identifier=PLUGIN_ID,
        channel=None,
        defaults={"name": CustomerCenterPlugin.PLUGIN_NAME, "configuration": []},
    )
    current = {item["name"]: item["value"] for item in row.configuration or []}
    current.update(values)
    row.configuration = [{"name": name, "value": value} for name, value in current.items()]
    row.active = active
    row.save()


def get_plugins_manager():
    from saleor.plugins.manager import get_plugins_manager as saleor_manager

    return saleor_manager(allow_replica=False)


# Orders -------------------------------------------------------------------------------


def cancel_order(order, user) -> None:
    """Cancel through Saleor's own action, so stock, events and webhooks follow."""
    from saleor.order.actions import cancel_order as saleor_cancel_order

    saleor_cancel_order(order=order, user=user, app=None, manager=get_plugins_manager())
