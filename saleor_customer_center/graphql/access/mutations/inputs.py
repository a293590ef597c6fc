"""Inputs shared by the access mutations, and small translation helpers."""

from __future__ import annotations

from typing import Any

import graphene

from ...core.ids import decode_int_id
from ..enums import BudgetPeriodEnum, CompanyRequestKindEnum, CompanyRoleEnum


class CompanyBudgetInput(graphene.InputObjectType):
    amount = graphene.Decimal(description="The limit; null clears the budget.")
    currency = graphene.String(description="Currency code; the company's currency if empty.")
    period = BudgetPeriodEnum()


class CompanyMemberInput(graphene.InputObjectType):
    salutation = graphene.String()
    first_name = graphene.String()
    last_name = graphene.String()
    email = graphene.String()
    role = CompanyRoleEnum()
    budget = graphene.Field(CompanyBudgetInput, description="Optional budget of the member.")
    may_approve_quotations = graphene.Boolean(
        description="A right beside the role (companyMemberUpdate; L30 and up)."
    )
    may_raise_requests = graphene.Boolean(
        description="A right beside the role (companyMemberUpdate)."
    )


class CompanyMemberAddFromContactInput(graphene.InputObjectType):
    customer_number = graphene.String(description="Must be the company's own.")
    contact_number = graphene.String(description="A corrected contact number, if any.")
    role = CompanyRoleEnum()
    budget = graphene.Field(CompanyBudgetInput)


class CompanyRequestCreateInput(graphene.InputObjectType):
    kind = CompanyRequestKindEnum(required=True)
    new_user = graphene.Field(CompanyMemberInput, description="For kind NEW_USER.")
    message = graphene.String(description="For the other kinds.")
    invoice_id = graphene.ID(
        description="For kind INVOICE_DISPUTE: the disputed invoice (L40 and up)."
    )


def as_dict(value: Any) -> dict[str, Any]:
    """A graphene input as a plain dict of the keys the caller gave (nested too)."""
    if value is None:
        return {}
    return {key: (as_dict(item) if isinstance(item, dict) else item) for key, item in value.items()}


def company_pk(global_id: str, field: str = "companyId") -> int:
    return decode_int_id(global_id, "Company", field, "company")


def member_pk(global_id: str, field: str = "id") -> int:
    return decode_int_id(global_id, "CompanyMember", field, "member")


def request_pk(global_id: str) -> int:
    return decode_int_id(global_id, "CompanyRequest", "id", "request")
