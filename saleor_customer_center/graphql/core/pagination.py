from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import ValidationError
from graphql_relay.connection.arrayconnection import cursor_to_offset, offset_to_cursor

from ... import conf


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(description="Number of items in the whole list.")


def connection_field(
    node_type: type[graphene.ObjectType], **arguments: Any
) -> graphene.relay.ConnectionField:
    """A ``first``/``after`` connection of ``node_type`` with ``totalCount``."""
    connection = type(
        f"{node_type._meta.name}CountableConnection",
        (CountableConnection,),
        {"Meta": type("Meta", (), {"node": node_type})},
    )
    return graphene.relay.ConnectionField(connection, **arguments)


def page_size(first: int | None) -> int:
    """How many items a page serves for ``first`` as the resolver receives it.

    The one rule for both sides: ``paginate`` serves this many items and the cost estimate
    (limits.py) counts this many, so the estimate cannot count less than is served. An
    absent ``first`` serves ``GRAPHQL_PAGE_MAX``; ``last`` is not served (no backward
    paging), so it changes nothing on either side.
    """
    limit = conf.get("GRAPHQL_PAGE_MAX")
    if first is None:
        return limit
    if first < 0 or first > limit:
        raise ValidationError({"first": f"Give a value between 0 and {limit}."}, code="invalid")
    return first


def paginate(queryset, info, first: int | None = None, after: str | None = None, **_: object):
    """Slice a queryset into a connection: one COUNT and one page query."""
    first = page_size(first)
    offset = 0
    if after:
        position = cursor_to_offset(after)
        if position is None:
            raise ValidationError({"after": "The cursor is not valid."}, code="invalid")
        offset = position + 1
    connection_type = info.return_type.graphene_type
    total = queryset.count()
    items = list(queryset[offset : offset + first]) if first else []
    edges = [
        connection_type.Edge(node=item, cursor=offset_to_cursor(offset + index))
        for index, item in enumerate(items)
    ]
    page_info = graphene.relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_previous_page=offset > 0,
        has_next_page=offset + len(items) < total,
    )
    return connection_type(edges=edges, page_info=page_info, total_count=total)
