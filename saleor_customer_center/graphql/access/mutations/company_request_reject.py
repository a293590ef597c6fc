from __future__ import annotations

import graphene

from ....services import requests
from ...core.mutations import BaseMutation
from ..types import CompanyRequest
from .inputs import request_pk


class CompanyRequestReject(BaseMutation):
    """Reject a pending request with a reason the requester reads."""

    request = graphene.Field(CompanyRequest)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, reason):
        return {"request": requests.reject_request(info.context.user, request_pk(id), reason)}
