"""Exports: a list as the caller sees it (columns, filter, role), as CSV or XLSX.

Every list is read through the service its page reads (orders, billing, members, audit),
with that service's permission checks, before the first byte is written; rows are then
produced lazily in chunks, so a large list streams instead of filling memory. Money
columns (``columns.Column.money``) are left out for roles that do not see prices,
whatever columns the caller asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..columns import AUDIT_LOG, GRIDS, Column
from ..models import Membership
from ..roles import Role, Section, sees_prices
from . import audit, billing, budgets, members, orders

FORMATS = ("csv", "xlsx")
LISTS = ("orders", "invoices", "due_payments", "payments", "users", "audit_log")
CHUNK = 500
CENT = Decimal("0.01")
# A cell that starts like a formula is a formula to a spreadsheet (CSV injection): such
# text is exported with a leading apostrophe, which spreadsheets show as plain text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    """A list ready to write: header labels and a lazy iterator of rows."""

    name: str
    headers: list[str]
    rows: Iterable[list[Any]]

    def filename(self, fmt: str) -> str:
        return f"{self.name}-{timezone.localdate().isoformat()}.{fmt}"


def columns_of(name: str) -> list[Column]:
    return AUDIT_LOG if name == "audit_log" else GRIDS[name]


def visible_columns(name: str, membership: Membership, keys: list[str] | None) -> list[Column]:
    """The columns asked for (all of the list's when none), in that order, without money
    for a role that does not see prices."""
    prices = sees_prices(membership.role)
    offered = {c.key: c for c in columns_of(name) if prices or not c.money}
    chosen = [offered[key] for key in dict.fromkeys(keys or []) if key in offered]
    return chosen or list(offered.values())


def table(
    name: str,
    membership: Membership,
    keys: list[str] | None = None,
    filters: dict[str, Any] | None = None,
) -> Table:
    """The list ``name`` of the membership's company, checked now, rows read later."""
    if name not in LISTS:
        raise permissions.NotFound("list")
    columns = [c for c in visible_columns(name, membership, keys) if c.exported]
    records, cells = _SOURCES[name](membership, filters or {})
    headers: list[str] = []
    for column in columns:
        headers.append(str(column.label))
        if column.money:
            headers.append(_("Currency"))

    def rows() -> Iterator[list[Any]]:
        for chunk in _chunks(records):
            for record in chunk:
                values = cells(record)
                row: list[Any] = []
                for column in columns:
                    value = values[column.key]
                    if column.money:
                        amount, currency = value
                        row.extend((_money(amount), currency))
                    else:
                        row.append(value)
                yield row

    return Table(name=name, headers=headers, rows=rows())


def _chunks(records: Any) -> Iterator[list[Any]]:
    """A queryset read in chunks of CHUNK (its prefetches once per chunk), or a list."""
    if isinstance(records, list):
        yield records
        return
    start = 0
    while True:
        chunk = list(records[start : start + CHUNK])
        if chunk:
            yield chunk
        if len(chunk) < CHUNK:
            return
        start += CHUNK


# Sources: (records, cells of one record) per list ----------------------------------------

Source = Callable[[Membership, dict[str, Any]], tuple[Any, Callable[[Any], dict[str, Any]]]]


def _orders(membership: Membership, filters: dict[str, Any]):
    links = orders.company_orders(membership.company, membership, **filters)

    def cells(link: Any) -> dict[str, Any]:
        view = orders.order_view(link, membership)
        return {
            "number": view.number,
            "created": _local(view.created_at),
            "status": view.status,
            "placed_by": view.placed_by_email,
            "po_number": view.po_number,
            "lines": len(view.lines),
            "total": (view.total_gross, view.currency),
        }

    return links, cells


def _invoices(membership: Membership, filters: dict[str, Any]):
    records = billing.invoices(membership.company, membership, **filters)

    def cells(invoice: Any) -> dict[str, Any]:
        return {
            "number": invoice.invoice_number,
            "issued": invoice.issue_date,
            "due": invoice.due_date,
            "status": invoice.get_status_display(),
            "order": invoice.order_number,
            "gross": (invoice.gross_amount, invoice.currency),
            "pdf": _("yes") if invoice.pdf_url else _("no"),
        }

    return records, cells


def _due_payments(membership: Membership, filters: dict[str, Any]):
    records = billing.due_payments(membership.company, membership, **filters)

    def cells(item: Any) -> dict[str, Any]:
        return {
            "document": item.document_number,
            "invoice": item.invoice_number,
            "due": item.due_date,
            "amount": (item.amount_due, item.currency),
        }

    return records, cells


def _payments(membership: Membership, filters: dict[str, Any]):
    records = billing.payments(membership.company, membership)

    def cells(payment: Any) -> dict[str, Any]:
        return {
            "number": payment.payment_number,
            "date": payment.date,
            "method": payment.method,
            "invoices": ", ".join(str(n) for n in payment.invoice_numbers or []),
            "amount": (payment.amount, payment.currency),
        }

    return records, cells


def _users(membership: Membership, filters: dict[str, Any]):
    permissions.require_section(membership, Section.USERS)
    company_members = list(members.members_of(membership.company))
    statuses = budgets.statuses_for_memberships(company_members)

    def cells(member: Any) -> dict[str, Any]:
        user = member.user
        status = statuses.get(member.pk)
        return {
            "name": " ".join(p for p in (member.salutation, user.first_name, user.last_name) if p),
            "email": user.email,
            "status": _("active") if member.is_active else _("deactivated"),
            "role": str(Role(member.role).label),
            "budget": (status.amount, status.currency) if status else (None, ""),
            "last_login": _local(user.last_login) if user.last_login else None,
        }

    return company_members, cells


def _audit_log(membership: Membership, filters: dict[str, Any]):
    permissions.require_section(membership, Section.USERS)
    records = audit.entries_of(membership.company)

    def cells(entry: Any) -> dict[str, Any]:
        return {
            "created": _local(entry.created_at),
            "actor": entry.actor_email,
            "action": entry.action,
            "target": f"{entry.target_type} {entry.target_id}".strip(),
            "before": _json(entry.before),
            "after": _json(entry.after),
        }

    return records, cells


_SOURCES: dict[str, Source] = {
    "orders": _orders,
    "invoices": _invoices,
    "due_payments": _due_payments,
    "payments": _payments,
    "users": _users,
    "audit_log": _audit_log,
}


def _local(value: dt.datetime) -> dt.datetime:
    """In the shop's time zone, without tzinfo (spreadsheets know no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0)


def _money(amount: Decimal | None) -> Decimal | None:
    """Two decimals, as the pages show money (Saleor stores three)."""
    return None if amount is None else Decimal(amount).quantize(CENT)


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, default=str)


# Writers -----------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Line:
    """A file-like object whose ``write`` hands back what it was given (csv.writer → str)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(data: Table) -> Iterator[str]:
    """The table as CSV, one row at a time (UTF-8 with BOM, which spreadsheets need to read
    non-ASCII names right)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([_text(h) for h in data.headers])
    for row in data.rows:
        yield writer.writerow([_csv_value(v) for v in row])


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return _text(value)


def xlsx_file(data: Table) -> Any:
    """The table as an XLSX workbook in a temporary file, written row by row in openpyxl's
    write-only mode (memory stays flat); the file is rewound and deleted when closed."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=data.name[:31])
    sheet.append([_text(h) for h in data.headers])
    for row in data.rows:
        sheet.append([_text(v) for v in row])
    spool = tempfile.TemporaryFile()  # handed to the response, which closes it
    workbook.save(spool)
    spool.seek(0)
    return spool


def membership_for_export(user: Any, company_id: int) -> Membership:
    """The caller's membership of an explicitly named company (API clients)."""
    return permissions.membership_for(user, company_id, field="company")
