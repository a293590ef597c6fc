from __future__ import annotations

import graphene

from ....services import quotes
from ...core.mutations import BaseMutation
from ..inputs import quote_pk
from ..types import CompanyQuote


class CompanyQuoteDecline(BaseMutation):
    """Decline the quotation (an approver of the company); final."""

    quote = graphene.Field(CompanyQuote)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, id, reason=None):
        user = info.context.user
        quote = quotes.decline_quote(user, quote_pk(id), reason or "", links=info.context.links)
        found, membership = quotes.quote_for(user, quote.pk)
        return {"quote": quotes.quote_view(found, membership)}
