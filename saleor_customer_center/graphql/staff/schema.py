"""The operator's part of the API (staff with MANAGE_USERS; sync actions MANAGE_PLUGINS)."""

from __future__ import annotations

import graphene

from ... import permissions
from ...erp import health as erp_health
from ...services import staff as staff_service
from ..core.ids import decode_int_id
from ..core.mutations import BaseMutation
from ..core.pagination import connection_field, paginate
from .types import ErpRejectedRecord, ErpSyncRun, StaffCompany


class StaffQueries:
    companies = connection_field(
        StaffCompany, search=graphene.String(description="Name, customer number, UIN or VAT.")
    )
    erp_sync_runs = connection_field(ErpSyncRun, kind=graphene.String())
    erp_rejected_records = connection_field(
        ErpRejectedRecord, kind=graphene.String(), include_resolved=graphene.Boolean()
    )

    @staticmethod
    def resolve_companies(root, info, search=None, **page):
        return paginate(
            staff_service.search_companies(info.context.user, search or ""), info, **page
        )

    @staticmethod
    def resolve_erp_sync_runs(root, info, kind=None, **page):
        return paginate(erp_health.sync_runs(info.context.user, kind), info, **page)

    @staticmethod
    def resolve_erp_rejected_records(root, info, kind=None, include_resolved=False, **page):
        records = erp_health.rejected_records(info.context.user, kind, bool(include_resolved))
        return paginate(records, info, **page)


class CompanyBlockSet(BaseMutation):
    company = graphene.Field(StaffCompany)

    class Arguments:
        id = graphene.ID(required=True)
        blocked = graphene.Boolean(required=True)
        reason = graphene.String()

    class Meta:
        description = "Block or unblock a company: its members can neither order nor activate."

    @classmethod
    def perform_mutation(cls, root, info, id, blocked, reason=""):
        company_id = decode_int_id(id, "Company", "id", "company")
        company = staff_service.set_blocked(info.context.user, company_id, blocked, reason or "")
        return {"company": company}


class ErpRejectedRecordsRetry(BaseMutation):
    run = graphene.Field(ErpSyncRun)

    class Arguments:
        kind = graphene.String(description="Retry every unresolved record of this kind.")
        id = graphene.ID(description="Retry this one record.")

    class Meta:
        description = "Run rejected ERP records through the sync again, now (MANAGE_PLUGINS)."

    @classmethod
    def mutate(cls, root, info, **data):
        # The sync commits batch by batch: no surrounding transaction here.
        try:
            return cls(errors=[], **cls.perform_mutation(root, info, **data))
        except (permissions.NotFound, permissions.PermissionDenied) as exc:
            from ..core.errors import errors_from_exception, report_refusal

            report_refusal(info, exc)
            return cls(errors=errors_from_exception(exc))

    @classmethod
    def perform_mutation(cls, root, info, kind=None, id=None):
        record_id = decode_int_id(id, "ErpRejectedRecord", "id", "rejected record") if id else None
        run = erp_health.retry_now(info.context.user, kind=kind, record_id=record_id)
        return {"run": run}


class StaffMutations:
    company_block_set = CompanyBlockSet.Field()
    erp_rejected_records_retry = ErpRejectedRecordsRetry.Field()
