"""Turning posted forms into the dicts the services take (the services validate)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The services name fields as the API does ("lines.1.quantity", "amount"); a page names them
# by the label its form shows (issue 14 item 3).
LABELS = {
    "salutation": gettext_lazy("Salutation"),
    "first_name": gettext_lazy("First name"),
    "last_name": gettext_lazy("Last name"),
    "email": gettext_lazy("Email"),
    "role": gettext_lazy("Role"),
    "budget": gettext_lazy("Budget"),
    "amount": gettext_lazy("Budget amount"),
    "currency": gettext_lazy("Budget currency"),
    "period": gettext_lazy("Budget period"),
    "customer_number": gettext_lazy("Customer number"),
    "contact_number": gettext_lazy("Contact number"),
    "contact_id": gettext_lazy("Contact"),
    "member_id": gettext_lazy("User"),
    "request_id": gettext_lazy("Request"),
    "kind": gettext_lazy("Kind"),
    "message": gettext_lazy("What do you need?"),
    "reason": gettext_lazy("Reason"),
    "channel": gettext_lazy("Channel"),
    "lines": gettext_lazy("Lines"),
    "sku": gettext_lazy("SKU"),
    "quantity": gettext_lazy("Quantity"),
    "order_id": gettext_lazy("Order"),
    "token": gettext_lazy("Link"),
    "password": gettext_lazy("Password"),
    "invoice_number": gettext_lazy("Invoice number"),
}
LINE_FIELD = re.compile(r"^lines\.(\d+)\.(\w+)$")

# The largest id a column can hold (PostgreSQL bigint): a longer number is no id of ours.
MAX_ID = 2**63 - 1


def person(post: QueryDict) -> dict[str, Any]:
    """A person's fields; ``budget`` only when the form sets or clears one (its absence
    leaves the budget as it is)."""
    data: dict[str, Any] = {
        "salutation": post.get("salutation", ""),
        "first_name": post.get("first_name", ""),
        "last_name": post.get("last_name", ""),
        "email": post.get("email", ""),
        "role": post.get("role") or None,
    }
    chosen = budget(post)
    if chosen is not None:
        data["budget"] = chosen
    if post.get("rights_shown"):  # unchecked boxes are not posted: the form says it had them
        data["may_approve_quotations"] = bool(post.get("may_approve_quotations"))
        data["may_raise_requests"] = bool(post.get("may_raise_requests"))
    return data


def budget(post: QueryDict) -> dict[str, Any] | None:
    """No amount given: no budget (clearing is explicit, with ``budget_clear``)."""
    if post.get("budget_clear"):
        return {"amount": None}
    amount = (post.get("budget_amount") or "").strip()
    if not amount:
        return None
    return {
        "amount": amount,
        "currency": (post.get("budget_currency") or "").strip().upper() or None,
        "period": post.get("budget_period") or None,
    }


def whole_number(raw: str | None) -> int | None:
    """A non-negative whole number written in ASCII digits that fits a bigint, else None."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > MAX_ID:
        return None
    return int(raw)


def id_field(data: QueryDict, name: str) -> int:
    """The id a form posts (a member, a request, a contact); 400 when it is not one."""
    value = whole_number(data.get(name))
    if value is None:
        raise BadRequest(_("The form's %(field)s is not a valid id.") % {"field": name})
    return value


def optional_id(data: QueryDict, name: str) -> int | None:
    return whole_number(data.get(name)) if data.get(name) else None


def optional_date(data: QueryDict, name: str) -> dt.date | None:
    """A filter's date (YYYY-MM-DD); 400 for one that is not a date (2026-02-30 neither)."""
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(_("Give dates as YYYY-MM-DD; %(value)s is not a date.") % {"value": raw})
    return value


def sku_lines(post: QueryDict) -> tuple[list[dict[str, str]], list[tuple[str, int]]]:
    """The rows of a SKU-and-quantity form (quick order, quote request) as typed, and the
    (sku, quantity) lines of the filled ones; a quantity that is no number counts as 0,
    which the service refuses for that line."""
    rows = [
        {"sku": sku.strip(), "quantity": quantity.strip()}
        for sku, quantity in zip(post.getlist("sku"), post.getlist("quantity"), strict=False)
    ]
    lines = []
    for row in rows:
        if not row["sku"] and not row["quantity"]:
            continue
        quantity = whole_number(row["quantity"] or "0")
        lines.append((row["sku"], quantity if quantity is not None else 0))
    return rows, lines


def label(field: str, line_numbers: Sequence[int] = ()) -> str:
    """The form's own words for a service's field name: ``lines.0.quantity`` is "Line 2,
    Quantity" when the form's first filled row is its second (``line_numbers``)."""
    line = LINE_FIELD.match(field)
    if line:
        index, name = int(line.group(1)), line.group(2)
        number = line_numbers[index] if index < len(line_numbers) else index + 1
        return _("Line %(number)s, %(label)s") % {"number": number, "label": label(name)}
    known = LABELS.get(field)
    return str(known) if known is not None else field.replace("_", " ").capitalize()


def filled_row_numbers(rows: list[dict[str, str]]) -> list[int]:
    """The form's row number (from 1) of each filled row: errors name the row the user sees."""
    return [n for n, row in enumerate(rows, start=1) if row["sku"] or row["quantity"]]


def error_messages(exc: Exception, line_numbers: Sequence[int] = ()) -> dict[str, list[str]]:
    """The form's label -> messages, '__all__' for the rest (for the form templates)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        labelled: dict[str, list[str]] = {}
        for name, errors in exc.error_dict.items():
            key = "__all__" if name == "__all__" else label(name, line_numbers)
            labelled.setdefault(key, []).extend(m for e in errors for m in e.messages)
        return labelled
    if isinstance(exc, ValidationError):
        return {"__all__": list(exc.messages)}
    return {"__all__": [str(exc)]}
