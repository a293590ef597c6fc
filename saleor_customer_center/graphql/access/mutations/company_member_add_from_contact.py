from __future__ import annotations

import graphene

from ....services import members
from ...core.ids import decode_int_id
from ...core.mutations import BaseMutation
from ..types import CompanyMember
from .inputs import CompanyMemberAddFromContactInput, as_dict, company_pk


class CompanyMemberAddFromContact(BaseMutation):
    """Make an ERP contact of the company a shop user (L80+)."""

    member = graphene.Field(CompanyMember)

    class Arguments:
        company_id = graphene.ID(required=True)
        contact_id = graphene.ID(required=True)
        input = CompanyMemberAddFromContactInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id, contact_id, input):
        company = company_pk(company_id)
        contact = decode_int_id(contact_id, "ErpContact", "contactId", "contact")
        member = members.add_from_contact(
            info.context.user,
            company,
            contact,
            as_dict(input),
            settings=info.context.settings,
            links=info.context.links,
        )
        return {"member": member}
