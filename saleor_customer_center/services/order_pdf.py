"""Order PDFs with WeasyPrint: HTML template in, PDF out; no prices for roles without them."""

from __future__ import annotations

from django.utils import translation

from .. import formatting, saleor
from ..models import CompanyOrder, Membership
from ..templating import render_to_string
from . import addresses
from .orders import order_view
from .pdf_documents import write_pdf

TEMPLATE = "saleor_customer_center/pdf/order.html"


def render_order_html(link: CompanyOrder, membership: Membership | None) -> str:
    view = order_view(link, membership)
    shop = saleor.shop_identity()  # the shop's name and address, as Saleor's invoices print
    return render_to_string(
        TEMPLATE,
        {
            "shop_name": shop["name"],
            "shop_address": addresses.lines(shop["address"]) if shop["address"] else [],
            "view": view,
            "company": link.company,
            "status_label": formatting.order_status(view.status),
            "language_code": translation.get_language(),
        },
    )


def render_order_pdf(link: CompanyOrder, membership: Membership | None) -> bytes:
    return write_pdf(render_order_html(link, membership))


def filename(link: CompanyOrder) -> str:
    return f"order-{link.order.number}.pdf"
