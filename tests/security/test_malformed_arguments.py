"""Malformed ids and strings never answer 5xx, an internal error or a traceback (issue 10).

Hypothesis walks the served schema: every query field and mutation, and every field with
arguments reached from the query root (``company(id) { orders(filter) }``...), gets ids
that are not base64, name the wrong type, hold a pk that is not a number, a huge number,
NUL characters or nothing at all, and strings with NUL characters, lone surrogates and
thousands of characters, mixed with the ids of real objects so that the malformed value
is reached behind a valid one. Callers: anonymous, a company's Owner and staff.

The answer must be what a malformed value deserves, ``NOT_FOUND``/``INVALID`` field errors
or a GraphQL error: HTTP 200 or 400, never 5xx, no ``INTERNAL_ERROR``, no traceback.
Each example runs in a savepoint rolled back afterwards, so every example meets the same
world.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.db import transaction
from graphql.type import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saleor_customer_center.graphql.schema import schema

from .world import World

pytestmark = pytest.mark.django_db

TYPE_NAMES = ["Company", "Invoice", "Node", "", "company", "Company\x00", "Ç"]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()


NUL_TEXT = st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=5), st.text(max_size=5))
NASTY_PKS = ["", "0", "-1", " 1", "1 ", "+1", "1_000", "1e9", "0x1", "²", "٣", "١٢", "1\x00"]
NASTY_PKS += ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "NaN"]
NASTY_PKS += ["99999999999999999999999", "00000000-0000-0000-0000-000000000000", "1:2"]
PKS = st.one_of(
    st.sampled_from(NASTY_PKS),
    st.sampled_from(NASTY_PKS),
    st.sampled_from(NASTY_PKS),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.uuids().map(str),
    st.text(max_size=12),
    NUL_TEXT,
)
MALFORMED = st.one_of(
    st.sampled_from(["", "\x00", "=", "====", "not base64!", "Q29tcGFueTox\x00", "%%%%"]),
    st.text(max_size=24),
    st.binary(max_size=24).map(lambda raw: base64.b64encode(raw).decode()),
    st.builds(lambda name, pk: _b64(f"{name}:{pk}"), st.sampled_from(TYPE_NAMES), PKS),
)


# The type an id argument names, where its name says it (the rest get every type).
ID_TYPES = {"companyId": "Company", "memberId": "CompanyMember", "contactId": "ErpContact"}
ID_TYPES |= {"orderId": "Order", "placedBy": "User", "company.id": "Company", "order.id": "Order"}
ID_TYPES |= {"companyBlockSet.id": "Company", "erpRejectedRecordsRetry.id": "ErpRejectedRecord"}
ID_TYPES |= {
    "companyRequestApprove.id": "CompanyRequest",
    "companyRequestReject.id": "CompanyRequest",
}


def _id_type(field: str, argument: str) -> str | None:
    if argument in ID_TYPES:
        return ID_TYPES[argument]
    if f"{field}.{argument}" in ID_TYPES:
        return ID_TYPES[f"{field}.{argument}"]
    return "CompanyMember" if field.startswith("companyMember") else None


def _malformed_ids(valid: list[str], type_name: str | None) -> Any:
    """Ids broken in every way; most of them name the type the argument takes, with a pk
    that is no pk, since those pass the first checks and reach the furthest."""
    types = [type_name] if type_name else [_type_of(global_id) for global_id in valid]
    typed = st.builds(lambda name, pk: _b64(f"{name}:{pk}"), st.sampled_from(types), PKS)
    return st.one_of(
        typed,
        typed,
        st.sampled_from(valid).map(lambda global_id: global_id + "\x00"),
        st.sampled_from(valid).map(lambda global_id: global_id[:-2]),
        MALFORMED,
    )


def _type_of(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":")[0]


STRINGS = st.one_of(
    st.text(max_size=30),
    NUL_TEXT,
    st.sampled_from(["\x00", "\ud800", "a\udfffb", "' OR 1=1 --", "%s%s", "{}", "C-TARGET"]),
    st.integers(min_value=1, max_value=12_000).map(lambda size: "x" * size),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["1e400", "-1e400", "NaN", "100", "100.0", "", "\x00"]),
)
DECIMALS = st.one_of(
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999999", "-0", "0.000000001", "sNaN"]),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    STRINGS,
)
SCALARS: dict[str, Any] = {
    "String": STRINGS,
    "Int": NUMBERS,
    "Float": NUMBERS,
    "Boolean": st.one_of(st.booleans(), STRINGS),
    "Decimal": DECIMALS,
    "Date": st.one_of(st.dates().map(str), STRINGS),
    "DateTime": st.one_of(st.datetimes().map(lambda value: value.isoformat()), STRINGS),
    "UUID": st.one_of(st.uuids().map(str), STRINGS),
    "JSONString": STRINGS,
}


def _valid_ids(world: World) -> list[str]:
    return [
        world.gid("Company", world.company.pk),
        world.gid("Company", world.other_company.pk),
        world.gid("CompanyMember", world.victim.pk),
        world.gid("CompanyMember", world.heir.pk),
        world.gid("CompanyMember", world.members["L90_OWNER"].pk),
        world.gid("CompanyRequest", world.request.pk),
        world.gid("ErpContact", world.contact.pk),
        world.gid("Order", world.order_link.order_id),
        world.gid("ErpRejectedRecord", world.rejected.pk),
        world.gid("User", world.victim.user.pk),
    ]


def _values(graphql_type: Any, ids: Any, name: str) -> Any:
    """A strategy of JSON values for a variable of ``graphql_type``; ``ids(name)`` gives
    the strategy of an id argument or input field called ``name``."""
    if isinstance(graphql_type, GraphQLNonNull):
        return _values(graphql_type.of_type, ids, name)
    if isinstance(graphql_type, GraphQLList):
        return st.lists(_values(graphql_type.of_type, ids, name), max_size=3)
    if isinstance(graphql_type, GraphQLInputObjectType):
        required, optional = {}, {}
        for field_name, field in graphql_type.fields.items():
            target = required if isinstance(field.type, GraphQLNonNull) else optional
            target[field_name] = _values(field.type, ids, field_name)
        return st.fixed_dictionaries(required, optional=optional)
    if isinstance(graphql_type, GraphQLEnumType):
        return st.one_of(st.sampled_from([value.name for value in graphql_type.values]), STRINGS)
    if graphql_type.name == "ID":
        return ids(name)
    return SCALARS[graphql_type.name]


def _selection(graphql_type: Any) -> str:
    while isinstance(graphql_type, GraphQLList | GraphQLNonNull):
        graphql_type = graphql_type.of_type
    if not isinstance(graphql_type, GraphQLObjectType):
        return ""
    if "errors" in graphql_type.fields:
        return "{ __typename errors { field code message } }"
    return "{ __typename }"


def _targets() -> list[tuple[str, list[tuple[str, Any]]]]:
    """(operation, path) for every mutation and every field with arguments reachable from
    the query root, each by its shortest path of fields."""
    targets = [
        ("mutation", [(name, field)]) for name, field in schema.get_mutation_type().fields.items()
    ]
    queue = [([], schema.get_query_type())]
    seen = {schema.get_query_type().name}
    while queue:
        path, parent = queue.pop(0)
        for name, field in parent.fields.items():
            here = [*path, (name, field)]
            if field.args or not path:
                targets.append(("query", here))
            inner = field.type
            while isinstance(inner, GraphQLList | GraphQLNonNull):
                inner = inner.of_type
            if isinstance(inner, GraphQLObjectType) and inner.name not in seen:
                seen.add(inner.name)
                queue.append((here, inner))
    return targets


TARGETS = _targets()


def _document(
    operation: str, path: list[tuple[str, Any]]
) -> tuple[str, list[tuple[str, str, Any]]]:
    """The document reaching the path's last field with every argument a variable."""
    variables: list[tuple[str, str, Any]] = []
    text = ""
    for depth, (name, field) in reversed(list(enumerate(path))):
        arguments = []
        for argument_name, argument in field.args.items():
            variable = f"v{depth}_{argument_name}"
            variables.append((variable, argument_name, argument.type))
            arguments.append(f"{argument_name}: ${variable}")
        head = f"{name}({', '.join(arguments)})" if arguments else name
        text = f"{head} {text or _selection(field.type)}"
        text = text if depth == 0 else "{ " + text + " }"
    declared = ", ".join(f"${variable}: {graphql_type}" for variable, _, graphql_type in variables)
    header = f"{operation}({declared})" if declared else operation
    return f"{header} {{ {text} }}", variables


