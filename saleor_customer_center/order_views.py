"""HTTP endpoints of the orders area under the plugin URL (PDF download)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from . import permissions
from .services import order_pdf, orders


@require_GET
def order_pdf_view(request: HttpRequest, order_id: str) -> HttpResponse:
    """``orders/<order_id>/pdf/``: the order as PDF, authenticated with the Saleor access
    token (``Authorization: Bearer``) or the pages' sign-in cookies. ``order_id`` is
    Saleor's Order global ID or its UUID.
    Missing, another company's, or not signed in: 404/401 without saying which order exists.
    """
    from .web.session import authenticate

    user = authenticate(request).user  # the access token header, or the pages' cookies
    if user is None or not user.is_active:
        return JsonResponse({"detail": "Sign in to use the customer center."}, status=401)
    try:
        link, membership = orders.order_for_user(user, _uuid_from(order_id))
    except permissions.NotFound:
        return JsonResponse({"detail": "Couldn't find the order."}, status=404)
    except permissions.PermissionDenied as exc:
        return JsonResponse({"detail": str(exc)}, status=403)
    response = HttpResponse(order_pdf.render_order_pdf(link, membership), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{order_pdf.filename(link)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _uuid_from(order_id: str) -> str:
    """Accept Saleor's global ID ("Order:<uuid>" base64) as well as the bare UUID."""
    from graphql_relay import from_global_id

    if "-" in order_id:
        return order_id
    try:
        type_name, pk = from_global_id(order_id)
    except Exception:  # noqa: BLE001 - any undecodable id is simply not found
        return ""
    return pk if type_name == "Order" else ""
