"""The complexity estimate counts the page that will be served (issue item 3).

``first`` given as the string "100" or the float 100.0 (graphql-core coerces both to 100
for the resolver), or left out (a full page, ``GRAPHQL_PAGE_MAX``), was counted as 1.
Now the estimate takes ``first`` as graphql-core hands it to the resolver and asks
``pagination.page_size``, the function ``paginate`` serves by: the two cannot disagree. A
value ``paginate`` would refuse is refused before anything runs.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import parse

from saleor_customer_center.graphql.core.limits import CostWalk, QueryTooExpensive
from saleor_customer_center.graphql.schema import schema
from saleor_customer_center.roles import Role
from tests.access import gql

pytestmark = pytest.mark.django_db

MEMBERS = """query($id: ID!, $n: Int) { company(id: $id) {
  members(first: $n) { edges { node { id } } } } }"""
WITHOUT_FIRST = """query($id: ID!) { company(id: $id) { members { edges { node { id } } } } }"""


def _complexity(document: str, variables: dict) -> int:
    return CostWalk(parse(document), variables, schema).check().complexity


def per_page(items: int) -> int:
    """company (1) + members (1 + edges (1 + node (1 + id))) per item."""
    return 1 + (1 + 1 + 1 + 1) * items


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (MEMBERS, {"n": 100}),
        (MEMBERS, {"n": "100"}),
        (MEMBERS, {"n": 100.0}),
        (MEMBERS, {"n": None}),
        (MEMBERS, {}),
        (WITHOUT_FIRST, {}),
    ],
    ids=["int_case", "string_case", "float_case", "null_case", "unset_case", "absent_case"],
)
def test_every_spelling_of_a_full_page_costs_a_full_page(document, variables):
    assert _complexity(document, {"id": "x", **variables}) == per_page(100)


@pytest.mark.parametrize(
    "first",
    [-1, 101, "101", "-1", 101.0, 60000],
    ids=[
        "negative_case",
        "over_case",
        "string_over_case",
        "string_negative_case",
        "float_over_case",
        "far_over_case",
    ],
)
def test_a_page_size_pagination_refuses_is_refused_before_anything_runs(first):
    with pytest.raises(QueryTooExpensive, match="Give a value between 0 and 100."):
        _complexity(MEMBERS, {"id": "x", "n": first})


@pytest.fixture
def admin(company, member_factory):
    for _ in range(9):
        member_factory(company, Role.L10_BASIC)
    return member_factory(company, Role.L80_ADMIN)


@pytest.mark.parametrize(
    ("variables", "served"),
    [({"n": "5"}, 5), ({"n": 3.0}, 3), ({}, 7)],
    ids=["string_case", "float_case", "absent_case"],
)
def test_the_estimate_counts_exactly_the_items_served(
    api, settings, company, admin, variables, served
):
    # given: ten members, pages of at most 7
    settings.CUSTOMER_CENTER = {"GRAPHQL_PAGE_MAX": 7}
    variables = {"id": gql.company_id(company), **variables}

    # when
    body = api.as_user(admin.user).post(MEMBERS, variables)

    # then
    assert len(body["data"]["company"]["members"]["edges"]) == served
    assert _complexity(MEMBERS, variables) == per_page(served)


@pytest.mark.parametrize(
    "variables", [{"n": "100"}, {"n": 100.0}, {}], ids=["string_case", "float_case", "absent_case"]
)
def test_a_full_page_through_a_string_a_float_or_no_first_is_refused_over_the_limit(
    api, settings, company, admin, variables
):
    # given: a complexity limit a full page passes, 20 items do not
    settings.CUSTOMER_CENTER = {"GRAPHQL_MAX_COMPLEXITY": per_page(20)}
    with CaptureQueriesContext(connection) as queries:
        response = api.as_user(admin.user).post(
            MEMBERS, {"id": gql.company_id(company), **variables}, raw=True
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "QUERY_TOO_EXPENSIVE"}
    assert not any("membership" in query["sql"] for query in queries.captured_queries)
