from __future__ import annotations

import graphene

from ....services import quotes
from ...access.mutations.inputs import company_pk
from ...core.ids import decode_uuid_id
from ...core.mutations import BaseMutation
from ..inputs import CompanyQuoteRequestCreateInput
from ..types import CompanyQuote


class CompanyQuoteRequestCreate(BaseMutation):
    """Ask the shop for a quote (L30+, or a member given "may raise requests"): lines or a
    past order's, a note, a wanted-by date, a PO number. Lands in the shop's queue."""

    quote = graphene.Field(CompanyQuote)

    class Arguments:
        company_id = graphene.ID(required=True)
        input = CompanyQuoteRequestCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id, input):
        user = info.context.user
        from_order = input.get("from_order")
        quote = quotes.request_quote(
            user,
            company_pk(company_id),
            {
                "channel": input["channel"],
                "lines": [(line["sku"], line["quantity"]) for line in input.get("lines") or []],
                "from_order": (
                    decode_uuid_id(from_order, "Order", "fromOrder", "order")
                    if from_order
                    else None
                ),
                "note": input.get("note"),
                "wanted_by": input.get("wanted_by"),
                "po_number": input.get("po_number"),
            },
        )
        found, membership = quotes.quote_for(user, quote.pk)
        return {"quote": quotes.quote_view(found, membership)}
