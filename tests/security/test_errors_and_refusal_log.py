"""Errors never carry emails, SQL, stack traces or payloads; refusals are logged (issue 6).

The internal errors are real ones: PostgreSQL itself refuses the write (a trigger raising an
exception whose message holds an email and SQL words), reached through the ordinary
mutation. The caller must get only the generic message; the operator's log gets the rest.
"""

from __future__ import annotations

import logging

import pytest

from saleor_customer_center.models import Membership
from saleor_customer_center.roles import Role
from tests.access import gql
from tests.conftest import PLUGIN_URL
from tests.factories import CompanyFactory, MembershipFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

GENERIC = "Internal error. The shop has been told."
SECURITY_LOGGER = "saleor_customer_center.security"
LONG_EMAIL = "a" * 250 + "@leak.example.com"
LEAKS = ("leak.example.com", "character varying", "Traceback", "DataError", "INSERT", "psycopg")


@pytest.fixture
def admin(company):
    return MembershipFactory(company=company, role=Role.L80_ADMIN)


@pytest.fixture
def database_refuses_new_members(admin):
    """A real database error on the ordinary write path: PostgreSQL itself refuses every new
    membership (after the admin exists), with a message full of what must never leak."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION cc_test_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'INSERT refused for secret@leak.example.com (character varying)';
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER cc_test_refuse BEFORE INSERT ON saleor_customer_center_membership
            FOR EACH ROW EXECUTE FUNCTION cc_test_refuse();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER cc_test_refuse ON saleor_customer_center_membership;"
            "DROP FUNCTION cc_test_refuse();"
        )


def test_database_errors_reach_the_caller_as_the_generic_message_only(
    api, company, admin, database_refuses_new_members
):
    # given: an admin, and a database that refuses the write
    before = Membership.objects.count()

    # when
    response = api.as_user(admin.user).post(
        gql.MEMBER_CREATE,
        {"company": gql.company_id(company), "input": gql.person(email="new@example.com")},
        raw=True,
    )

    # then: one generic error, nothing of the database's message, nothing written
    assert response.json() == {
        "data": {"companyMemberCreate": None},
        "errors": [
            {
                "message": GENERIC,
                "extensions": {"code": "INTERNAL_ERROR"},
                "path": ["companyMemberCreate"],
            }
        ],
    }
    body = response.content.decode()
    assert not [leak for leak in LEAKS if leak in body]
    assert Membership.objects.count() == before


def test_internal_error_is_logged_for_the_operator_with_its_details(
    api, company, admin, database_refuses_new_members, caplog
):
    with caplog.at_level(logging.ERROR, logger="saleor_customer_center.graphql"):
        api.as_user(admin.user).post(
            gql.MEMBER_CREATE,
            {"company": gql.company_id(company), "input": gql.person(email="new@example.com")},
        )
    (record,) = [r for r in caplog.records if r.name == "saleor_customer_center.graphql"]
    assert "secret@leak.example.com" in str(record.exc_info[1])


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"email": LONG_EMAIL}, "email"),
        ({"salutation": "S" * 500}, "salutation"),
        ({"firstName": "N" * 500}, "firstName"),
    ],
    ids=["too_long_email_case", "too_long_salutation_case", "too_long_name_case"],
)
def test_too_long_input_is_a_field_error_not_a_database_error(api, company, admin, extra, field):
    before = Membership.objects.count()
    data = api.as_user(admin.user).post(
        gql.MEMBER_CREATE, {"company": gql.company_id(company), "input": gql.person(**extra)}
    )["data"]["companyMemberCreate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, "INVALID")]
    assert Membership.objects.count() == before


def _refusals(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == SECURITY_LOGGER]


def test_refused_mutation_is_logged_with_user_operation_and_address(api, company, caplog):
    # given: an L20 member asking for a user-management mutation
    member = MembershipFactory(company=company, role=Role.L20_ORDERS)

    # when
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        data = api.as_user(member.user).post(
            gql.MEMBER_CREATE,
            {"company": gql.company_id(company), "input": gql.person()},
            REMOTE_ADDR="203.0.113.7",
        )

    # then
    assert data["data"]["companyMemberCreate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    (record,) = _refusals(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"Refused PERMISSION_DENIED: operation=companyMemberCreate "
        f"user_id={member.user.pk} client=203.0.113.7"
    )
    assert member.user.email not in record.getMessage()


def test_foreign_company_in_a_query_is_logged_as_not_found(api, company, caplog):
    member = MembershipFactory(company=company, role=Role.L80_ADMIN)
    foreign = CompanyFactory()
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        data = api.as_user(member.user).post(
            "query($id: ID!) { company(id: $id) { id name } }",
            {"id": gql.company_id(foreign)},
            REMOTE_ADDR="198.51.100.4",
        )
    assert data == {"data": {"company": None}}  # exactly as for a missing id
    (record,) = _refusals(caplog)
    assert record.getMessage() == (
        f"Refused NOT_FOUND: operation=company user_id={member.user.pk} client=198.51.100.4"
    )


def test_allowed_requests_log_no_refusal(api, company, caplog):
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        api.as_user(admin.user).post(
            "query($id: ID!) { company(id: $id) { id name } }", {"id": gql.company_id(company)}
        )
    assert _refusals(caplog) == []


def test_refused_page_is_logged_with_user_path_and_address(client, plugin_configuration, caplog):
    # given: an L10 member opening the users page (admins only), signed in
    member = MembershipFactory(company=CompanyFactory(), role=Role.L10_BASIC)
    pages = PageClient(client).sign_in(member.user)

    # when
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        response = pages.get("users/", REMOTE_ADDR="192.0.2.9")

    # then
    assert response.status_code == 403
    (record,) = _refusals(caplog)
    assert record.getMessage() == (
        f"Refused PERMISSION_DENIED: operation=/plugins/global/saleor.customer_center/users/ "
        f"user_id={member.user.pk} client=192.0.2.9"
    )


def test_foreign_member_page_is_logged_as_not_found(client, plugin_configuration, caplog):
    admin = MembershipFactory(company=CompanyFactory(), role=Role.L80_ADMIN)
    foreign = MembershipFactory(company=CompanyFactory(), role=Role.L20_ORDERS)
    pages = PageClient(client).sign_in(admin.user)
    path = PLUGIN_URL + f"users/{foreign.pk}/edit/"
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        response = pages.get(f"users/{foreign.pk}/edit/")
    assert response.status_code == 404
    (record,) = _refusals(caplog)
    assert record.getMessage() == (
        f"Refused NOT_FOUND: operation={path} user_id={admin.user.pk} client=127.0.0.1"
    )


def test_refused_query_field_is_logged_for_an_anonymous_caller(api, caplog):
    with caplog.at_level(logging.WARNING, logger=SECURITY_LOGGER):
        data = api.post("{ myCompanies { role } }", REMOTE_ADDR="192.0.2.77")
    assert data["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    (record,) = _refusals(caplog)
    assert record.getMessage() == (
        "Refused PERMISSION_DENIED: operation=myCompanies user_id=anonymous client=192.0.2.77"
    )
