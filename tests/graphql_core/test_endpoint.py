"""The GraphQL endpoint itself: authentication, isolation of company(id), cost limits."""

import json

import pytest
from graphql_relay import to_global_id

from saleor_customer_center import saleor
from saleor_customer_center.roles import Role
from tests.conftest import GRAPHQL_URL
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPANY = """query($id: ID!) { company(id: $id) { id name customerNumber uin vatNumber
customerCenterEnabled } }"""


def test_member_reads_its_company(api):
    membership = MembershipFactory(role=Role.L10_BASIC)
    company = membership.company
    data = api.as_user(membership.user).post(COMPANY, {"id": to_global_id("Company", company.pk)})
    assert data == {
        "data": {
            "company": {
                "id": to_global_id("Company", company.pk),
                "name": company.name,
                "customerNumber": company.customer_number,
                "uin": company.uin,
                "vatNumber": company.vat_number,
                "customerCenterEnabled": True,
            }
        }
    }


def test_other_company_answers_like_a_missing_one(api):
    membership = MembershipFactory()
    other = CompanyFactory()
    member_api = api.as_user(membership.user)
    foreign = member_api.post(COMPANY, {"id": to_global_id("Company", other.pk)})
    missing = member_api.post(COMPANY, {"id": to_global_id("Company", 987654)})
    assert foreign == missing == {"data": {"company": None}}


def test_inactive_membership_sees_nothing(api):
    membership = MembershipFactory(is_active=False)
    data = api.as_user(membership.user).post(
        COMPANY, {"id": to_global_id("Company", membership.company.pk)}
    )
    assert data == {"data": {"company": None}}


def test_anonymous_is_refused(api):
    company = CompanyFactory()
    data = api.post(COMPANY, {"id": to_global_id("Company", company.pk)})
    assert data["data"] == {"company": None}
    assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_revoked_token_is_401(api):
    membership = MembershipFactory()
    token = saleor.create_tokens(membership.user)["token"]
    saleor.rotate_token_key(membership.user)
    response = api.client.post(
        GRAPHQL_URL,
        data=json.dumps({"query": COMPANY, "variables": {"id": "x"}}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


def test_batched_requests_are_refused(api):
    response = api.client.post(
        GRAPHQL_URL,
        data=json.dumps([{"query": "{ __typename }"}, {"query": "{ __typename }"}]),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Batched" in response.json()["errors"][0]["message"]


def test_get_is_refused_outside_debug(api):
    assert api.client.get(GRAPHQL_URL).status_code == 405


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }", "aliases"),
        ("{ " + 'company(id: "x") { ' * 11 + "id" + " }" * 11 + " }", "deeper"),
    ],
    ids=["aliases_case", "depth_case"],
)
def test_costly_queries_are_refused_before_any_resolver(api, query, fragment):
    response = api.post(query, user=UserFactory(), raw=True)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_EXPENSIVE"
    assert fragment in body["errors"][0]["message"]


def test_malformed_query_gets_a_syntax_error(api):
    response = api.post("{ company(", raw=True)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("Syntax error")
