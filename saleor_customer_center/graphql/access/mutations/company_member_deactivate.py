from __future__ import annotations

import graphene

from ....services import members
from ...core.mutations import BaseMutation
from ..types import CompanyMember
from .inputs import member_pk


class CompanyMemberDeactivate(BaseMutation):
    """Switch a member off for this company at once (L80+; never the Owner)."""

    member = graphene.Field(CompanyMember)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        return {"member": members.deactivate_member(info.context.user, member_pk(id))}
