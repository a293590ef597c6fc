"""The signed push endpoint: ``POST erp/push/<kind>/`` under the plugin URL.

It only checks, stores and enqueues (``erp.pushes.receive_push``); the records are
validated and written by the celery task, so a large batch never holds the request.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse

from . import pushes, records
from .connectors.push import SIGNATURE_HEADER, TIMESTAMP_HEADER


def push(request: HttpRequest, kind: str) -> JsonResponse:
    if request.method != "POST":
        return JsonResponse({"error": "Use POST."}, status=405, headers={"Allow": "POST"})
    if kind not in records.SPECS:
        return JsonResponse({"error": f"Unknown record kind {kind!r}."}, status=404)
    try:
        body = request.body
    except RequestDataTooBig:
        return JsonResponse({"error": "Batch too large: send smaller batches."}, status=413)
    settings = getattr(request, "customer_center_settings", None)
    if settings is None:
        from .. import settings_store

        settings = settings_store.current()
    try:
        receipt = pushes.receive_push(
            kind,
            body,
            request.headers.get(TIMESTAMP_HEADER, ""),
            request.headers.get(SIGNATURE_HEADER, ""),
            secret=settings.erp_push_secret,
        )
    except pushes.PushRefused as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return JsonResponse({"receipt": receipt.pk, "kind": kind, "status": "queued"}, status=202)
