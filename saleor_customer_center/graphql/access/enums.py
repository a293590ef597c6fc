"""Enums of the access area: names as the API section of the README lists them."""

from __future__ import annotations

import graphene

from ...models.budget import BudgetPeriod
from ...models.request import RequestKind, RequestStatus
from ...roles import Role

CompanyRoleEnum = graphene.Enum(
    "CompanyRoleEnum",
    [(role.name, role.value) for role in Role],
    description="The role ladder: each role includes the rights of the one before it.",
)

BudgetPeriodEnum = graphene.Enum(
    "BudgetPeriodEnum",
    [(value.upper(), value) for value in BudgetPeriod.values],
    description="How often a budget starts over.",
)

CompanyRequestKindEnum = graphene.Enum(
    "CompanyRequestKindEnum", [(value.upper(), value) for value in RequestKind.values]
)

CompanyRequestStatusEnum = graphene.Enum(
    "CompanyRequestStatusEnum", [(value.upper(), value) for value in RequestStatus.values]
)
