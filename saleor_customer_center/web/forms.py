"""Turning posted forms into the dicts the services take (the services validate)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

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


def error_messages(exc: Exception) -> dict[str, list[str]]:
    """Field name -> messages, '__all__' for the rest (for the form templates)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return {
            name: [m for e in errors for m in e.messages] for name, errors in exc.error_dict.items()
        }
    if isinstance(exc, ValidationError):
        return {"__all__": list(exc.messages)}
    return {"__all__": [str(exc)]}
