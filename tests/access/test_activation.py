"""Flow 1: activation with customer number + invoice number + email (DESIGN.md 4.1)."""

import pytest
from django.core import mail
from django.test import override_settings

from saleor_customer_center import saleor
from saleor_customer_center.models import ActivationAttempt, AuditEntry, Membership
from saleor_customer_center.roles import Role
from saleor_customer_center.services.activation import UNIFORM_MESSAGE
from tests.factories import (
    PASSWORD,
    CompanyFactory,
    ErpContactFactory,
    InvoiceFactory,
    MembershipFactory,
    UserFactory,
)

from .gql import ACTIVATE, MY_COMPANIES, company_id

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ample-Harbour-2031"


@pytest.fixture
def ready_company():
    company = CompanyFactory(customer_number="C50001", admin_email="erp-admin@acme.example")
    ErpContactFactory(company=company, email="Main@Acme.example", is_main_contact=True)
    InvoiceFactory(company=company, invoice_number="INV-5001")
    return company


def given(**overrides):
    values = {
        "customerNumber": "C50001",
        "invoiceNumber": "INV-5001",
        "email": "main@acme.example",
        "password": NEW_PASSWORD,
    }
    values.update(overrides)
    return {"input": values}


def test_activation_creates_the_owner_and_signs_in(
    api, ready_company, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data = api.post(ACTIVATE, given())["data"]["companyActivate"]

    assert data["errors"] == []
    assert data["businessUser"] is False
    assert data["company"] == {"id": company_id(ready_company), "customerNumber": "C50001"}
    assert data["user"]["email"] == "main@acme.example"
    membership = Membership.objects.get(company=ready_company)
    assert membership.role == Role.L90_OWNER
    assert membership.erp_contact.email == "Main@Acme.example"
    assert membership.user.check_password(NEW_PASSWORD)
    # The tokens are Saleor's own: they work at once.
    user = saleor.user_from_access_token(data["token"])
    assert user == membership.user
    assert saleor.user_from_refresh_token(data["refreshToken"]) == membership.user
    assert data["csrfToken"]
    entry = AuditEntry.objects.get(company=ready_company)
    assert (entry.action, entry.actor_id) == ("company_activated", membership.user_id)
    assert [message.to for message in mail.outbox] == [["main@acme.example"]]
    assert "Owner" in mail.outbox[0].body
    assert ActivationAttempt.objects.get().succeeded is True


def test_signed_in_owner_sees_its_company(api, ready_company):
    token = api.post(ACTIVATE, given())["data"]["companyActivate"]["token"]
    data = api.post(MY_COMPANIES, user=None, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert data["data"]["myCompanies"] == [
        {
            "company": {"id": company_id(ready_company), "name": ready_company.name},
            "role": "L90_OWNER",
            "isCurrent": True,
        }
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"customerNumber": "C99999"},
        {"invoiceNumber": "INV-9999"},
        {"email": "someone.else@acme.example"},
    ],
    ids=["wrong_customer_case", "wrong_invoice_case", "wrong_email_case"],
)
def test_any_mismatch_gives_one_uniform_error(api, ready_company, overrides):
    data = api.post(ACTIVATE, given(**overrides))["data"]["companyActivate"]
    assert data == {
        "errors": [{"field": None, "code": "ACTIVATION_REFUSED", "message": UNIFORM_MESSAGE}],
        "user": None,
        "company": None,
        "token": None,
        "refreshToken": None,
        "csrfToken": None,
        "businessUser": None,
    }
    assert not Membership.objects.exists()


def test_invoice_of_another_customer_is_a_mismatch(api, ready_company):
    InvoiceFactory(company=CompanyFactory(), invoice_number="INV-OTHER")
    data = api.post(ACTIVATE, given(invoiceNumber="INV-OTHER"))["data"]["companyActivate"]
    assert data["errors"][0]["message"] == UNIFORM_MESSAGE


def test_contact_that_is_not_main_contact_is_a_mismatch(api, ready_company):
    ErpContactFactory(company=ready_company, email="clerk@acme.example", is_main_contact=False)
    data = api.post(ACTIVATE, given(email="clerk@acme.example"))["data"]["companyActivate"]
    assert data["errors"][0]["message"] == UNIFORM_MESSAGE


@pytest.mark.parametrize(
    "change", [{"is_blocked": True}, {"is_active": False}], ids=["blocked_case", "inactive_case"]
)
def test_blocked_or_inactive_company_gets_the_uniform_error(api, ready_company, change):
    for name, value in change.items():
        setattr(ready_company, name, value)
    ready_company.save()
    data = api.post(ACTIVATE, given())["data"]["companyActivate"]
    assert data["errors"] == [
        {"field": None, "code": "ACTIVATION_REFUSED", "message": UNIFORM_MESSAGE}
    ]


@pytest.mark.parametrize("role", [Role.L80_ADMIN, Role.L90_OWNER], ids=["admin_case", "owner_case"])
def test_company_already_using_the_customer_center_gets_the_exact_message(api, ready_company, role):
    MembershipFactory(company=ready_company, role=role)
    data = api.post(ACTIVATE, given())["data"]["companyActivate"]
    assert data["errors"] == [
        {
            "field": None,
            "code": "ACTIVATION_REFUSED",
            "message": "Your company is using a Customer center. Please contact your shop "
            "administrator erp-admin@acme.example for activating an account.",
        }
    ]
    assert data["token"] is None


