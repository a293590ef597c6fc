from __future__ import annotations

import graphene

from ....services import new_users
from ...core.mutations import BaseMutation
from ..types import CompanyMember, CompanyRequest
from .inputs import CompanyMemberInput, as_dict, company_pk


class CompanyMemberCreate(BaseMutation):
    """Request a new user (L80+): the account at once with a set-password email, or a
    request for the shop when the operator approves new users."""

    member = graphene.Field(CompanyMember)
    request = graphene.Field(CompanyRequest, description="Set when the shop must approve.")

    class Arguments:
        company_id = graphene.ID(required=True)
        input = CompanyMemberInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id, input):
        member, request = new_users.create_member(
            info.context.user,
            company_pk(company_id),
            as_dict(input),
            settings=info.context.settings,
            links=info.context.links,
        )
        return {"member": member, "request": request}
