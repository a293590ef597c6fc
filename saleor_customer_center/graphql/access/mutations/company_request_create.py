from __future__ import annotations

import graphene

from ....services import requests
from ...core.ids import decode_int_id
from ...core.mutations import BaseMutation
from ..types import CompanyRequest
from .inputs import CompanyRequestCreateInput, as_dict, company_pk


class CompanyRequestCreate(BaseMutation):
    """Any member files a request (a new user, an invoice dispute, a quote...)."""

    request = graphene.Field(CompanyRequest)

    class Arguments:
        company_id = graphene.ID(required=True)
        input = CompanyRequestCreateInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id, input):
        data = as_dict(input)
        if data.get("invoice_id"):
            data["invoice_id"] = decode_int_id(
                data["invoice_id"], "Invoice", "invoiceId", "invoice"
            )
        else:
            data.pop("invoice_id", None)
        request = requests.create_request(
            info.context.user,
            company_pk(company_id),
            data.pop("kind"),
            data,
            settings=info.context.settings,
        )
        return {"request": request}
