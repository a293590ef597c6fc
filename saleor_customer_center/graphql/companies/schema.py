from __future__ import annotations

import graphene

from ... import permissions
from ..core.errors import report_refusal
from ..core.ids import decode_int_id
from .types import Company


class CompanyQueries:
    company = graphene.Field(
        Company,
        id=graphene.ID(required=True),
        description="A company the caller is an active member of (staff: any company).",
    )

    @staticmethod
    def resolve_company(root, info, id: str):
        user = permissions.require_user(info.context.user)
        try:
            company, membership = permissions.company_for_staff_or_member(
                user, decode_int_id(id, "Company", "id", "company")
            )
        except permissions.NotFound as exc:
            report_refusal(info, exc)  # logged for the operator; the caller sees a null
            return None  # another company's id answers exactly like a missing one
        if membership is not None:
            info.context.remember(membership)
        return company
