from __future__ import annotations

import graphene

from ....erp import health as erp_health
from ...core.ids import decode_int_id
from ...core.mutations import BaseMutation
from ..types import ErpSyncRun


class ErpRejectedRecordsRetry(BaseMutation):
    """Run rejected ERP records through the sync again (staff with MANAGE_PLUGINS)."""

    run = graphene.Field(ErpSyncRun)
    # The sync commits batch by batch (README "ERP sync"): no surrounding transaction.
    atomic = False

    class Arguments:
        kind = graphene.String(description="Retry every unresolved record of this kind.")
        id = graphene.ID(description="Retry this one record.")

    class Meta:
        description = "Run rejected ERP records through the sync again, now (MANAGE_PLUGINS)."

    @classmethod
    def perform_mutation(cls, root, info, kind=None, id=None):
        record_id = decode_int_id(id, "ErpRejectedRecord", "id", "rejected record") if id else None
        run = erp_health.retry_now(info.context.user, kind=kind, record_id=record_id)
        return {"run": run}
