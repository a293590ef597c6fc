"""Reorder ("order again"): a past order's lines become a new quick order.

Each line is looked at as the shop sells today, through the quick-order rules
(``saleor.variants_by_sku`` in the order's channel): a line whose variant is gone, has no
SKU, is no longer for sale in that channel, or lacks the stock for its quantity is dropped
with a reason the buyer reads; the rest goes through ``quick_order`` unchanged (the same
checkout, tags, addresses and budget at completion).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import permissions, saleor
from ..error_codes import CustomerCenterErrorCode as Code
from ..models import CompanyOrder, Membership
from ..roles import Section
from ..settings_store import PluginSettings
from . import orders, quick_order
from .errors import field_error


class DropReason(StrEnum):
    VARIANT_GONE = "variant_gone"
    NO_SKU = "no_sku"
    NOT_FOR_SALE = "not_for_sale"
    OUT_OF_STOCK = "out_of_stock"
    INSUFFICIENT_STOCK = "insufficient_stock"


@dataclass(frozen=True)
class DroppedLine:
    sku: str
    product_name: str
    quantity: int
    reason: DropReason
    message: str


@dataclass
class ReorderPlan:
    """What "order again" puts into the new quick order, and what it leaves out and why."""

    link: CompanyOrder
    channel_slug: str
    lines: list[tuple[str, int]] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)


def plan(membership: Membership, order_id: Any, field_name: str = "orderId") -> ReorderPlan:
    """The lines of one of the company's orders as they can be ordered today.

    Same checks as the order's own page: orders section (L20+), another company's order
    answers like a missing one.
    """
    permissions.require_section(membership, Section.ORDERS)
    link = orders.company_order(membership.company, membership, order_id, field=field_name)
    order = link.order
    channel_slug = saleor.order_channel_slug(order)
    order_lines = list(order.lines.all())
    current_skus = saleor.variant_skus([line.variant_id for line in order_lines])
    wanted: dict[str, int] = {}
    names: dict[str, str] = {}
    result = ReorderPlan(link=link, channel_slug=channel_slug)
    for line in order_lines:
        name = line.product_name or line.product_sku or ""
        if line.variant_id is None or line.variant_id not in current_skus:
            result.dropped.append(_drop(line, DropReason.VARIANT_GONE))
            continue
        sku = current_skus[line.variant_id]
        if not sku:
            result.dropped.append(_drop(line, DropReason.NO_SKU))
            continue
        wanted[sku] = wanted.get(sku, 0) + line.quantity
        names.setdefault(sku, name)
    open_channel = saleor.channel_by_slug(channel_slug) is not None
    found = saleor.variants_by_sku(list(wanted), channel_slug) if open_channel else {}
    for sku, quantity in wanted.items():
        item = found.get(sku)
        available = item["available"] if item else None
        if item is None:
            reason = DropReason.NOT_FOR_SALE
        elif available is not None and available <= 0:
            reason = DropReason.OUT_OF_STOCK
        elif available is not None and quantity > available:
            reason = DropReason.INSUFFICIENT_STOCK
        else:
            result.lines.append((sku, quantity))
            continue
        result.dropped.append(
            DroppedLine(
                sku=sku,
                product_name=names[sku],
                quantity=quantity,
                reason=reason,
                message=_message(reason, names[sku], sku, quantity, available, channel_slug),
            )
        )
    return result


def _drop(line: Any, reason: DropReason) -> DroppedLine:
    sku = line.product_sku or ""
    name = line.product_name or sku
    return DroppedLine(
        sku=sku,
        product_name=name,
        quantity=line.quantity,
        reason=reason,
        message=_message(reason, name, sku, line.quantity, None, ""),
    )


def _message(
    reason: DropReason, name: str, sku: str, quantity: int, available: int | None, channel: str
) -> str:
    what = f"{name} ({sku})" if sku and sku != name else name
    if reason is DropReason.VARIANT_GONE:
        return _("%(what)s is no longer sold.") % {"what": what}
    if reason is DropReason.NO_SKU:
        return _("%(what)s has no SKU and cannot be ordered by quick order.") % {"what": what}
    if reason is DropReason.NOT_FOR_SALE:
        return _("%(what)s is not for sale in channel %(channel)s any more.") % {
            "what": what,
            "channel": channel,
        }
    if reason is DropReason.OUT_OF_STOCK:
        return _("%(what)s is out of stock.") % {"what": what}
    return _("Only %(available)s of %(what)s in stock; the order had %(quantity)s.") % {
        "available": available,
        "what": what,
        "quantity": quantity,
    }


def reorder(
    user: Any,
    company_id: int,
    order_id: Any,
    *,
    plugin_settings: PluginSettings,
    company_field: str = "companyId",
):
    """``companyOrderReorder``: a new Saleor checkout with the order's lines that can still
    be ordered, through quick order. Returns (checkout, plan); nothing is created when no
    line is left (the refusal lists why each was dropped)."""
    membership = permissions.membership_for(user, company_id, field=company_field)
    permissions.require_section(membership, Section.ORDERS)
    if not plugin_settings.new_orders_enabled:
        raise ValidationError(
            quick_order.NEW_ORDERS_DISABLED_MESSAGE, code=Code.NEW_ORDERS_DISABLED.value
        )
    result = plan(membership, order_id)
    if not result.lines:
        reasons = " ".join(line.message for line in result.dropped)
        raise field_error(
            "order_id",
            _("None of this order's lines can be ordered again.")
            + (f" {reasons}" if reasons else ""),
            Code.INVALID.value,
        )
    checkout = quick_order.create_company_checkout(
        membership, result.channel_slug, result.lines, plugin_settings=plugin_settings
    )
    return checkout, result
