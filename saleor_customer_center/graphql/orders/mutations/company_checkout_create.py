from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from .... import permissions
from ....services import quick_order
from ...access.mutations.inputs import company_pk
from ...core.mutations import BaseMutation
from ..types import CheckoutCreated


class CompanyCheckoutLineInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)


class CompanyCheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(required=True, description="Slug of the Saleor channel.")
    lines = graphene.List(graphene.NonNull(CompanyCheckoutLineInput), required=True)
    po_number = graphene.String(description="The buyer's purchase-order number.")


class CompanyCheckoutCreate(BaseMutation):
    """Quick order (L20+, when the operator enabled new orders): a Saleor checkout for the
    caller and the company, to complete with Saleor's ``checkoutComplete`` (budget applies)."""

    checkout = graphene.Field(CheckoutCreated)

    class Arguments:
        company_id = graphene.ID(required=True)
        input = CompanyCheckoutCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id, input):
        membership = permissions.membership_for(info.context.user, company_pk(company_id))
        checkout = quick_order.create_company_checkout(
            membership,
            input["channel"],
            [(line["sku"], line["quantity"]) for line in input["lines"]],
            plugin_settings=info.context.settings,
            po_number=input.get("po_number") or "",
        )
        return {
            "checkout": CheckoutCreated(
                id=to_global_id("Checkout", str(checkout.token)), token=checkout.token
            )
        }
