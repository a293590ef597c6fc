"""Saleor's orders reach the plugin by one path: ``post_save`` on Saleor's Order.

docs/architecture.md, "Orders". The receiver is connected only when the plugin is in
Saleor's ``PLUGINS`` (apps.py) and does nothing while the plugin is switched off: one read
of the plugin's configuration, then back to Saleor. A new order of a company buyer is
linked to its company and its budget charge committed (checkout_budget.link_order); a
cancelled or expired one gives its amount back. The deprecated ``order_created`` and
``order_cancelled`` hooks act only where the receiver is not connected (a host that
disconnects signals), so the two never both try the same order.

A failure to link never breaks Saleor's save (a savepoint keeps it out of the order's
transaction), and is never swallowed: it is logged as an error and kept as an
:class:`OrderLinkFailure` that the operator's console lists until a later save links it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, QuerySet
from django.utils import timezone

from .. import permissions, saleor, settings_store
from ..models import CompanyOrder, OrderLinkFailure
from ..settings_store import PluginSettings
from . import checkout_budget

logger = logging.getLogger("saleor_customer_center.orders")


def on_order_saved(order: Any, created: bool) -> None:
    """The receiver of ``post_save`` on Saleor's Order (the adapter connects it)."""
    if not order.checkout_token or order.status == saleor.ORDER_STATUS_DRAFT:
        return
    plugin_settings = settings_store.current()  # once, at the start of the hook
    if not plugin_settings.active:
        return
    order_changed(order, plugin_settings, created=created)


def order_changed(order: Any, plugin_settings: PluginSettings, created: bool = False) -> None:
    """Link a new order, give a cancelled one back; a failure is recorded, not raised."""
    if not order.checkout_token or order.status == saleor.ORDER_STATUS_DRAFT:
        return
    try:
        with transaction.atomic():
            # The link's search text follows the order's lines (Saleor saves the order
            # again once its lines exist); 0 rows updated: the order is not linked yet.
            linked = refresh_search_text(order.pk)
            if saleor.order_is_released(order):
                checkout_budget.release_order(order)
            elif created or not linked:
                if checkout_budget.link_order(order, plugin_settings) is not None:
                    refresh_search_text(order.pk)
    except Exception as exc:  # noqa: BLE001 - Saleor's save must go on; the failure is kept
        logger.exception("Customer center could not link order %s", order.pk)
        _record_failure(order, exc)
        return
    OrderLinkFailure.objects.filter(order_id=order.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )


def refresh_search_text(order_id: Any) -> int:
    """Write the lines' SKUs and names into the order's link (one UPDATE): what a
    company's order search matches without reading the shop's order lines (issue 16).
    Returns the number of links updated (0 when the order is not linked)."""
    return CompanyOrder.objects.filter(order_id=order_id).update(
        search_text=saleor.order_search_text(OuterRef("order_id"))
    )


def _record_failure(order: Any, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    updated = OrderLinkFailure.objects.filter(order_id=order.pk).update(
        error=message, attempts=F("attempts") + 1, resolved_at=None, updated_at=timezone.now()
    )
    if not updated:
        OrderLinkFailure.objects.create(order_id=order.pk, error=message)


def unresolved_failures(user: Any) -> QuerySet[OrderLinkFailure]:
    """The console's list of orders that could not be linked (staff with MANAGE_USERS)."""
    permissions.require_staff(user)
    return OrderLinkFailure.objects.filter(resolved_at__isnull=True).order_by("-updated_at")
