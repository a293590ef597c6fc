from __future__ import annotations

import graphene

from ....services import purchase_orders
from ...core.mutations import BaseMutation
from .inputs import company_pk


class CompanySettingsInput(graphene.InputObjectType):
    po_number_required = graphene.Boolean(
        required=True, description="Every order needs a purchase-order number."
    )


class CompanySettingsUpdate(BaseMutation):
    """The company's own rules (L80+): whether every order needs a PO number, enforced at
    Saleor's ``checkoutComplete``."""

    company = graphene.Field("saleor_customer_center.graphql.companies.types.Company")

    class Arguments:
        company_id = graphene.ID(required=True)
        input = CompanySettingsInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id, input):
        company = purchase_orders.set_required(
            info.context.user, company_pk(company_id), input["po_number_required"]
        )
        return {"company": company}
