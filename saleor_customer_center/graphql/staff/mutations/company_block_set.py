from __future__ import annotations

import graphene

from ....services import staff as staff_service
from ...core.ids import decode_int_id
from ...core.mutations import BaseMutation
from ..types import StaffCompany


class CompanyBlockSet(BaseMutation):
    """Block or unblock a company (staff with MANAGE_USERS)."""

    company = graphene.Field(StaffCompany)

    class Arguments:
        id = graphene.ID(required=True)
        blocked = graphene.Boolean(required=True)
        reason = graphene.String()

    class Meta:
        description = "Block or unblock a company: its members can neither order nor activate."

    @classmethod
    def perform_mutation(cls, root, info, id, blocked, reason=""):
        company_id = decode_int_id(id, "Company", "id", "company")
        company = staff_service.set_blocked(info.context.user, company_id, blocked, reason or "")
        return {"company": company}
