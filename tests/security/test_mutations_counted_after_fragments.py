"""One mutation per request, counted after fragments are expanded (issue item 2).

A mutation whose top-level selection was a fragment spread ran fifteen
``companyRequestCreate`` in one request; anonymously, two ``companyActivate``: only the
top-level selections as written were counted. Now the fields that run at the root are
counted through fragments and inline fragments, each alias apart, and ``@skip``/
``@include`` are not evaluated: a field that may run counts.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_customer_center.models import ActivationAttempt, CompanyRequest
from saleor_customer_center.roles import Role
from tests.access import gql

pytestmark = pytest.mark.django_db

CREATE = "companyRequestCreate(companyId: $c, input: $i) { errors { code } request { id } }"
HEADER = "mutation($c: ID!, $i: CompanyRequestCreateInput!, $no: Boolean!)"
DOCUMENTS = {
    "fragment_case": f"""{HEADER} {{ ...Two }}
        fragment Two on Mutation {{ a: {CREATE} b: {CREATE} }}""",
    "fifteen_case": f"""{HEADER} {{ ...Many }}
        fragment Many on Mutation {{ {" ".join(f"m{i}: {CREATE}" for i in range(15))} }}""",
    "nested_fragment_case": f"""{HEADER} {{ ...Outer }}
        fragment Outer on Mutation {{ ...Inner a: {CREATE} }}
        fragment Inner on Mutation {{ {CREATE} }}""",
    "fragment_spread_twice_case": f"""{HEADER} {{ ...One ...One }}
        fragment One on Mutation {{ {CREATE} }}""",
    "inline_fragment_case": f"""{HEADER} {{ ... on Mutation {{ a: {CREATE} b: {CREATE} }} }}""",
    "inline_fragment_beside_field_case": f"""{HEADER} {{ a: {CREATE} ... {{ b: {CREATE} }} }}""",
    "skipped_case": f"""{HEADER} {{ a: {CREATE} ...Two @skip(if: $no) }}
        fragment Two on Mutation {{ b: {CREATE} }}""",
    "included_case": f"""{HEADER} {{ ... @include(if: $no) {{ a: {CREATE} }} b: {CREATE} }}""",
}


@pytest.fixture
def member(company, member_factory):
    return member_factory(company, Role.L10_BASIC)


@pytest.fixture
def baseline(api, member) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.as_user(member.user).post("{ __typename }") == {"data": {"__typename": "Query"}}
    return len(queries)


def _variables(company) -> dict:
    return {"c": gql.company_id(company), "i": {"kind": "OTHER", "message": "x"}, "no": False}


@pytest.mark.parametrize("case", list(DOCUMENTS))
def test_two_mutations_through_fragments_are_refused_and_none_runs(
    api, company, member, baseline, case
):
    with CaptureQueriesContext(connection) as queries:
        response = api.as_user(member.user).post(DOCUMENTS[case], _variables(company), raw=True)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "Send at most 1 mutation(s) per request.",
            "extensions": {"code": "QUERY_TOO_EXPENSIVE"},
        }
    ]
    assert CompanyRequest.objects.count() == 0
    assert len(queries) <= baseline


def test_two_activations_through_a_fragment_are_refused_anonymously(api):
    document = """mutation($i: CompanyActivateInput!) { ...Twice }
      fragment Twice on Mutation {
        a: companyActivate(input: $i) { errors { code } }
        b: companyActivate(input: $i) { errors { code } } }"""
    variables = {
        "i": {
            "customerNumber": "C1",
            "invoiceNumber": "I1",
            "email": "a@b.example",
            "password": "a-Strong-Pass-2026",
        }
    }
    response = api.post(document, variables, raw=True)
    assert response.status_code == 400
    assert ActivationAttempt.objects.count() == 0


def test_one_mutation_through_a_fragment_runs_beside_typename(api, company, member):
    document = f"""mutation($c: ID!, $i: CompanyRequestCreateInput!) {{ __typename ...One }}
        fragment One on Mutation {{ {CREATE} }}"""
    variables = _variables(company)
    del variables["no"]
    body = api.as_user(member.user).post(document, variables)
    assert body["data"]["companyRequestCreate"]["errors"] == []
    assert CompanyRequest.objects.count() == 1
