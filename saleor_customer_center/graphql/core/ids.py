from __future__ import annotations

import binascii
import uuid

from graphql_relay import from_global_id, to_global_id

from ...permissions import NotFound


def decode_id(global_id: str, expected_type: str, field: str, what: str) -> str:
    """The database id inside a relay id of ``expected_type``; NotFound otherwise."""
    try:
        type_name, pk = from_global_id(global_id)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise NotFound(what, field=field) from None
    if type_name != expected_type or not pk:
        raise NotFound(what, field=field)
    return pk


# The largest primary key PostgreSQL's bigint holds.
MAX_PK = 2**63 - 1


def decode_int_id(global_id: str, expected_type: str, field: str, what: str) -> int:
    """An integer primary key; NotFound for anything else. ``isdigit`` alone lets "²" and
    other Unicode digits through, which ``int()`` then refuses."""
    pk = decode_id(global_id, expected_type, field, what)
    if not (pk.isascii() and pk.isdigit()) or int(pk) > MAX_PK:
        raise NotFound(what, field=field)
    return int(pk)


def decode_uuid_id(global_id: str, expected_type: str, field: str, what: str) -> str:
    """A UUID primary key (Saleor's orders), in its canonical form; NotFound otherwise."""
    pk = decode_id(global_id, expected_type, field, what)
    try:
        return str(uuid.UUID(pk))
    except ValueError:
        raise NotFound(what, field=field) from None


__all__ = ["decode_id", "decode_int_id", "decode_uuid_id", "to_global_id"]
