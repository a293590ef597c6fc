"""Grid control: each list's columns, chosen and ordered by the user, saved per user.

Columns that carry money are offered only to roles that see prices, so a saved choice
can never bring a hidden column back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..models import UserPreference


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    money: bool = False


GRIDS: dict[str, list[Column]] = {
    "orders": [
        Column("number", _("Number")),
        Column("created", _("Date")),
        Column("status", _("Status")),
        Column("placed_by", _("Placed by")),
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
        Column("dispute", _("Dispute")),
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


def available(grid: str, sees_prices: bool) -> list[Column]:
    return [c for c in GRIDS[grid] if sees_prices or not c.money]


def columns_for(user, grid: str, sees_prices: bool) -> list[Column]:
    offered = {c.key: c for c in available(grid, sees_prices)}
    preference = UserPreference.objects.filter(user=user).only("grid_columns").first()
    saved = (preference.grid_columns or {}).get(grid) if preference else None
    if not saved:
        return list(offered.values())
    chosen = [offered[key] for key in saved if key in offered]
    return chosen or list(offered.values())


def save(user, grid: str, keys: list[str]) -> None:
    if grid not in GRIDS:
        return
    known = {c.key for c in GRIDS[grid]}
    keys = [key for key in dict.fromkeys(keys) if key in known]
    preference, _created = UserPreference.objects.get_or_create(user=user)
    preference.grid_columns = {**(preference.grid_columns or {}), grid: keys}
    preference.save(update_fields=["grid_columns", "updated_at"])
