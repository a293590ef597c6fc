from __future__ import annotations

import graphene

from ....services import tokens
from ...core.mutations import BaseMutation


class SetPasswordWithToken(BaseMutation):
    """Anyone with the emailed link: set your own password (single use, expiring)."""

    ok = graphene.Boolean()

    class Arguments:
        token = graphene.String(required=True)
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, token, email, password):
        tokens.set_password_with_token(token, email, password)
        return {"ok": True}
