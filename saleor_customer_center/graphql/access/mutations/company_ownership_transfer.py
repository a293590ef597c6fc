from __future__ import annotations

import graphene

from ....services import members
from ...core.mutations import BaseMutation
from ..types import CompanyMember
from .inputs import company_pk, member_pk


class CompanyOwnershipTransfer(BaseMutation):
    """The Owner (or staff with MANAGE_USERS) hands ownership to another active member;
    the previous Owner becomes Admin."""

    member = graphene.Field(CompanyMember, description="The new Owner.")

    class Arguments:
        company_id = graphene.ID(required=True)
        member_id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id, member_id):
        member = members.transfer_ownership(
            info.context.user, company_pk(company_id), member_pk(member_id, "memberId")
        )
        return {"member": member}
