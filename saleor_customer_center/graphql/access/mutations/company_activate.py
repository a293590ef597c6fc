from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError

from ....services import activation
from ...companies.types import Company
from ...core.errors import errors_from_exception
from ...core.mutations import BaseMutation


class CompanyActivateInput(graphene.InputObjectType):
    customer_number = graphene.String(required=True)
    invoice_number = graphene.String(required=True)
    email = graphene.String(required=True)
    password = graphene.String(required=True)


class CompanyActivate(BaseMutation):
    """Flow 1, for anyone: activate the company's account and sign in (Saleor's tokens)."""

    user = graphene.Field(
        "saleor_customer_center.graphql.access.mutations.company_activate.ActivatedUser"
    )
    company = graphene.Field(Company, description="Null for a business user.")
    token = graphene.String(description="Saleor access token, as tokenCreate returns it.")
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    business_user = graphene.Boolean(
        description="True when the company has no customer center: a standard business user."
    )

    class Arguments:
        input = CompanyActivateInput(required=True)

    @classmethod
    def mutate(cls, root, info, input):
        # No surrounding transaction: the service commits the attempt row even when the
        # activation is refused, so that the rate limit counts it.
        try:
            result = activation.activate(
                customer_number=input["customer_number"],
                invoice_number=input["invoice_number"],
                email=input["email"],
                password=input["password"],
                client_address=info.context.client_address,
            )
        except ValidationError as exc:
            return cls(errors=errors_from_exception(exc))
        if result.company is not None:
            info.context._memberships.pop(result.company.pk, None)
        info.context.user = result.user
        return cls(
            errors=[],
            user=result.user,
            company=result.company,
            token=result.tokens["token"],
            refresh_token=result.tokens["refresh_token"],
            csrf_token=result.tokens["csrf_token"],
            business_user=result.business_user,
        )


class ActivatedUser(graphene.ObjectType):
    """The Saleor user signed in by the activation."""

    id = graphene.ID(required=True, description="Saleor's User global id.")
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("User", root.pk)
