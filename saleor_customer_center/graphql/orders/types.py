"""CompanyOrder: a Saleor order as one company member may see it (money null below L30).

Its ``id`` is Saleor's own ``Order`` global ID, so ids move freely between Saleor's API
and the plugin's. Resolvers read an ``orders.OrderView``, built by the service for the
caller's role: no resolver decides visibility itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphene
from graphql_relay import to_global_id

from ...services import orders
from ...services.orders import OrderLineView, OrderView
from ..core.money import Money, TaxedMoney, money, taxed_money
from ..core.pagination import connection_field
from ..core.sorting import OrderDirection

CompanyOrderStatusEnum = graphene.Enum(
    "CompanyOrderStatusEnum",
    [(value.upper().replace(" ", "_"), value) for value, _ in orders.status_choices()],
    description="Saleor's order statuses (OrderStatus).",
)


@dataclass(frozen=True)
class LineOfOrder:
    """A line view with its order's currency, for the money resolvers."""

    line: OrderLineView
    currency: str


class OrderPlacedBy(graphene.ObjectType):
    id = graphene.ID(required=True, description="Saleor's User global ID.")
    email = graphene.String(required=True)


class CompanyOrderLine(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, description="Null for roles that do not see prices.")
    total_price = graphene.Field(TaxedMoney, description="Null for roles that do not see prices.")

    @staticmethod
    def resolve_unit_price(root: LineOfOrder, info):
        line = root.line
        return taxed_money(line.unit_price_net, line.unit_price_gross, root.currency)

    @staticmethod
    def resolve_total_price(root: LineOfOrder, info):
        line = root.line
        return taxed_money(line.total_price_net, line.total_price_gross, root.currency)

    @staticmethod
    def resolve_sku(root: LineOfOrder, info):
        return root.line.sku

    @staticmethod
    def resolve_product_name(root: LineOfOrder, info):
        return root.line.product_name

    @staticmethod
    def resolve_variant_name(root: LineOfOrder, info):
        return root.line.variant_name

    @staticmethod
    def resolve_quantity(root: LineOfOrder, info):
        return root.line.quantity


class CompanyOrder(graphene.ObjectType):
    id = graphene.ID(required=True, description="Saleor's Order global ID.")
    number = graphene.String(required=True)
    status = CompanyOrderStatusEnum(required=True)
    created_at = graphene.DateTime(required=True)
    placed_by = graphene.Field(OrderPlacedBy)
    total = graphene.Field(TaxedMoney, description="Null for roles that do not see prices.")
    subtotal = graphene.Field(TaxedMoney, description="Null for roles that do not see prices.")
    discount = graphene.Field(Money, description="Null for roles that do not see prices.")
    lines = graphene.List(graphene.NonNull(CompanyOrderLine), required=True)
    pdf_url = graphene.String(required=True, description="Download URL of the PDF (absolute).")
    po_number = graphene.String(required=True, description="The buyer's purchase-order number.")
    quote_id = graphene.ID(description="The CompanyQuote this order was placed from.")

    class Meta:
        description = "A Saleor order of the company, as the caller's role may see it."

    @staticmethod
    def resolve_id(root: OrderView, info):
        return to_global_id("Order", str(root.link.order_id))

    @staticmethod
    def resolve_number(root: OrderView, info):
        return str(root.number)

    @staticmethod
    def resolve_status(root: OrderView, info):
        return root.status

    @staticmethod
    def resolve_placed_by(root: OrderView, info):
        user = root.link.placed_by
        if user is None:
            return None
        return OrderPlacedBy(id=to_global_id("User", str(user.pk)), email=user.email)

    @staticmethod
    def resolve_total(root: OrderView, info):
        return taxed_money(root.total_net, root.total_gross, root.currency)

    @staticmethod
    def resolve_subtotal(root: OrderView, info):
        return taxed_money(root.subtotal_net, root.subtotal_gross, root.currency)

    @staticmethod
    def resolve_discount(root: OrderView, info):
        return money(root.discount, root.currency)

    @staticmethod
    def resolve_lines(root: OrderView, info):
        return [LineOfOrder(line, root.currency) for line in root.lines]

    @staticmethod
    def resolve_po_number(root: OrderView, info):
        return root.po_number

    @staticmethod
    def resolve_quote_id(root: OrderView, info):
        return to_global_id("CompanyQuote", root.quote_id) if root.quote_id else None

    @staticmethod
    def resolve_pdf_url(root: OrderView, info):
        return info.context.links.order_pdf(root.link.order_id)


class CompanyOrderSortField(graphene.Enum):
    NUMBER = "NUMBER"
    CREATED_AT = "CREATED_AT"
    TOTAL = "TOTAL"
    STATUS = "STATUS"


class CompanyOrderSortingInput(graphene.InputObjectType):
    field = CompanyOrderSortField(required=True)
    direction = OrderDirection(required=True)


class CompanyOrderFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(CompanyOrderStatusEnum))
    created_from = graphene.Date(description="First day, in the shop's time zone.")
    created_to = graphene.Date(description="Last day (included), in the shop's time zone.")
    placed_by = graphene.List(graphene.NonNull(graphene.ID), description="Saleor User IDs.")
    search = graphene.String(description="Order number, or a line's SKU or product name.")
    po_number = graphene.String(description="A part of the purchase-order number.")


COMPANY_ORDERS = connection_field(
    CompanyOrder, filter=CompanyOrderFilterInput(), sort_by=CompanyOrderSortingInput()
)


class CheckoutCreated(graphene.ObjectType):
    id = graphene.ID(required=True, description="Saleor's Checkout global ID.")
    token = graphene.UUID(required=True, description="For Saleor's checkoutComplete.")
