from __future__ import annotations

import graphene

from ....services import members
from ...core.mutations import BaseMutation
from ..types import CompanyMember
from .inputs import member_pk


class CompanyMemberActivate(BaseMutation):
    """Switch a member on again (L80+)."""

    member = graphene.Field(CompanyMember)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        return {
            "member": members.activate_member(
                info.context.user, member_pk(id), links=info.context.links
            )
        }
