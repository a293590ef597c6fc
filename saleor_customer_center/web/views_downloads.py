"""Downloads a page links to and an API client fetches with its token: order and invoice
PDFs (rule ``SESSION_OR_BEARER``: the pages' session or ``Authorization: Bearer``).

Missing, another company's, or not the caller's: 404 without saying which exists.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..door import Caller
from ..models import Membership
from ..services import billing, invoice_documents, orders
from ..services import order_pdf as order_pdfs
from .pages import error_page

DOCUMENT_NOT_YET = _(
    "The PDF of this invoice is not available yet. Please try again later, or ask the shop."
)


def order_pdf(request: HttpRequest, caller: Caller, order_id: str) -> HttpResponse:
    """``orders/<order_id>/pdf/``: Saleor's Order global ID or its UUID."""
    link, membership = orders.order_for_user(caller.viewer, orders.order_uuid(order_id))
    if caller.preview is not None and link.company_id != caller.preview.membership.company_id:
        raise permissions.NotFound("order")
    response = HttpResponse(order_pdfs.render_order_pdf(link, membership), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{order_pdfs.filename(link)}"'
    return response


def invoice_pdf(request: HttpRequest, caller: Caller, invoice_id: int) -> HttpResponseBase:
    """For any of the viewer's companies (API clients have no current company)."""
    company_id = billing.invoice_company_id(invoice_id)
    if company_id is None:
        raise permissions.NotFound("invoice")
    membership: Membership
    if caller.preview is not None:
        if caller.preview.membership.company_id != company_id:
            raise permissions.NotFound("invoice")
        membership = caller.preview.membership
    else:
        membership = permissions.membership_for(caller.viewer, company_id)
    invoice = billing.get_invoice(membership.company, membership, invoice_id)
    try:
        document = invoice_documents.open_invoice_pdf(invoice, caller.settings)
    except invoice_documents.DocumentUnavailable:
        # Not "Page not found": the invoice exists, its document does not yet (issue 14
        # item 12). The same 404 for a URL the ERP cannot serve: nothing is said of why.
        return error_page(caller, 404, str(DOCUMENT_NOT_YET))
    response = StreamingHttpResponse(document.chunks, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response
