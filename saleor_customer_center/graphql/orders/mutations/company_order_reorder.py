from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from ....services import reorder
from ...access.mutations.inputs import company_pk
from ...core.mutations import BaseMutation
from ..fields import order_pk
from ..types import CheckoutCreated

ReorderDropReasonEnum = graphene.Enum.from_enum(
    reorder.DropReason, description="Why a line of the past order was left out."
)


class ReorderDroppedLine(graphene.ObjectType):
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    reason = ReorderDropReasonEnum(required=True)
    message = graphene.String(required=True)


class CompanyOrderReorder(BaseMutation):
    """Order again (L20+, when the operator enabled new orders): the order's lines that can
    still be ordered become a new quick-order checkout; ``droppedLines`` says which were
    left out and why. Nothing is created when no line is left."""

    checkout = graphene.Field(CheckoutCreated)
    dropped_lines = graphene.List(graphene.NonNull(ReorderDroppedLine), required=True)

    lists = ("dropped_lines",)

    class Arguments:
        company_id = graphene.ID(required=True)
        order_id = graphene.ID(required=True, description="Saleor's Order global ID.")

    @classmethod
    def perform_mutation(cls, root, info, company_id, order_id):
        checkout, plan = reorder.reorder(
            info.context.user,
            company_pk(company_id),
            order_pk(order_id, "orderId"),
            plugin_settings=info.context.settings,
        )
        return {
            "checkout": CheckoutCreated(
                id=to_global_id("Checkout", str(checkout.token)), token=checkout.token
            ),
            "dropped_lines": [
                ReorderDroppedLine(
                    sku=line.sku,
                    product_name=line.product_name,
                    quantity=line.quantity,
                    reason=line.reason.value,
                    message=line.message,
                )
                for line in plan.dropped
            ],
        }
