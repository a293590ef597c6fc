"""Orders area: ``order(id)``, companyOrderCancel, companyCheckoutCreate, companyOrderReorder."""

from __future__ import annotations

import graphene

from ... import permissions
from ...services import orders
from .fields import order_pk
from .mutations.company_checkout_create import CompanyCheckoutCreate
from .mutations.company_order_cancel import CompanyOrderCancel
from .mutations.company_order_reorder import CompanyOrderReorder
from .types import CompanyOrder


class OrderQueries:
    order = graphene.Field(
        CompanyOrder,
        id=graphene.ID(required=True, description="Saleor's Order global ID."),
        description="An order of one of the caller's companies; null when missing or not theirs.",
    )

    @staticmethod
    def resolve_order(root, info, id: str):
        user = permissions.require_user(info.context.user)
        try:
            link, membership = orders.order_for_user(user, order_pk(id))
        except permissions.NotFound:
            return None  # another company's order answers exactly like a missing one
        return orders.order_view(link, membership)


class OrderMutations:
    company_order_cancel = CompanyOrderCancel.Field()
    company_checkout_create = CompanyCheckoutCreate.Field()
    company_order_reorder = CompanyOrderReorder.Field()
