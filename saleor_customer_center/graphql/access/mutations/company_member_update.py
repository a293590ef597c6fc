from __future__ import annotations

import graphene

from ....services import members
from ...core.mutations import BaseMutation
from ..types import CompanyMember
from .inputs import CompanyMemberInput, as_dict, member_pk


class CompanyMemberUpdate(BaseMutation):
    """Edit a member (L80+): salutation, names, email and role required; budget optional."""

    member = graphene.Field(CompanyMember)

    class Arguments:
        id = graphene.ID(required=True)
        input = CompanyMemberInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        return {"member": members.update_member(info.context.user, member_pk(id), as_dict(input))}
