"""Quotes area: ``companyQuotes``, ``companyQuote``, the company's request, accept and
decline, and the staff's quotation (send and revise)."""

from __future__ import annotations

import graphene

from ... import permissions
from ...services import quotes
from ..access.mutations.inputs import company_pk
from ..core.errors import report_refusal
from ..core.pagination import paginate
from .inputs import quote_pk
from .mutations.company_quote_accept import CompanyQuoteAccept
from .mutations.company_quote_decline import CompanyQuoteDecline
from .mutations.company_quote_request_create import CompanyQuoteRequestCreate
from .mutations.quotation_revise import QuotationRevise
from .mutations.quotation_send import QuotationSend
from .types import COMPANY_QUOTES, CompanyQuote


class QuoteQueries:
    company_quotes = COMPANY_QUOTES
    company_quote = graphene.Field(
        CompanyQuote,
        id=graphene.ID(required=True),
        description="A quote of one of the caller's companies; null when missing or not theirs.",
    )

    @staticmethod
    def resolve_company_quotes(root, info, company_id, **page):
        queryset, membership = quotes.company_quotes(info.context.user, company_pk(company_id))
        connection = paginate(queryset, info, **page)
        for edge in connection.edges:
            edge.node = quotes.quote_view(edge.node, membership)
        return connection

    @staticmethod
    def resolve_company_quote(root, info, id: str):
        permissions.require_user(info.context.user)
        try:
            quote, membership = quotes.quote_for(info.context.user, quote_pk(id))
        except permissions.NotFound as exc:
            report_refusal(info, exc)
            return None  # another company's quote answers exactly like a missing one
        return quotes.quote_view(quote, membership)


class QuoteMutations:
    company_quote_request_create = CompanyQuoteRequestCreate.Field()
    company_quote_accept = CompanyQuoteAccept.Field()
    company_quote_decline = CompanyQuoteDecline.Field()
    quotation_send = QuotationSend.Field()
    quotation_revise = QuotationRevise.Field()
