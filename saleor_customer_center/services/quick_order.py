"""Quick order: a real Saleor checkout from SKUs and quantities, for a member and company.

The checkout is Saleor's own (built through the adapter with Saleor's checkout code),
tagged with the company in its metadata and given the company's addresses; the buyer
completes it with Saleor's usual ``checkoutComplete``, where the budget applies. Nothing
is created unless every line is valid.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, saleor
from ..error_codes import CustomerCenterErrorCode as Code
from ..models import Membership
from ..roles import Section
from ..settings_store import PluginSettings
from . import purchase_orders

NEW_ORDERS_DISABLED_MESSAGE = gettext_lazy("New orders are disabled in this shop.")
MAX_LINES = 200
MAX_QUANTITY = 2**31 - 1  # the order line's integer column; Saleor's stock check comes after


def channels() -> list[tuple[str, str]]:
    """(slug, name) of the channels a new order may be placed in."""
    return saleor.active_channels()


def company_addresses(company: Any) -> dict[str, Any]:
    """The company's billing and shipping addresses as Saleor addresses (None when Saleor
    would refuse them), for a checkout the plugin builds."""
    billing = _address(company.addresses, "billing")
    shipping = _address(company.addresses, "shipping")
    return {
        "billing_address": saleor.build_address(billing) if billing else None,
        "shipping_address": saleor.build_address(shipping) if shipping else None,
    }


def _address(addresses: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    """The company's address of that kind ("billing"/"shipping"), else its first one."""
    dicts = [a for a in addresses or [] if isinstance(a, dict)]
    for address in dicts:
        kinds = address.get("type") or address.get("kind") or address.get("types") or ""
        if kind in (kinds if isinstance(kinds, list) else [str(kinds).lower()]):
            return address
    return dicts[0] if dicts else None


def clean_lines(
    lines: list[tuple[str, int]], channel_slug: str, check_stock: bool = True
) -> list[tuple[Any, int]]:
    """(variant, quantity) per SKU, or a ValidationError naming every bad line.

    ``check_stock`` off for a quote request: the shop may quote more than it holds today.
    """
    errors: dict[str, list[ValidationError]] = {}
    if not lines:
        raise ValidationError(
            {"lines": ValidationError(_("Add at least one line."), code=Code.REQUIRED.value)}
        )
    if len(lines) > MAX_LINES:
        raise ValidationError(
            {"lines": ValidationError(f"At most {MAX_LINES} lines.", code=Code.INVALID.value)}
        )
    wanted: OrderedDict[str, int] = OrderedDict()
    positions: dict[str, int] = {}
    for index, (sku, quantity) in enumerate(lines):
        sku = (sku or "").strip()
        if not sku:
            errors[f"lines.{index}.sku"] = [
                ValidationError(_("The SKU is required."), code=Code.REQUIRED.value)
            ]
            continue
        if not isinstance(quantity, int) or not 0 < quantity <= MAX_QUANTITY:
            errors[f"lines.{index}.quantity"] = [
                ValidationError(
                    f"The quantity of {sku} must be at least 1.", code=Code.INVALID.value
                )
            ]
            continue
        wanted[sku] = wanted.get(sku, 0) + quantity
        positions.setdefault(sku, index)
    found = saleor.variants_by_sku(list(wanted), channel_slug)
    for sku, quantity in wanted.items():
        index = positions[sku]
        item = found.get(sku)
        if item is None:
            errors[f"lines.{index}.sku"] = [
                ValidationError(f"There is no product with SKU {sku}.", code=Code.UNKNOWN_SKU.value)
            ]
        elif check_stock and item["available"] is not None and quantity > item["available"]:
            errors[f"lines.{index}.quantity"] = [
                ValidationError(
                    f"Only {item['available']} of {sku} in stock.",
                    code=Code.INSUFFICIENT_STOCK.value,
                )
            ]
    if errors:
        raise ValidationError(errors)
    return [(found[sku]["variant"], quantity) for sku, quantity in wanted.items()]


def create_company_checkout(
    membership: Membership,
    channel_slug: str,
    lines: list[tuple[str, int]],
    *,
    plugin_settings: PluginSettings,
    po_number: str = "",
):
    """A Saleor checkout of ``membership``'s user for its company; returns the checkout.

    ``po_number``: the buyer's purchase-order number, on the checkout's metadata
    (services/purchase_orders.py); asked for here when the company requires one.
    """
    if not plugin_settings.new_orders_enabled:
        raise ValidationError(NEW_ORDERS_DISABLED_MESSAGE, code=Code.NEW_ORDERS_DISABLED.value)
    permissions.require_section(membership, Section.ORDERS)
    channel = saleor.channel_by_slug((channel_slug or "").strip())
    if channel is None:
        raise ValidationError(
            {"channel": ValidationError(_("There is no such channel."), code=Code.NOT_FOUND.value)}
        )
    variants = clean_lines(lines, channel.slug)
    company = membership.company
    po_number = purchase_orders.clean_po_number(po_number)
    purchase_orders.require_for(company, po_number)
    metadata = {saleor.COMPANY_METADATA_KEY: str(company.pk)}
    if po_number:
        metadata[saleor.PO_NUMBER_METADATA_KEY] = po_number
    with transaction.atomic():
        return saleor.create_checkout(
            membership.user, channel, variants, metadata, **company_addresses(company)
        )
