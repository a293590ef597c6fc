"""A company's orders: list, one order, cancel, and what each role may see of them.

Orders are Saleor's; the plugin reads them through its ``CompanyOrder`` links, so another
company's order is simply not there (NotFound, exactly as a missing one). Money is shown
only to roles that see prices (``roles.sees_prices``: L30 and up; staff looking in too).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import formatting, permissions, saleor
from ..error_codes import CustomerCenterErrorCode
from ..models import Company, CompanyOrder, Membership
from ..roles import Section, sees_prices
from . import audit, budgets, checkout_budget, locks
from .errors import field_error

# Saleor's message for an order it will not cancel (OrderErrorCode.CANNOT_CANCEL_ORDER).
CANNOT_CANCEL_MESSAGE = gettext_lazy("This order can't be canceled.")
ALREADY_CANCELLED_MESSAGE = gettext_lazy("This order is already cancelled.")

SORT_FIELDS = {
    "NUMBER": ("order__number",),
    "CREATED_AT": ("created_at", "pk"),  # index cc_order_company_page_idx
    "TOTAL": ("order__total_gross_amount", "pk"),
    "STATUS": ("order__status", "created_at", "pk"),
}


def require_orders(membership: Membership | None) -> None:
    """Orders are for L20 and up; staff look in with membership None."""
    if membership is not None:
        permissions.require_section(membership, Section.ORDERS)


def shows_prices(membership: Membership | None) -> bool:
    return membership is None or sees_prices(membership.role)


def _base(company: Company | int) -> QuerySet[CompanyOrder]:
    company_id = company.pk if isinstance(company, Company) else company
    return (
        CompanyOrder.objects.filter(company_id=company_id)
        .select_related("order", "placed_by")
        .prefetch_related(
            Prefetch("order__lines", queryset=saleor.order_line_model().objects.order_by("pk"))
        )
    )


def company_orders(
    company: Company,
    membership: Membership | None,
    *,
    status: list[str] | str | None = None,
    created_from: dt.date | None = None,
    created_to: dt.date | None = None,
    placed_by: list[int] | None = None,
    search: str | None = None,
    po_number: str | None = None,
    sort_by: str = "CREATED_AT",
    descending: bool = True,
) -> QuerySet[CompanyOrder]:
    """The company's orders, filtered and sorted; lines prefetched (constant queries).

    ``created_from``/``created_to`` are days in the shop's time zone, both included;
    ``placed_by`` are user ids; ``search`` matches the order number, a line's SKU or
    product name; ``po_number`` is a part of the buyer's PO number.
    """
    require_orders(membership)
    if sort_by == "TOTAL" and not shows_prices(membership):
        # The order of totals would tell what the role may not see.
        raise permissions.PermissionDenied(
            _("Your role does not see prices: sort by another field.")
        )
    queryset = _base(company)
    if status:
        queryset = queryset.filter(
            order__status__in=[status] if isinstance(status, str) else status
        )
    if created_from:
        queryset = queryset.filter(created_at__gte=budgets.local_midnight(created_from))
    if created_to:
        queryset = queryset.filter(
            created_at__lt=budgets.local_midnight(created_to + dt.timedelta(days=1))
        )
    if placed_by:
        queryset = queryset.filter(placed_by_id__in=placed_by)
    if po_number and po_number.strip():
        queryset = queryset.filter(po_number__icontains=po_number.strip())
    if search and search.strip():
        # The company's own links only, through their search text (order_links.py keeps
        # it current): never a scan of the shop's order lines (issue 16).
        term = search.strip()
        matches = Q(search_text__contains=term.lower())
        if term.lstrip("#").isdigit() and len(term.lstrip("#")) < 10:
            matches |= Q(order__number=int(term.lstrip("#")))
        queryset = queryset.filter(matches)
    fields = SORT_FIELDS.get(sort_by, SORT_FIELDS["CREATED_AT"])
    return queryset.order_by(*(f"-{f}" if descending else f for f in fields))


def status_choices() -> list[tuple[str, str]]:
    """Saleor's order statuses in the buyer's words (the orders filter)."""
    return [(code, formatting.order_status(code)) for code, _label in saleor.order_status_choices()]


def order_uuid(order_id: str) -> str:
    """The UUID of Saleor's Order from its global ID (base64 of ``Order:<uuid>``) or the
    UUID itself; "" for anything else (then the order is simply not found)."""
    if "-" in order_id:
        return order_id
    try:
        decoded = base64.b64decode(order_id, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""
    type_name, _, pk = decoded.partition(":")
    return pk if type_name == "Order" else ""


def _parse_order_id(order_id: Any, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(order_id))
    except (ValueError, TypeError, AttributeError):
        raise permissions.NotFound("order", field=field) from None


def company_order(
    company: Company | int, membership: Membership | None, order_id: Any, field: str = "id"
) -> CompanyOrder:
    """One order of the company; another company's order is NotFound like a missing one."""
    require_orders(membership)
    link = _base(company).filter(order_id=_parse_order_id(order_id, field)).first()
    if link is None:
        raise permissions.NotFound("order", field=field)
    return link


