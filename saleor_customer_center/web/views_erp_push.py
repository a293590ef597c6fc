"""The signed push endpoint: ``POST erp/push/<kind>/`` under the plugin URL.

The door has checked the signature and the timestamp (rule ``PUSH_SIGNATURE``); this only
stores the batch and queues its sync (``erp_process_push``) after commit, so a large
batch never holds the request.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse

from .. import tasks
from ..door import Caller
from ..erp import pushes, records
from ..erp.connectors.push import SIGNATURE_HEADER, TIMESTAMP_HEADER


def push(request: HttpRequest, caller: Caller, kind: str) -> JsonResponse:
    if kind not in records.SPECS:
        return JsonResponse({"error": f"Unknown record kind {kind!r}."}, status=404)
    try:
        receipt = pushes.store_push(
            kind,
            request.body,
            request.headers.get(TIMESTAMP_HEADER, ""),
            request.headers.get(SIGNATURE_HEADER, ""),
        )
    except pushes.PushRefused as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    transaction.on_commit(lambda: tasks.erp_process_push.delay(receipt.pk))
    return JsonResponse({"receipt": receipt.pk, "kind": kind, "status": "queued"}, status=202)
