from __future__ import annotations

import graphene

from ....services import requests
from ...core.mutations import BaseMutation
from ..types import CompanyRequest
from .inputs import request_pk


class CompanyRequestApprove(BaseMutation):
    """Approve a pending request (company admins; staff for what the shop decides)."""

    request = graphene.Field(CompanyRequest)

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        request = requests.approve_request(
            info.context.user,
            request_pk(id),
            settings=info.context.settings,
            links=info.context.links,
        )
        return {"request": request}