def test_inactive_admin_does_not_count_as_using_the_customer_center(api, ready_company):
    MembershipFactory(company=ready_company, role=Role.L80_ADMIN, is_active=False)
    data = api.post(ACTIVATE, given())["data"]["companyActivate"]
    assert data["errors"] == []
    assert Membership.objects.get(company=ready_company, role=Role.L90_OWNER)


def test_company_without_customer_center_gets_a_business_user(api, ready_company):
    ready_company.customer_center_enabled = False
    ready_company.save()
    data = api.post(ACTIVATE, given())["data"]["companyActivate"]
    assert data["errors"] == []
    assert data["businessUser"] is True
    assert data["company"] is None
    user = saleor.find_user_by_email("main@acme.example")
    assert saleor.business_customer_number(user) == "C50001"
    assert user.check_password(NEW_PASSWORD)
    assert not Membership.objects.exists()
    assert saleor.user_from_access_token(data["token"]) == user


def test_existing_user_is_reused_with_its_own_password(api, ready_company):
    user = UserFactory(email="MAIN@acme.example")
    data = api.post(ACTIVATE, given(password=PASSWORD))["data"]["companyActivate"]
    assert data["errors"] == []
    assert Membership.objects.get(company=ready_company).user == user
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_existing_user_with_a_wrong_password_is_refused(api, ready_company):
    UserFactory(email="main@acme.example")
    data = api.post(ACTIVATE, given(password="Not-The-Password-1"))["data"]["companyActivate"]
    assert data["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert data["errors"][0]["field"] == "password"
    assert not Membership.objects.exists()


def test_weak_password_is_a_field_error(api, ready_company):
    data = api.post(ACTIVATE, given(password="12345"))["data"]["companyActivate"]
    assert data["errors"][0]["field"] == "password"
    assert data["errors"][0]["code"] == "PASSWORD_TOO_WEAK"
    assert saleor.find_user_by_email("main@acme.example") is None


def test_password_is_checked_even_for_an_unknown_email(api, ready_company, monkeypatch):
    """Timing: the unknown-user path hashes a password too (Django's hasher is counted)."""
    from django.contrib.auth import hashers

    calls = []
    real = hashers.check_password

    def counting(password, encoded, *args, **kwargs):
        calls.append(encoded)
        return real(password, encoded, *args, **kwargs)

    monkeypatch.setattr(hashers, "check_password", counting)
    api.post(ACTIVATE, given(email="nobody@acme.example", customerNumber="C00000"))
    assert len(calls) == 1


def test_attempts_are_limited_per_customer_number(api, ready_company):
    for _ in range(5):
        api.post(ACTIVATE, given(invoiceNumber="WRONG"), REMOTE_ADDR="10.0.0.1")
    data = api.post(ACTIVATE, given(), REMOTE_ADDR="10.0.0.2")["data"]["companyActivate"]
    assert data["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    assert "Too many activation attempts" in data["errors"][0]["message"]
    assert not Membership.objects.exists()


def test_attempts_are_limited_per_client_address(api, ready_company):
    for number in range(5):
        api.post(ACTIVATE, given(customerNumber=f"X{number}"), REMOTE_ADDR="10.0.0.9")
    data = api.post(ACTIVATE, given(), REMOTE_ADDR="10.0.0.9")["data"]["companyActivate"]
    assert data["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    other = api.post(ACTIVATE, given(), REMOTE_ADDR="10.0.0.10")["data"]["companyActivate"]
    assert other["errors"] == []


@override_settings(CUSTOMER_CENTER={"ACTIVATION_MAX_ATTEMPTS": 2})
def test_the_limit_is_configurable(api, ready_company):
    for _ in range(2):
        api.post(ACTIVATE, given(invoiceNumber="WRONG"))
    data = api.post(ACTIVATE, given())["data"]["companyActivate"]
    assert data["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"


def test_old_attempts_leave_the_window(api, ready_company):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(5):
        api.post(ACTIVATE, given(invoiceNumber="WRONG"))
    ActivationAttempt.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    assert api.post(ACTIVATE, given())["data"]["companyActivate"]["errors"] == []


def test_user_the_plugin_switched_off_comes_back_with_a_new_company(api, ready_company):
    user = UserFactory(email="main@acme.example")
    saleor.deactivate_user(user)
    data = api.post(ACTIVATE, given(password=PASSWORD))["data"]["companyActivate"]
    assert data["errors"] == []
    user.refresh_from_db()
    assert user.is_active is True


def test_user_the_shop_blocked_cannot_activate(api, ready_company):
    UserFactory(email="main@acme.example", is_active=False)
    data = api.post(ACTIVATE, given(password=PASSWORD))["data"]["companyActivate"]
    assert data["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert not Membership.objects.exists()


def test_without_an_erp_admin_email_the_message_names_the_owner(api, ready_company):
    ready_company.admin_email = ""
    ready_company.save()
    owner = MembershipFactory(company=ready_company, role=Role.L90_OWNER)
    data = api.post(ACTIVATE, given())["data"]["companyActivate"]
    assert data["errors"][0]["message"] == (
        "Your company is using a Customer center. Please contact your shop administrator "
        f"{owner.user.email} for activating an account."
    )