def order_for_user(
    user: Any, order_id: Any, field: str = "id"
) -> tuple[CompanyOrder, Membership | None]:
    """(order, the caller's membership) for any company the caller belongs to (or staff)."""
    permissions.require_user(user)
    link = (
        CompanyOrder.objects.filter(order_id=_parse_order_id(order_id, field))
        .only("company_id")
        .first()
    )
    if link is None:
        raise permissions.NotFound("order", field=field)
    if permissions.is_staff_with(user):
        membership = permissions.active_memberships(user).filter(company_id=link.company_id).first()
        if membership is None:
            return company_order(link.company_id, None, order_id, field), None
    else:
        membership = permissions.membership_for(user, link.company_id, field=field)
    return company_order(link.company_id, membership, order_id, field), membership


def cancel_company_order(
    user: Any, company_id: int, order_id: Any, *, company_field: str = "companyId"
) -> CompanyOrder:
    """Cancel an order of the company through Saleor's own action, when Saleor allows it.

    The order row is locked first (``locks.lock_order``) and its status read under the
    lock: of concurrent cancels of one order exactly one cancels it (one audit entry, one
    Saleor ``canceled`` event); the others wait, then answer that it is already cancelled.
    """
    membership = permissions.membership_for(user, company_id, field=company_field)
    require_orders(membership)
    link = company_order(company_id, membership, order_id, field="orderId")
    permissions.require_can_cancel_order(membership, link)
    with transaction.atomic():
        order = locks.lock_order(link.order_id)
        if order is None:
            raise permissions.NotFound("order", field="orderId")
        if saleor.order_is_cancelled(order):
            raise _cannot_cancel(ALREADY_CANCELLED_MESSAGE)
        if not order.can_cancel():
            raise _cannot_cancel(CANNOT_CANCEL_MESSAGE)
        link.order = order
        before = {"status": order.status}
        saleor.cancel_order(order, user)
        checkout_budget.release_order(order)  # post_save did it too; idempotent
        audit.record(
            membership.company,
            user,
            audit.Action.ORDER_CANCELLED,
            target=link,
            before=before,
            after={"status": order.status, "number": order.number},
        )
    return link


def _cannot_cancel(message: Any) -> ValidationError:
    return field_error("order_id", message, CustomerCenterErrorCode.CANNOT_CANCEL_ORDER.value)


# What a role sees of an order ---------------------------------------------------------------


@dataclass(frozen=True)
class OrderLineView:
    sku: str
    product_name: str
    variant_name: str
    quantity: int
    unit_price_net: Decimal | None
    unit_price_gross: Decimal | None
    total_price_net: Decimal | None
    total_price_gross: Decimal | None
    unit_discount: Decimal | None


@dataclass(frozen=True)
class OrderView:
    """An order as one caller may see it: money fields are None below L30."""

    link: CompanyOrder
    number: int
    status: str
    created_at: dt.datetime
    currency: str
    placed_by_email: str
    po_number: str
    quote_id: int | None
    shows_prices: bool
    total_net: Decimal | None
    total_gross: Decimal | None
    subtotal_net: Decimal | None
    subtotal_gross: Decimal | None
    shipping_gross: Decimal | None
    discount: Decimal | None
    lines: list[OrderLineView]


def order_view(link: CompanyOrder, membership: Membership | None) -> OrderView:
    order = link.order
    prices = shows_prices(membership)

    def m(value: Any) -> Decimal | None:
        return Decimal(value) if prices and value is not None else None

    discount = Decimal(order.undiscounted_total_gross_amount) - Decimal(order.total_gross_amount)
    return OrderView(
        link=link,
        number=order.number,
        status=order.status,
        created_at=order.created_at,
        currency=order.currency,
        placed_by_email=link.placed_by.email if link.placed_by else order.user_email,
        po_number=link.po_number,
        quote_id=link.quote_id,
        shows_prices=prices,
        total_net=m(order.total_net_amount),
        total_gross=m(order.total_gross_amount),
        subtotal_net=m(order.subtotal_net_amount),
        subtotal_gross=m(order.subtotal_gross_amount),
        shipping_gross=m(order.shipping_price_gross_amount),
        discount=m(max(discount, Decimal(0))),
        lines=[
            OrderLineView(
                sku=line.product_sku or "",
                product_name=line.product_name,
                variant_name=line.variant_name,
                quantity=line.quantity,
                unit_price_net=m(line.unit_price_net_amount),
                unit_price_gross=m(line.unit_price_gross_amount),
                total_price_net=m(line.total_price_net_amount),
                total_price_gross=m(line.total_price_gross_amount),
                unit_discount=m(line.unit_discount_amount),
            )
            for line in order.lines.all()
        ],
    )
