"""Orders fields of Company: ``company { orders }`` (L20+, money by role)."""

from __future__ import annotations

from ...roles import Section
from ...services import orders
from ..companies.membership import company_membership
from ..core.ids import decode_int_id, decode_uuid_id
from ..core.pagination import paginate
from .types import COMPANY_ORDERS


def order_pk(global_id: str, field: str = "id") -> str:
    """The UUID inside Saleor's ``Order`` global ID."""
    return decode_uuid_id(global_id, "Order", field, "order")


class CompanyOrderFields:
    """Mixin of ``Company``: the company's orders (L20+; money by role)."""

    orders = COMPANY_ORDERS

    @staticmethod
    def resolve_orders(root, info, filter=None, sort_by=None, **page):
        membership = company_membership(root, info, Section.ORDERS)
        filter = filter or {}
        placed_by = [
            decode_int_id(user_id, "User", "placedBy", "user")
            for user_id in filter.get("placed_by") or []
        ]
        queryset = orders.company_orders(
            root,
            membership,
            status=filter.get("status"),
            created_from=filter.get("created_from"),
            created_to=filter.get("created_to"),
            placed_by=placed_by or None,
            search=filter.get("search"),
            po_number=filter.get("po_number"),
            sort_by=sort_by["field"] if sort_by else "CREATED_AT",
            descending=(sort_by["direction"] == "DESC") if sort_by else True,
        )
        connection = paginate(queryset, info, **page)
        for edge in connection.edges:
            edge.node = orders.order_view(edge.node, membership)
        return connection
