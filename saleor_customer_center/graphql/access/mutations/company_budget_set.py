from __future__ import annotations

import graphene

from ....services import members
from ...core.mutations import BaseMutation
from ..types import CompanyMember
from .inputs import CompanyBudgetInput, as_dict, member_pk


class CompanyBudgetSet(BaseMutation):
    """Set a member's budget, or clear it with ``amount: null`` (L80+)."""

    member = graphene.Field(CompanyMember)

    class Arguments:
        member_id = graphene.ID(required=True)
        input = CompanyBudgetInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, member_id, input):
        member = members.set_member_budget(
            info.context.user, member_pk(member_id, "memberId"), as_dict(input)
        )
        return {"member": member}
