"""The cost checker reads each fragment once and stops at the first limit (issue item 1).

A 1 KB anonymous query of twenty fragments, each spreading the next twice, kept a worker
busy for seconds before "too complex" was answered: the checker walked every expansion.
Now a fragment's shape is computed once and reused, a cycle or an unknown fragment is
refused where it is met, and the walk stops as soon as a limit is passed. ``visited``
counts the selections the walk read: with each fragment read once it never exceeds the
selections written in the document. (The time is in benchmarks/query_cost.py.)
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import parse
from graphql.language import ast

from benchmarks.query_documents import CYCLE, doubling_fragments
from saleor_customer_center.graphql.core.limits import CostWalk, DocumentRefused
from saleor_customer_center.graphql.schema import schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def baseline(api) -> int:
    """SQL statements of an anonymous request that reaches no resolver of ours."""
    with CaptureQueriesContext(connection) as queries:
        assert api.post("{ __typename }") == {"data": {"__typename": "Query"}}
    return len(queries)


def _written(document: ast.Document) -> int:
    """Selections (fields, spreads, inline fragments) as written in the document."""
    count, stack = 0, list(document.definitions)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Field | ast.FragmentSpread | ast.InlineFragment):
            count += 1
        if getattr(node, "selection_set", None) is not None:
            stack.extend(node.selection_set.selections)
    return count


# Eight fragments, each spreading the next in two fields: 2**8 expansions, depth 10.
TYPE_TREE = (
    '{ __type(name: "Query") { ...T0 } } '
    + " ".join(
        f"fragment T{i} on __Type {{ ofType {{ ...T{i + 1} }} possibleTypes {{ ...T{i + 1} }} }}"
        for i in range(8)
    )
    + " fragment T8 on __Type { name }"
)


def test_each_fragment_is_read_once_wherever_it_is_spread():
    # given: a document within every limit whose fragments expand 256 times
    document = parse(TYPE_TREE)

    # when
    walk = CostWalk(document, {}, schema)
    cost = walk.check()

    # then: the complexity counts every expansion; the walk read each selection once
    assert cost.complexity == 767  # T8: 1, T(i): 2 * (1 + T(i+1)), __type: 1 + T0
    assert walk.visited == _written(document) == 35


def test_a_document_whose_fragments_expand_many_times_is_served(api):
    body = api.post(TYPE_TREE)
    assert "errors" not in body
    assert body["data"]["__type"] == {"ofType": None, "possibleTypes": None}


def test_the_attacks_query_is_refused_having_read_no_selection_twice():
    # given: the query of the issue, 2**20 leaves once expanded
    document = parse(doubling_fragments(20))
    walk = CostWalk(document, {}, schema)

    # when / then
    with pytest.raises(DocumentRefused):
        walk.check()
    assert walk.visited <= _written(document) == 42


def test_the_walk_stops_at_the_first_limit_passed():
    # given: sixteen aliases (one too many), then, in the same selection, a fragment of 63
    aliases = " ".join(f"a{i}: myCompanies {{ role }}" for i in range(16))
    leaves = "name " * 10 + "kind " * 10 + "description " * 10
    tail = f'__type(name: "Query") {{ ofType {{ {leaves}}} interfaces {{ {leaves}}} }}'
    document = parse(f"{{ {aliases} ...Tail }} fragment Tail on Query {{ {tail} }}")
    walk = CostWalk(document, {}, schema)

    # when
    with pytest.raises(DocumentRefused, match="more than 15 aliases"):
        walk.check()

    # then: the walk stopped at the sixteenth alias (and its one field)
    assert walk.visited == 32


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (CYCLE, 'Fragment "A" spreads itself (A → B → A).'),
        ("{ ...A } fragment A on Query { ...A }", 'Fragment "A" spreads itself (A → A).'),
        ("{ ...Nowhere }", 'Unknown fragment "Nowhere".'),
        (
            "{ __typename } fragment A on Query { ...B } fragment B on Query { ...A }",
            'Fragment "A" spreads itself (A → B → A).',
        ),
    ],
    ids=["cycle_case", "self_case", "unknown_case", "unused_cycle_case"],
)
def test_a_fragment_cycle_or_an_unknown_fragment_is_refused_before_validation(
    api, baseline, query, message
):
    with CaptureQueriesContext(connection) as queries:
        response = api.post(query, raw=True)
    assert response.status_code == 400
    assert response.json() == {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": "GRAPHQL_ERROR"}}],
    }
    assert len(queries) <= baseline


def test_the_attacks_query_is_refused_anonymously_before_any_resolver(api, baseline):
    with CaptureQueriesContext(connection) as queries:
        response = api.post(doubling_fragments(20), raw=True)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_EXPENSIVE"}
    assert len(queries) <= baseline
