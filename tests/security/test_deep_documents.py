"""A document or variables too deep to parse or walk answer HTTP 400, never 5xx (issue 10).

A 3,000-level nested anonymous query (6 KB) raised RecursionError in graphql-core's recursive
parser and answered 500. Now the nesting of braces, brackets and parentheses is measured
by a loop before parsing (graphql/core/nesting.py), the nesting through fragment spreads
by the cost walk, and the variables' nesting after decoding (Python's json module decodes
recursively too, so a deeper body is caught where it fails). What stays within
``MAX_NESTING`` is shown to pass parsing, validation and execution.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.query_documents import fragment_chain, nested_fields
from saleor_customer_center.graphql.core.nesting import MAX_NESTING
from tests.conftest import GRAPHQL_URL

pytestmark = pytest.mark.django_db

DEEP = 3_000


def _inline_fragments(levels: int) -> str:
    return "{" + "...{" * levels + "__typename" + "}" * levels + "}"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (nested_fields(DEEP), {}),
        (_inline_fragments(1_500), {}),
        ("{ __type(name: " + "[" * DEEP + '"Query"' + "]" * DEEP + ") { name } }", {}),
        ("{ __typename }" + " " + "(" * DEEP, {}),
        (fragment_chain(300), {}),
        ("query($v: String) { __typename }", {"v": json.loads("[" * 500 + "]" * 500)}),
    ],
    ids=[
        "fields_case",
        "inline_fragments_case",
        "list_value_case",
        "parentheses_case",
        "fragment_chain_case",
        "variables_case",
    ],
)
def test_a_document_too_deep_to_walk_answers_400_anonymously(api, query, variables):
    response = api.post(query, variables, raw=True)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_EXPENSIVE"}
    assert "deeper than 32 levels" in error["message"]


def test_a_body_too_deep_to_decode_answers_400(api):
    body = '{"query": "{ __typename }", "variables": {"v": ' + "[" * 100_000 + "]" * 100_000
    response = api.client.post(GRAPHQL_URL, data=body + "}}", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The request body is nested too deeply."


def test_the_deepest_document_allowed_is_parsed_validated_and_run(api):
    # given: inline fragments nested to the limit (the query's own braces are the first)
    query = _inline_fragments(MAX_NESTING - 1)
    # when / then: graphql-core's recursion stays within Python's stack
    assert api.post(query) == {"data": {"__typename": "Query"}}


def test_the_longest_fragment_chain_allowed_is_parsed_validated_and_run(api):
    # the operation's selection set is one level, each spread and fragment two more
    assert api.post(fragment_chain((MAX_NESTING - 1) // 2 - 1)) == {"data": {"__typename": "Query"}}