@pytest.mark.parametrize(
    ("operation", "path"),
    TARGETS,
    ids=[f"{operation}_{'.'.join(name for name, _ in path)}" for operation, path in TARGETS],
)
@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_malformed_ids_and_strings_never_answer_an_internal_error(
    api, world, operation, path, data
):
    # given: a caller, and every argument of the path malformed or the id of a real object
    document, declared = _document(operation, path)
    valid_ids = _valid_ids(world)
    valid = st.sampled_from(valid_ids)
    actor = data.draw(st.sampled_from(["anonymous", "L90_OWNER", "staff"]), label="actor")
    field = path[-1][0]

    def ids(argument: str) -> Any:
        return st.one_of(valid, _malformed_ids(valid_ids, _id_type(field, argument)))

    variables = {}
    for variable, argument, graphql_type in declared:
        # ids on the way to the field are real ones, so the malformed value is reached
        on_the_way = not variable.startswith(f"v{len(path) - 1}_")
        strategy = _values(graphql_type, (lambda _: valid) if on_the_way else ids, argument)
        variables[variable] = data.draw(strategy, label=variable)

    # when
    with transaction.atomic():
        response = api.as_user(world.user(actor)).post(document, variables, raw=True)
        transaction.set_rollback(True)

    # then
    assert response.status_code in (200, 400), response.content[:500]
    text = response.content.decode()
    assert "Traceback" not in text
    body = json.loads(text)
    codes = [error.get("extensions", {}).get("code") for error in body.get("errors") or []]
    assert "INTERNAL_ERROR" not in codes, body
