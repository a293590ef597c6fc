"""Flow 3: multi-company login; and the cost of the access lists, constant in their rows."""

import pytest

from saleor_customer_center.models import UserPreference
from saleor_customer_center.roles import Role
from tests.factories import CompanyFactory, ErpContactFactory, MembershipFactory, UserFactory

from .gql import MEMBERS, MY_COMPANIES, SWITCH, company_id

pytestmark = pytest.mark.django_db


def test_one_company_is_current_without_asking(api):
    membership = MembershipFactory(role=Role.L20_ORDERS)
    data = api.as_user(membership.user).post(MY_COMPANIES)["data"]["myCompanies"]
    assert data == [
        {
            "company": {"id": company_id(membership.company), "name": membership.company.name},
            "role": "L20_ORDERS",
            "isCurrent": True,
        }
    ]


def test_several_companies_ask_once_and_remember_the_choice(api):
    user = UserFactory()
    first = MembershipFactory(user=user, company=CompanyFactory(name="A Co"), role=Role.L10_BASIC)
    second = MembershipFactory(user=user, company=CompanyFactory(name="B Co"), role=Role.L80_ADMIN)
    member_api = api.as_user(user)
    before = member_api.post(MY_COMPANIES)["data"]["myCompanies"]
    assert [(entry["role"], entry["isCurrent"]) for entry in before] == [
        ("L10_BASIC", False),
        ("L80_ADMIN", False),
    ]
    switched = member_api.post(SWITCH, {"id": company_id(second.company)})
    assert switched["data"]["companySwitch"] == {
        "errors": [],
        "company": {"id": company_id(second.company)},
    }
    assert UserPreference.objects.get(user=user).current_company == second.company
    after = member_api.post(MY_COMPANIES)["data"]["myCompanies"]
    assert [entry["isCurrent"] for entry in after] == [False, True]
    member_api.post(SWITCH, {"id": company_id(first.company)})
    assert [e["isCurrent"] for e in member_api.post(MY_COMPANIES)["data"]["myCompanies"]] == [
        True,
        False,
    ]


def test_inactive_and_blocked_companies_are_not_listed(api):
    user = UserFactory()
    MembershipFactory(user=user, is_active=False)
    MembershipFactory(user=user, company=CompanyFactory(is_blocked=True))
    kept = MembershipFactory(user=user)
    data = api.as_user(user).post(MY_COMPANIES)["data"]["myCompanies"]
    assert [entry["company"]["id"] for entry in data] == [company_id(kept.company)]


def test_switch_to_a_company_that_is_not_yours_is_not_found(api):
    membership = MembershipFactory()
    other = CompanyFactory()
    answer = api.as_user(membership.user).post(SWITCH, {"id": company_id(other)})
    assert answer["data"]["companySwitch"]["errors"][0]["code"] == "NOT_FOUND"
    assert not UserPreference.objects.exists()


def _queries(post) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post()  # warm the caches (plugin configuration, content types)
    with CaptureQueriesContext(connection) as captured:
        post()
    return len(captured)


def _my_companies_caller(api, rows: int):
    user = UserFactory()
    for _ in range(rows):
        MembershipFactory(user=user)
    member_api = api.as_user(user)

    def post():
        data = member_api.post(MY_COMPANIES)
        assert len(data["data"]["myCompanies"]) == rows
        return data

    return post


def test_my_companies_query_count_is_constant(api, django_assert_num_queries):
    expected = _queries(_my_companies_caller(api, 2))
    large = _my_companies_caller(api, 20)
    large()
    with django_assert_num_queries(expected):
        large()


def _members_caller(api, rows: int):
    from saleor_customer_center.services import budgets

    company = CompanyFactory()
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    for number in range(rows):
        contact = ErpContactFactory(company=company)
        member = MembershipFactory(company=company, role=Role.L20_ORDERS, erp_contact=contact)
        if number % 2:
            budgets.set_budget(member, "100", "USD", "monthly", actor=admin.user)
        ErpContactFactory(company=company)
    admin_api = api.as_user(admin.user)

    def post():
        data = admin_api.post(MEMBERS, {"id": company_id(company)})
        assert data["data"]["company"]["members"]["totalCount"] == rows + 1
        assert data["data"]["company"]["erpContacts"]["totalCount"] == rows * 2
        return data

    return post


def test_members_and_contacts_query_count_is_constant(api, django_assert_num_queries):
    expected = _queries(_members_caller(api, 2))
    large = _members_caller(api, 20)
    large()
    with django_assert_num_queries(expected):
        large()
