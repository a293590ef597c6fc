from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from ....services import member_import
from ...core.errors import CustomerCenterError
from ...core.mutations import BaseMutation
from ..enums import CompanyRoleEnum
from .inputs import company_pk


class CompanyMemberImportRow(graphene.ObjectType):
    line = graphene.Int(required=True, description="Line of the file.")
    salutation = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    email = graphene.String(required=True)
    role = CompanyRoleEnum(description="Null when the file's value is not a role.")
    budget_amount = graphene.Decimal()
    budget_period = graphene.String()
    accepted = graphene.Boolean(required=True, description="Confirming creates this user.")
    errors = graphene.List(
        graphene.NonNull(CustomerCenterError),
        required=True,
        description="Why the row is refused; empty when it is accepted.",
    )


class CompanyMemberImportJob(graphene.ObjectType):
    id = graphene.ID(required=True)
    status = graphene.String(required=True, description="sending, then done.")
    total = graphene.Int(required=True)
    invited = graphene.Int(required=True, description="Invitations sent so far.")


class CompanyMemberImport(BaseMutation):
    """Import users from CSV (L80+): without ``confirm`` a preview of every row (what would
    happen, why a row is refused); with ``confirm: true`` the accepted rows' users are
    created in one transaction and their invitations sent by a background task. A file
    refused as a whole (too large, not UTF-8, wrong columns) changes nothing."""

    rows = graphene.List(graphene.NonNull(CompanyMemberImportRow), required=True)
    member_import = graphene.Field(CompanyMemberImportJob, description="Set once confirmed.")

    lists = ("rows",)

    class Arguments:
        company_id = graphene.ID(required=True)
        csv = graphene.String(
            required=True,
            description="The file's text: salutation, first name, last name, email, role and, "
            "optionally, budget, budget period, budget currency.",
        )
        confirm = graphene.Boolean(default_value=False)

    @classmethod
    def perform_mutation(cls, root, info, company_id, csv, confirm=False):
        company = company_pk(company_id)
        data = csv.encode("utf-8")
        job = None
        if confirm:
            job, result = member_import.confirm(
                info.context.user,
                company,
                data,
                settings=info.context.settings,
                links=info.context.links,
            )
        else:
            result = member_import.preview(info.context.user, company, data)
        return {
            "rows": [_row(row) for row in result.rows],
            "member_import": _job(job) if job is not None else None,
        }


def _row(row: member_import.ImportRow) -> CompanyMemberImportRow:
    return CompanyMemberImportRow(
        line=row.line,
        salutation=row.values["salutation"],
        first_name=row.values["first_name"],
        last_name=row.values["last_name"],
        email=row.values["email"],
        role=row.role.value if row.role is not None else None,
        budget_amount=row.budget["amount"] if row.budget else None,
        budget_period=row.budget["period"] if row.budget else None,
        accepted=row.accepted,
        errors=[
            {"field": _camel(name), "code": code, "message": message}
            for name, code, message in row.refusals
        ],
    )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _job(job) -> CompanyMemberImportJob:
    return CompanyMemberImportJob(
        id=to_global_id("CompanyMemberImportJob", job.pk),
        status=job.status,
        total=job.total,
        invited=job.invited,
    )
