from __future__ import annotations

import binascii

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


def decode_int_id(global_id: str, expected_type: str, field: str, what: str) -> int:
    pk = decode_id(global_id, expected_type, field, what)
    if not pk.isdigit():
        raise NotFound(what, field=field)
    return int(pk)


__all__ = ["decode_id", "decode_int_id", "to_global_id"]
