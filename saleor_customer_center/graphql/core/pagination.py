"""Relay connections (``edges/node/pageInfo``, ``first/after/last/before``) served by
keyset paging (services/paging.py), as Saleor's connections look; ``totalCount`` is
counted only when the query asks for it."""

from __future__ import annotations

from typing import Any

import graphene

from ...services import paging


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(
        description=(
            "Number of items in the whole list, counted only when asked: exact up to "
            "PAGE_COUNT_EXACT_MAX (10,000 by default), the database's estimate above it."
        )
    )

    @staticmethod
    def resolve_total_count(root, info):
        return paging.count(root.whole_list).value


def connection_field(
    node_type: type[graphene.ObjectType], **arguments: Any
) -> graphene.relay.ConnectionField:
    """A ``first/after/last/before`` connection of ``node_type`` with ``totalCount``."""
    connection = type(
        f"{node_type._meta.name}CountableConnection",
        (CountableConnection,),
        {"Meta": type("Meta", (), {"node": node_type})},
    )
    return graphene.relay.ConnectionField(connection, **arguments)


def page_size(first: int | None, last: int | None = None) -> int:
    """How many items a page serves for the arguments as the resolver receives them.

    The one rule for both sides: ``paginate`` serves this many items and the cost estimate
    (limits.py) counts this many, so the estimate cannot count less than is served. An
    absent ``first`` and ``last`` serve ``GRAPHQL_PAGE_MAX``.
    """
    if last is not None and first is None:
        return paging.page_size(last, "last")
    return paging.page_size(first, "first")


def paginate(
    queryset,
    info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    **_: object,
):
    """One page of ``queryset`` as a connection: one query (and a count if asked)."""
    page = paging.page(queryset, first=first, after=after, last=last, before=before)
    connection_type = info.return_type.graphene_type
    edges = [
        connection_type.Edge(node=item, cursor=cursor)
        for item, cursor in zip(page.items, page.cursors, strict=True)
    ]
    page_info = graphene.relay.PageInfo(
        start_cursor=page.start_cursor,
        end_cursor=page.end_cursor,
        has_previous_page=page.has_previous,
        has_next_page=page.has_next,
    )
    connection = connection_type(edges=edges, page_info=page_info)
    connection.whole_list = page.queryset
    return connection
