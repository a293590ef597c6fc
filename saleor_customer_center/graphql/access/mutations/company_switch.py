from __future__ import annotations

import graphene

from ....services import companies
from ...companies.types import Company
from ...core.mutations import BaseMutation
from .inputs import company_pk


class CompanySwitch(BaseMutation):
    """Make one of the caller's companies the current one (remembered for the user)."""

    company = graphene.Field(Company)

    class Arguments:
        company_id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, company_id):
        membership = companies.switch_company(info.context.user, company_pk(company_id))
        info.context.remember(membership)
        return {"company": membership.company}
