"""The columns of every list the customer center shows and exports: one definition, read by
the pages' Columns control (web/grid.py) and by the exports (services/exports.py).

A money column is offered only to roles that see prices (``roles.sees_prices``), in the
page and in an export alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise  # translated when shown
    money: bool = False
    exported: bool = True  # False for a page's action column (e.g. Dispute)


GRIDS: dict[str, list[Column]] = {
    "orders": [
        Column("number", _("Number")),
        Column("created", _("Date")),
        Column("status", _("Status")),
        Column("placed_by", _("Placed by")),
        Column("po_number", _("PO number")),
        Column("lines", _("Lines")),
        Column("total", _("Total"), money=True),
    ],
    "invoices": [
        Column("number", _("Invoice")),
        Column("issued", _("Issued")),
        Column("due", _("Due")),
        Column("status", _("Status")),
        Column("order", _("Order")),
        Column("gross", _("Amount"), money=True),
        Column("pdf", _("PDF")),
        Column("dispute", _("Dispute"), exported=False),
    ],
    "due_payments": [
        Column("document", _("Document")),
        Column("invoice", _("Invoice")),
        Column("due", _("Due date")),
        Column("amount", _("Amount due"), money=True),
    ],
    "payments": [
        Column("number", _("Payment")),
        Column("date", _("Date")),
        Column("method", _("Method")),
        Column("invoices", _("Invoices")),
        Column("amount", _("Amount"), money=True),
    ],
    "users": [
        Column("name", _("Name")),
        Column("email", _("Email")),
        Column("status", _("Status")),
        Column("role", _("Role")),
        Column("budget", _("Budget"), money=True),
        Column("last_login", _("Last sign-in")),
    ],
}

# The audit log has no Columns control: every column is shown and exported.
AUDIT_LOG = [
    Column("created", _("When")),
    Column("actor", _("Who")),
    Column("action", _("Action")),
    Column("target", _("Target")),
    Column("before", _("Before")),
    Column("after", _("After")),
]
