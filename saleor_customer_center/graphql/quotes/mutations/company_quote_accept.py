from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from ....services import quotes
from ...core.mutations import BaseMutation
from ...orders.types import CheckoutCreated
from ..inputs import quote_pk
from ..types import CompanyQuote


class CompanyQuoteAccept(BaseMutation):
    """Accept the current quotation (an approver: L80+, or a member given "may approve
    quotations"), before its validity date: a Saleor checkout at the quoted prices, for
    Saleor's ``checkoutComplete`` (budget and PO rule apply). Accepting again answers the
    same checkout."""

    quote = graphene.Field(CompanyQuote)
    checkout = graphene.Field(CheckoutCreated)

    class Arguments:
        id = graphene.ID(required=True)
        po_number = graphene.String(description="The PO number; empty: the request's.")

    @classmethod
    def perform_mutation(cls, root, info, id, po_number=None):
        user = info.context.user
        quote, checkout = quotes.accept_quote(
            user, quote_pk(id), po_number=po_number, links=info.context.links
        )
        found, membership = quotes.quote_for(user, quote.pk)
        return {
            "quote": quotes.quote_view(found, membership),
            "checkout": CheckoutCreated(
                id=to_global_id("Checkout", str(checkout.token)), token=checkout.token
            ),
        }
