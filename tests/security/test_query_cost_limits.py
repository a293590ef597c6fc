"""What one GraphQL request may cost, refused before any resolver runs (issue 6).

The limits are no looser than Saleor 3.24's own (saleor/settings.py):
GRAPHQL_BATCH_MAX_COUNT=1, GRAPHQL_ALIAS_COUNT_LIMIT=100, GRAPHQL_MUTATION_COUNT_LIMIT=4,
GRAPHQL_QUERY_MAX_COMPLEXITY=50000 (Saleor has no depth limit). Ours: no batching, 15
aliases, 1 mutation, complexity 50000, depth 10 (conf.py).

"No resolver ran" is shown by the database: every query below asks for fields whose
resolvers read the database (``myCompanies``, ``company``) or write it (mutations), and a
refused request runs no more SQL than an empty ``{ __typename }`` (authentication only)
and changes nothing.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_customer_center import conf
from saleor_customer_center.models import Membership
from saleor_customer_center.roles import Role
from tests.access import gql
from tests.conftest import GRAPHQL_URL
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SALEOR = {"aliases": 100, "mutations": 4, "complexity": 50000, "batch": 1}


def test_defaults_are_no_looser_than_saleors_own():
    assert conf.DEFAULTS["GRAPHQL_MAX_ALIASES"] <= SALEOR["aliases"]
    assert conf.DEFAULTS["GRAPHQL_MAX_MUTATIONS"] <= SALEOR["mutations"]
    assert conf.DEFAULTS["GRAPHQL_MAX_COMPLEXITY"] <= SALEOR["complexity"]
    assert conf.DEFAULTS["GRAPHQL_MAX_DEPTH"] <= 10


@pytest.fixture
def admin(company):
    return MembershipFactory(company=company, role=Role.L80_ADMIN)


@pytest.fixture
def baseline(api, admin) -> int:
    """SQL statements of a request that reaches no resolver of ours: authentication only."""
    with CaptureQueriesContext(connection) as queries:
        assert api.as_user(admin.user).post("{ __typename }") == {"data": {"__typename": "Query"}}
    return len(queries)


DEEP = "__schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }"  # noqa: E501


def _queries(company_id: str) -> dict[str, tuple[str, dict, str]]:
    many_aliases = " ".join(f"a{i}: myCompanies {{ role }}" for i in range(16))
    return {
        "aliases_case": (
            "{ " + many_aliases + " }",
            {},
            "The query uses more than 15 aliases.",
        ),
        "depth_case": (
            "{ myCompanies { role } " + DEEP + " }",
            {},
            "The query is nested deeper than 10 levels.",
        ),
        "complexity_case": (
            """query($id: ID!) { myCompanies { role } company(id: $id) {
               members(first: 60000) { edges { node { id email } } } } }""",
            {"id": company_id},
            "The query is too complex",
        ),
        "complexity_by_variable_case": (
            """query($id: ID!, $n: Int) { company(id: $id) {
               members(first: $n) { edges { node { id email } } } } }""",
            {"id": company_id, "n": 60000},
            "The query is too complex",
        ),
    }


CASES = ["aliases_case", "depth_case", "complexity_case", "complexity_by_variable_case"]


@pytest.mark.parametrize("case", CASES)
def test_costly_query_is_refused_before_any_resolver_runs(api, company, admin, baseline, case):
    query, variables, message = _queries(gql.company_id(company))[case]
    with CaptureQueriesContext(connection) as queries:
        response = api.as_user(admin.user).post(query, variables, raw=True)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_EXPENSIVE"}
    assert error["message"].startswith(message)
    assert response.json()["data"] is None
    assert len(queries) <= baseline


def test_two_mutations_in_one_request_are_refused_and_neither_runs(api, company, admin, baseline):
    document = """mutation($c: ID!, $one: CompanyMemberInput!, $two: CompanyMemberInput!) {
      one: companyMemberCreate(companyId: $c, input: $one) { errors { code } }
      two: companyMemberCreate(companyId: $c, input: $two) { errors { code } } }"""
    variables = {
        "c": gql.company_id(company),
        "one": gql.person(email="one@example.com"),
        "two": gql.person(email="two@example.com"),
    }
    before = Membership.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = api.as_user(admin.user).post(document, variables, raw=True)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "Send at most 1 mutation(s) per request.",
            "extensions": {"code": "QUERY_TOO_EXPENSIVE"},
        }
    ]
    assert Membership.objects.count() == before
    assert len(queries) <= baseline


def test_mutations_in_two_operations_of_one_document_count_together(api, company, admin):
    document = """mutation A($c: ID!, $one: CompanyMemberInput!) {
      companyMemberCreate(companyId: $c, input: $one) { errors { code } } }
    mutation B($c: ID!, $one: CompanyMemberInput!) {
      companyMemberCreate(companyId: $c, input: $one) { errors { code } } }"""
    body = {
        "query": document,
        "operationName": "A",
        "variables": {"c": gql.company_id(company), "one": gql.person()},
    }
    before = Membership.objects.count()
    response = api.client.post(
        GRAPHQL_URL,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.token_for(admin.user)}",
    )
    assert response.status_code == 400
    assert Membership.objects.count() == before


def test_json_batch_is_refused_and_none_of_it_runs(api, company, admin, baseline):
    batch = [
        {
            "query": gql.MEMBER_CREATE,
            "variables": {
                "company": gql.company_id(company),
                "input": gql.person(email=f"b{i}@example.com"),
            },
        }
        for i in range(2)
    ]
    before = Membership.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = api.client.post(
            GRAPHQL_URL,
            data=json.dumps(batch),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {api.token_for(admin.user)}",
        )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "Batched requests are not accepted: send one operation.",
            "extensions": {"code": "GRAPHQL_ERROR"},
        }
    ]
    assert Membership.objects.count() == before
    assert len(queries) <= baseline


def test_a_batch_of_one_is_refused_too(api, admin):
    response = api.client.post(
        GRAPHQL_URL, data=json.dumps([{"query": "{ __typename }"}]), content_type="application/json"
    )
    assert response.status_code == 400


def test_a_query_within_every_limit_runs(api, company, admin):
    query = "{ " + " ".join(f"a{i}: myCompanies {{ role }}" for i in range(15)) + " }"
    data = api.as_user(admin.user).post(query)
    assert data["data"]["a14"] == [{"role": "L80_ADMIN"}]
