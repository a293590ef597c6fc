"""Keyset (cursor) paging for every list of the API and the pages (issue 16 item 2).

A page is read by its sort key, never by ``OFFSET``: the cursor of a row holds that row's
sort values (and its pk, the last key), and the next page is "the rows after these values
in this order", which an index on the same columns serves from where the last page
stopped. So a page costs the same at any depth, and reading every page of a list is
linear in its length. Counting is separate (``count``) and only done when asked: exactly
up to ``PAGE_COUNT_EXACT_MAX`` rows, the planner's estimate above that.

The sort is the queryset's own ``order_by`` (the service decides it, with the index that
serves it); the pk is appended when missing so every row has one place.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils.translation import gettext as _

from .. import conf

KEY_PREFIX = "cc_page_key_"


@dataclass(frozen=True)
class SortKey:
    path: str  # a field path of the queryset's model ("created_at", "user__email")
    descending: bool


@dataclass
class Page[T]:
    """One page: its rows in list order, a cursor per row, and whether there is more."""

    items: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    queryset: QuerySet = field(repr=False)  # the whole list, for ``count`` when asked

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


@dataclass(frozen=True)
class Count:
    value: int
    exact: bool


def invalid(argument: str, message: str) -> ValidationError:
    return ValidationError({argument: message}, code="invalid")


def sort_keys(queryset: QuerySet) -> list[SortKey]:
    """The queryset's ordering as keys, the pk last (added when missing)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    pk_name = queryset.model._meta.pk.name
    keys: list[SortKey] = []
    for item in ordering:
        if isinstance(item, OrderBy) and isinstance(item.expression, F):
            keys.append(SortKey(item.expression.name, item.descending))
        elif isinstance(item, str) and item not in ("?",):
            descending = item.startswith("-")
            path = item.lstrip("-")
            keys.append(SortKey(pk_name if path == "pk" else path, descending))
        else:
            raise TypeError(f"Keyset paging cannot sort by {item!r}")
    if not any(key.path in (pk_name, "id") for key in keys):
        keys.append(SortKey(pk_name, keys[-1].descending if keys else False))
    return keys


def _value(row: Any, index: int, key: SortKey) -> Any:
    if "__" in key.path:
        return getattr(row, f"{KEY_PREFIX}{index}")
    return getattr(row, key.path if key.path != "pk" else "pk")


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | Decimal | uuid.UUID):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    return value


