"""The operator's part of the API (staff with MANAGE_USERS; sync actions MANAGE_PLUGINS)."""

from __future__ import annotations

import graphene

from ...erp import health as erp_health
from ...services import staff as staff_service
from ..core.pagination import connection_field, paginate
from .mutations.company_block_set import CompanyBlockSet
from .mutations.erp_rejected_records_retry import ErpRejectedRecordsRetry
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


class StaffMutations:
    company_block_set = CompanyBlockSet.Field()
    erp_rejected_records_retry = ErpRejectedRecordsRetry.Field()
