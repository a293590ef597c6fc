"""Activation tells an attacker nothing (issue 6): one answer, byte for byte, whichever of
customer number, invoice number or email was wrong, and whether the company is switched
off; and one password check on every path, so the time taken tells nothing either.

Throttling (5 attempts per 15 minutes, per client address and per customer number) is
proven in tests/access/test_activation.py (``test_attempts_are_limited_per_*``).
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from saleor_customer_center.models import Membership
from tests.access.gql import ACTIVATE
from tests.factories import CompanyFactory, ErpContactFactory, InvoiceFactory, UserFactory

from .hashers import CountingPasswordHasher

pytestmark = pytest.mark.django_db

PASSWORD = "Ample-Harbour-2031"
COUNTING = override_settings(PASSWORD_HASHERS=["tests.security.hashers.CountingPasswordHasher"])


@pytest.fixture
def ready_company():
    company = CompanyFactory(customer_number="C70001")
    ErpContactFactory(company=company, email="main@acme.example", is_main_contact=True)
    ErpContactFactory(company=company, email="clerk@acme.example", is_main_contact=False)
    InvoiceFactory(company=company, invoice_number="INV-7001")
    CompanyFactory(customer_number="C70002")
    InvoiceFactory(invoice_number="INV-OTHER")
    return company


def _input(**overrides: str) -> dict:
    values = {
        "customerNumber": "C70001",
        "invoiceNumber": "INV-7001",
        "email": "main@acme.example",
        "password": PASSWORD,
    }
    return {"input": {**values, **overrides}}


MISMATCHES = {
    "wrong_customer_case": {"customerNumber": "C99999"},
    "other_customer_case": {"customerNumber": "C70002"},
    "wrong_invoice_case": {"invoiceNumber": "INV-9999"},
    "invoice_of_another_customer_case": {"invoiceNumber": "INV-OTHER"},
    "wrong_email_case": {"email": "someone@acme.example"},
    "contact_not_main_case": {"email": "clerk@acme.example"},
}


@pytest.mark.parametrize("overrides", list(MISMATCHES.values()), ids=list(MISMATCHES))
def test_every_mismatch_answers_byte_for_byte_like_an_unknown_customer(
    api, ready_company, overrides
):
    reference = api.post(
        ACTIVATE, _input(customerNumber="C00000"), raw=True, REMOTE_ADDR="10.1.0.1"
    )
    answer = api.post(ACTIVATE, _input(**overrides), raw=True, REMOTE_ADDR="10.1.0.2")
    assert (answer.status_code, answer.content) == (reference.status_code, reference.content)
    assert answer.json()["data"]["companyActivate"]["errors"][0]["code"] == "ACTIVATION_REFUSED"
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"is_blocked": True}],
    ids=["erp_inactive_case", "blocked_case"],
)
def test_switched_off_company_answers_byte_for_byte_like_an_unknown_customer(
    api, ready_company, change
):
    for name, value in change.items():
        setattr(ready_company, name, value)
    ready_company.save()
    reference = api.post(
        ACTIVATE, _input(customerNumber="C00000"), raw=True, REMOTE_ADDR="10.1.0.1"
    )
    answer = api.post(ACTIVATE, _input(), raw=True, REMOTE_ADDR="10.1.0.2")
    assert answer.content == reference.content
    assert not Membership.objects.exists()


def test_a_mismatch_for_an_email_with_a_shop_account_answers_the_same(api, ready_company):
    """Whether the email has an account must not show either."""
    UserFactory(email="main@acme.example")
    reference = api.post(
        ACTIVATE, _input(customerNumber="C00000"), raw=True, REMOTE_ADDR="10.1.0.1"
    )
    answer = api.post(ACTIVATE, _input(invoiceNumber="INV-9999"), raw=True, REMOTE_ADDR="10.1.0.2")
    assert answer.content == reference.content


CHECKED = {
    **MISMATCHES,
    "unknown_email_and_customer_case": {"customerNumber": "C00000", "email": "x@nowhere.example"},
    "empty_fields_case": {"customerNumber": "", "invoiceNumber": "", "email": ""},
    "success_case": {},
}


@COUNTING
@pytest.mark.parametrize("overrides", list(CHECKED.values()), ids=list(CHECKED))
@pytest.mark.parametrize("has_account", [False, True], ids=["no_account", "with_account"])
def test_every_attempt_runs_exactly_one_password_check(api, ready_company, overrides, has_account):
    # given: a hasher that counts its checks; the email with or without a shop account
    if has_account:
        UserFactory(email=overrides.get("email", "main@acme.example") or "blank@x.example")
    CountingPasswordHasher.verified = 0

    # when
    api.post(ACTIVATE, _input(**overrides))

    # then: one check, whichever value was wrong and whether the account exists
    assert CountingPasswordHasher.verified == 1