def encode_cursor(keys: list[SortKey], values: list[Any]) -> str:
    signature = ",".join(("-" if key.descending else "") + key.path for key in keys)
    payload = json.dumps([signature, [_encode_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(queryset: QuerySet, keys: list[SortKey], cursor: str, argument: str) -> list:
    """The sort values in ``cursor``, typed by the model's fields; refused when the cursor
    was not made by this list in this order."""
    message = _("The cursor is not valid.")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        signature, values = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise invalid(argument, message) from None
    expected = ",".join(("-" if key.descending else "") + key.path for key in keys)
    if signature != expected or not isinstance(values, list) or len(values) != len(keys):
        raise invalid(argument, message)
    typed: list[Any] = []
    for key, value in zip(keys, values, strict=True):
        if value is None:
            typed.append(None)
            continue
        try:
            typed.append(_field(queryset, key.path).to_python(value))
        except (ValidationError, TypeError, ValueError):
            raise invalid(argument, message) from None
    return typed


def _field(queryset: QuerySet, path: str):
    model = queryset.model
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    name = parts[-1]
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _nullable(queryset: QuerySet, path: str) -> bool:
    """Whether the value at ``path`` can be NULL (the field, or a nullable link to it)."""
    model = queryset.model
    parts = path.split("__")
    for part in parts[:-1]:
        link = model._meta.get_field(part)
        if getattr(link, "null", True):
            return True
        model = link.related_model
    name = parts[-1]
    return name != "pk" and model._meta.get_field(name).null


def _after(queryset: QuerySet, keys: list[SortKey], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in the order ``keys`` (PostgreSQL sorts NULL last
    ascending, first descending: NULL is the largest value)."""
    if len({k.descending for k in keys}) == 1 and not any(
        _nullable(queryset, k.path) for k in keys
    ):
        # One direction, no column that can be NULL (a row comparison with a NULL in it is
        # NULL, not true): a row comparison, which an index on the same columns serves as
        # a range (the scan starts at the cursor).
        lookup = TupleLessThan if keys[0].descending else TupleGreaterThan
        return Q(lookup(Tuple(*(F(k.path) for k in keys)), list(values)))
    condition = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        if value is None:
            beyond = Q(**{f"{key.path}__isnull": False}) if key.descending else Q(pk__in=[])
            same = Q(**{f"{key.path}__isnull": True})
        else:
            if key.descending:
                beyond = Q(**{f"{key.path}__lt": value})
            else:
                beyond = Q(**{f"{key.path}__gt": value}) | Q(**{f"{key.path}__isnull": True})
            same = Q(**{key.path: value})
        condition |= equal & beyond
        equal &= same
    first, first_value = keys[0], values[0]
    if first_value is not None:
        # A bound on the first key alone, so an index scan starts near the cursor.
        if first.descending:
            bound = Q(**{f"{first.path}__lte": first_value})
        else:
            bound = Q(**{f"{first.path}__gte": first_value}) | Q(**{f"{first.path}__isnull": True})
        condition = bound & condition
    return condition


def page_size(size: int | None, argument: str = "first") -> int:
    """How many rows a page serves: ``size``, or ``GRAPHQL_PAGE_MAX`` when absent."""
    limit = conf.get("GRAPHQL_PAGE_MAX")
    if size is None:
        return limit
    if size < 0 or size > limit:
        raise invalid(argument, _("Give a value between 0 and %(limit)s.") % {"limit": limit})
    return size


def page_query(
    queryset: QuerySet,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> tuple[QuerySet, int, list[SortKey], bool]:
    """The query of one page (the rows it reads, one more than the page to tell whether
    there is more), its size, the sort keys and whether it walks backward."""
    backward = last is not None or before is not None
    if backward and (first is not None or after is not None):
        raise invalid("last", _("Give first/after or last/before, not both."))
    size = page_size(last if backward else first, "last" if backward else "first")
    keys = sort_keys(queryset)
    annotations = {f"{KEY_PREFIX}{i}": F(k.path) for i, k in enumerate(keys) if "__" in k.path}
    rows = queryset.annotate(**annotations) if annotations else queryset
    cursor = before if backward else after
    walk = [SortKey(k.path, k.descending != backward) for k in keys]
    if cursor:
        argument = "before" if backward else "after"
        rows = rows.filter(_after(queryset, walk, decode_cursor(queryset, keys, cursor, argument)))
    rows = rows.order_by(*(F(k.path).desc() if k.descending else F(k.path).asc() for k in walk))
    return rows[: size + 1], size, keys, backward


def page(
    queryset: QuerySet,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page:
    """One page of ``queryset`` in its own order: ``first`` rows after the cursor
    ``after``, or the ``last`` rows before ``before``. One query."""
    rows, size, keys, backward = page_query(
        queryset, first=first, after=after, last=last, before=before
    )
    items = list(rows) if size else []
    more = len(items) > size
    items = items[:size]
    if backward:
        items.reverse()
    cursors = [
        encode_cursor(keys, [_value(item, i, k) for i, k in enumerate(keys)]) for item in items
    ]
    return Page(
        items=items,
        cursors=cursors,
        has_next=more if not backward else bool(before),
        has_previous=more if backward else bool(after),
        queryset=queryset,
    )


def count(queryset: QuerySet) -> Count:
    """The list's length: exact up to ``PAGE_COUNT_EXACT_MAX`` rows (one query reading at
    most that many index entries), the planner's estimate above it (one EXPLAIN)."""
    limit = conf.get("PAGE_COUNT_EXACT_MAX")
    bare = queryset.order_by()
    counted = bare.values("pk")[: limit + 1].count()
    if counted <= limit:
        return Count(counted, exact=True)
    plan = json.loads(bare.explain(format="json"))
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    return Count(max(estimate, counted), exact=False)
