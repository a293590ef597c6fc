"""One page of a list on a page, with its "previous" and "next" links (issue 16 item 3).

Every list a page shows is read through ``services/paging.py`` (keyset pages, the same as
the API): at most ``size`` rows whatever the list's length. A page showing several lists
gives each its own ``prefix`` so each pages on its own; the links keep every other
parameter of the address (filters, search, the other lists' positions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from ..services import paging

PAGE_SIZE = 50


@dataclass(frozen=True)
class Pager:
    """What ``web/_pager.html`` shows: links relative to the current address."""

    rows: list[Any]
    previous: str
    next: str


def _link(request: HttpRequest, prefix: str, name: str, cursor: str | None) -> str:
    query = request.GET.copy()
    query.pop(f"{prefix}after", None)
    query.pop(f"{prefix}before", None)
    query[f"{prefix}{name}"] = cursor or ""
    return "?" + query.urlencode()


def page_of(
    request: HttpRequest, queryset: QuerySet, *, prefix: str = "", size: int = PAGE_SIZE
) -> Pager:
    """One page of ``queryset`` at the position the address names (``<prefix>after`` or
    ``<prefix>before``); a cursor that is not one of this list's is a 400."""
    after = request.GET.get(f"{prefix}after") or None
    before = request.GET.get(f"{prefix}before") or None
    if before:
        page = paging.page(queryset, last=size, before=before)
    else:
        page = paging.page(queryset, first=size, after=after)
    return Pager(
        rows=page.items,
        previous=_link(request, prefix, "before", page.start_cursor) if page.has_previous else "",
        next=_link(request, prefix, "after", page.end_cursor) if page.has_next else "",
    )
