"""Types of the access area: members, ERP contacts, requests, audit entries, myCompanies."""

from __future__ import annotations

import graphene
from graphene_django import DjangoObjectType

from ... import models
from ...roles import Role
from ...services import audit_sentences, budgets
from ..core.pagination import connection_field
from .enums import (
    BudgetPeriodEnum,
    CompanyRequestKindEnum,
    CompanyRequestStatusEnum,
    CompanyRoleEnum,
)

BUDGET_STATUS_ATTR = "_customer_center_budget_status"


class CompanyMemberBudget(graphene.ObjectType):
    """Amounts as Saleor's ``Money.amount`` (a float), in ``currency``."""

    amount = graphene.Float(required=True)
    currency = graphene.String(required=True)
    period = BudgetPeriodEnum(required=True)
    spent = graphene.Float(required=True, description="Spent in the current period.")
    remaining = graphene.Float(required=True, description="Left in the current period.")
    resets_at = graphene.DateTime(
        description="When the next period starts (shop's time zone); null for TOTAL budgets."
    )


class CompanyMember(DjangoObjectType):
    """A shop user's membership of one company."""

    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    salutation = graphene.String(required=True)
    role = CompanyRoleEnum(required=True)
    is_active = graphene.Boolean(required=True)
    budget = graphene.Field(CompanyMemberBudget)
    may_approve_quotations = graphene.Boolean(
        required=True, description="Given beside the role: accepts or declines quotations."
    )
    may_raise_requests = graphene.Boolean(
        required=True, description="Given beside the role: asks for quotes below L30."
    )

    class Meta:
        model = models.Membership
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_email(root: models.Membership, info):
        return root.user.email

    @staticmethod
    def resolve_first_name(root: models.Membership, info):
        return root.user.first_name

    @staticmethod
    def resolve_last_name(root: models.Membership, info):
        return root.user.last_name

    @staticmethod
    def resolve_role(root: models.Membership, info):
        return Role(root.role).value

    @staticmethod
    def resolve_budget(root: models.Membership, info):
        if hasattr(root, BUDGET_STATUS_ATTR):
            return getattr(root, BUDGET_STATUS_ATTR)
        return budgets.status_for_membership(root)


def attach_budget_statuses(memberships: list[models.Membership]) -> None:
    """Budget status for a page of members in a constant number of queries."""
    statuses = budgets.statuses_for_memberships(memberships) if memberships else {}
    for membership in memberships:
        setattr(membership, BUDGET_STATUS_ATTR, statuses.get(membership.pk))


class ErpContact(DjangoObjectType):
    """A person the ERP lists for the company; ``member`` when already a shop user."""

    contact_number = graphene.String(required=True)
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    salutation = graphene.String(required=True)
    is_main_contact = graphene.Boolean(required=True)
    member = graphene.Field(CompanyMember)

    class Meta:
        model = models.ErpContact
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_member(root: models.ErpContact, info):
        return getattr(root, "member", None)


class CompanyRequest(DjangoObjectType):
    kind = CompanyRequestKindEnum(required=True)
    status = CompanyRequestStatusEnum(required=True)
    created_at = graphene.DateTime(required=True)
    decided_at = graphene.DateTime()
    reason = graphene.String(required=True)
    payload = graphene.JSONString(required=True, description="What was asked for.")

    class Meta:
        model = models.CompanyRequest
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_kind(root: models.CompanyRequest, info):
        return root.kind

    @staticmethod
    def resolve_status(root: models.CompanyRequest, info):
        return root.status


class AuditEntry(DjangoObjectType):
    action = graphene.String(required=True)
    actor_email = graphene.String(required=True)
    actor_is_staff = graphene.Boolean(required=True)
    target_type = graphene.String(required=True)
    target_id = graphene.String(required=True)
    before = graphene.JSONString()
    after = graphene.JSONString()
    summary = graphene.String(
        required=True,
        description="The change in words, with names and values, in the active language.",
    )
    created_at = graphene.DateTime(required=True)

    class Meta:
        model = models.AuditEntry
        interfaces = (graphene.relay.Node,)
        fields = ("id",)

    @staticmethod
    def resolve_summary(root: models.AuditEntry, info):
        # The list resolver shared its page (access/fields.py): its names are read once.
        if not hasattr(root, "summary"):
            audit_sentences.describe(audit_sentences.page_of(root))
        return root.summary


class MyCompany(graphene.ObjectType):
    company = graphene.Field(
        "saleor_customer_center.graphql.companies.types.Company", required=True
    )
    role = CompanyRoleEnum(required=True)
    is_current = graphene.Boolean(required=True)


MEMBERS = connection_field(
    CompanyMember, search=graphene.String(description="Name or email contains (any case).")
)
ERP_CONTACTS = connection_field(
    ErpContact,
    unlinked_only=graphene.Boolean(default_value=False),
    search=graphene.String(description="Name, email or contact number contains (any case)."),
)
REQUESTS = connection_field(CompanyRequest)
AUDIT_LOG = connection_field(AuditEntry)
