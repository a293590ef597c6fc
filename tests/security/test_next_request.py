"""Role changes and deactivations take effect on the next request, not at token expiry
(issue 6). Every test keeps ONE access token, issued before the change, and sends it
again after: nothing about the caller's rights lives in the token or across requests."""

from __future__ import annotations

import pytest

from saleor_customer_center import saleor
from saleor_customer_center.roles import Role
from tests.access import gql
from tests.factories import CompanyFactory, MembershipFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

MEMBERS = """query($id: ID!) { company(id: $id) { id members(first: 10) { totalCount } } }"""


def _with_token(api, token: str, query: str, variables: dict | None = None, raw: bool = False):
    return api.post(query, variables, user=None, raw=raw, HTTP_AUTHORIZATION=f"Bearer {token}")


def _codes(answer: dict) -> list[str]:
    return [error["extensions"]["code"] for error in answer.get("errors", [])]


def test_lowered_role_is_refused_on_the_next_request_with_the_same_token(api, company):
    # given: an admin holding one token, who can list the members
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    token = saleor.create_tokens(admin.user)["token"]
    variables = {"id": gql.company_id(company)}
    allowed = _with_token(api, token, MEMBERS, variables)
    assert allowed["data"]["company"]["members"]["totalCount"] == 2

    # when: the owner lowers the admin to L20
    changed = api.as_user(owner.user).post(
        gql.MEMBER_UPDATE,
        {
            "id": gql.member_id(admin),
            "input": gql.person(email=admin.user.email, role="L20_ORDERS"),
        },
    )
    assert changed["data"]["companyMemberUpdate"]["errors"] == []

    # then: the very next request with the same token is refused
    refused = _with_token(api, token, MEMBERS, variables)
    assert _codes(refused) == ["PERMISSION_DENIED"]
    assert refused["data"]["company"]["members"] is None


def test_deactivated_membership_is_gone_on_the_next_request_with_the_same_token(
    api, company, other_company
):
    # given: a member of two companies (so the login itself stays on), one token
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L40_BILLING)
    MembershipFactory(company=other_company, user=buyer.user, role=Role.L20_ORDERS)
    token = saleor.create_tokens(buyer.user)["token"]
    query = "query($id: ID!) { company(id: $id) { id } }"
    assert _with_token(api, token, query, {"id": gql.company_id(company)})["data"]["company"]

    # when
    api.as_user(admin.user).post(gql.DEACTIVATE, {"id": gql.member_id(buyer)})

    # then: that company answers as if it did not exist; the other one still works
    assert _with_token(api, token, query, {"id": gql.company_id(company)}) == {
        "data": {"company": None}
    }
    assert _with_token(api, token, query, {"id": gql.company_id(other_company)})["data"][
        "company"
    ] == {"id": gql.company_id(other_company)}


def test_deactivated_login_is_refused_on_the_next_request_with_the_same_token(api, company):
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    token = saleor.create_tokens(buyer.user)["token"]
    assert _with_token(api, token, gql.MY_COMPANIES)["data"]["myCompanies"]

    api.as_user(admin.user).post(gql.DEACTIVATE, {"id": gql.member_id(buyer)})

    response = _with_token(api, token, gql.MY_COMPANIES, raw=True)
    assert response.status_code == 401
    assert _codes(response.json()) == ["INVALID_TOKEN"]


@pytest.mark.parametrize(
    "change",
    [{"is_blocked": True}, {"is_active": False}],
    ids=["blocked_case", "erp_inactive_case"],
)
def test_switched_off_company_is_gone_on_the_next_request_with_the_same_token(api, change):
    member = MembershipFactory(company=CompanyFactory(), role=Role.L80_ADMIN)
    token = saleor.create_tokens(member.user)["token"]
    assert len(_with_token(api, token, gql.MY_COMPANIES)["data"]["myCompanies"]) == 1

    for name, value in change.items():
        setattr(member.company, name, value)
    member.company.save()

    assert _with_token(api, token, gql.MY_COMPANIES)["data"]["myCompanies"] == []
    answer = _with_token(api, token, MEMBERS, {"id": gql.company_id(member.company)})
    assert answer == {"data": {"company": None}}


def test_lowered_role_loses_the_page_on_the_next_request_with_the_same_token(client, api, company):
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    pages = PageClient(client).sign_in(admin.user)  # one page session, kept throughout
    assert pages.get("users/").status_code == 200

    api.as_user(owner.user).post(
        gql.MEMBER_UPDATE,
        {
            "id": gql.member_id(admin),
            "input": gql.person(email=admin.user.email, role="L20_ORDERS"),
        },
    )

    assert pages.get("users/").status_code == 403
