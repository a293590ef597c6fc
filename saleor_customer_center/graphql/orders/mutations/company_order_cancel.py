from __future__ import annotations

import graphene

from ....services import orders
from ...access.mutations.inputs import company_pk
from ...core.mutations import BaseMutation
from ..fields import order_pk
from ..types import CompanyOrder


class CompanyOrderCancel(BaseMutation):
    """Cancel an order of the company while Saleor allows it (L20+), with Saleor's own
    cancel action; "This order can't be canceled." otherwise."""

    order = graphene.Field(CompanyOrder)

    class Arguments:
        company_id = graphene.ID(required=True)
        order_id = graphene.ID(required=True, description="Saleor's Order global ID.")

    @classmethod
    def perform_mutation(cls, root, info, company_id, order_id):
        company = company_pk(company_id)
        order = order_pk(order_id, "orderId")
        link = orders.cancel_company_order(info.context.user, company, order)
        membership = info.context.membership(company)
        link.order.refresh_from_db()
        return {"order": orders.order_view(link, membership)}
