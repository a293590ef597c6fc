"""Exports of the lists: ``export/<list>/<csv|xlsx>/`` with the list's own filter in the
query, for the pages (the current company) and for API clients with their token (rule
``SESSION_OR_BEARER``; ``?company=<Company ID>`` names the company, ``?columns=a,b`` the
columns, else the caller's saved ones). services/exports.py holds the rules.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from .. import permissions
from ..door import Caller
from ..models import Membership
from ..roles import sees_prices
from ..services import exports
from . import grid
from .pages import page_context
from .views_billing import invoice_filters
from .views_orders import order_filters

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _filters(name: str, get: QueryDict) -> dict[str, Any]:
    if name == "orders":
        return order_filters(get)
    if name == "invoices":
        return invoice_filters(get)
    if name == "due_payments":
        return {"overdue_only": get.get("overdue") == "1"}
    return {}


def _company_pk(raw: str) -> int:
    """``company``: the Company's global ID (as the API gives it) or its number."""
    from graphql_relay import from_global_id

    if raw.isascii() and raw.isdigit() and len(raw) < 19:
        return int(raw)
    try:
        kind, pk = from_global_id(raw)
    except Exception:  # noqa: BLE001 (any undecodable id is simply not found)
        raise permissions.NotFound("company", field="company") from None
    if kind != "Company" or not (pk.isascii() and pk.isdigit()) or len(pk) >= 19:
        raise permissions.NotFound("company", field="company")
    return int(pk)


def _membership(caller: Caller, company: str) -> Membership:
    if caller.preview is not None:
        membership = caller.preview.membership
        if company and _company_pk(company) != membership.company_id:
            raise permissions.NotFound("company", field="company")
        return membership
    if company:
        return exports.membership_for_export(caller.viewer, _company_pk(company))
    current = page_context(caller).membership
    if current is None:
        raise permissions.PermissionDenied(
            _("Choose a company first, or name it with ?company=<id>.")
        )
    return current


def export(request: HttpRequest, caller: Caller, name: str, fmt: str) -> HttpResponseBase:
    if name not in exports.LISTS or fmt not in exports.FORMATS:
        raise permissions.NotFound("list")
    membership = _membership(caller, (request.GET.get("company") or "").strip())
    asked = [key for key in (request.GET.get("columns") or "").split(",") if key]
    if not asked and name != "audit_log":
        saved = grid.columns_for(caller.viewer, name, sees_prices(membership.role))
        asked = [column.key for column in saved]
    data = exports.table(name, membership, asked, _filters(name, request.GET))
    if fmt == "csv":
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in exports.csv_chunks(data)), content_type=CONTENT_TYPES[fmt]
        )
    else:
        # FileResponse streams the temporary file in blocks and closes (deletes) it after.
        response = FileResponse(exports.xlsx_file(data), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{data.filename(fmt)}"'
    return response
