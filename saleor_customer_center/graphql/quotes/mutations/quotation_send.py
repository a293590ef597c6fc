from __future__ import annotations

import graphene

from ....services import quotes
from ...core.mutations import BaseMutation
from ..inputs import QuotationInput, quotation_data, quote_pk
from ..types import CompanyQuote


class QuotationSend(BaseMutation):
    """Staff (MANAGE_USERS): answer a quote request with a quotation; sent again, a new
    version (earlier ones kept) until the company decides. The approvers are emailed."""

    quote = graphene.Field(CompanyQuote)

    class Arguments:
        quote_id = graphene.ID(required=True)
        input = QuotationInput(required=True)

    revision: bool = False

    @classmethod
    def perform_mutation(cls, root, info, quote_id, input):
        user = info.context.user
        quotes.send_quotation(
            user,
            quote_pk(quote_id, "quoteId"),
            quotation_data(input),
            links=info.context.links,
            revision=cls.revision,
        )
        found, _membership = quotes.quote_for(user, quote_pk(quote_id, "quoteId"))
        return {"quote": quotes.quote_view(found, None)}
