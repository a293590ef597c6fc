"""Nobody can lock a company out of activation by failing on purpose (issue 12 item 12).

Per customer number, failures make the next attempt wait a delay that grows and is capped
(ACTIVATION_MAX_DELAY_SECONDS), never a lock for the whole window; per client address the
hard limit stays, with the address taken as Saleor takes it. Time passing is simulated by
moving the recorded attempts back, never by sleeping.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_customer_center import conf
from saleor_customer_center.models import ActivationAttempt, Membership
from saleor_customer_center.services.activation import customer_delay
from tests.access.gql import ACTIVATE
from tests.access.test_activation import given, ready_company  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _activate(api, address: str, **overrides) -> dict:
    answer = api.post(ACTIVATE, given(**overrides), REMOTE_ADDR=address)
    return answer["data"]["companyActivate"]


def _time_passes(seconds: int) -> None:
    ActivationAttempt.objects.update(
        created_at=timezone.now() - timedelta(seconds=seconds)  # every attempt that long ago
    )


def test_failures_from_other_addresses_only_delay_the_main_contact(api, ready_company):  # noqa: F811
    # given: twenty wrong invoice numbers for the company, each from another address
    for number in range(20):
        refused = _activate(api, f"203.0.113.{number}", invoiceNumber=f"WRONG-{number}")
        assert refused["errors"][0]["code"] in ("ACTIVATION_REFUSED", "TOO_MANY_ATTEMPTS")

    # when: the real main contact tries from its own address
    waiting = _activate(api, "198.51.100.77")

    # then: asked to wait at most the capped delay, not for the window
    (error,) = waiting["errors"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert "Please wait" in error["message"] and "seconds" in error["message"]
    assert not Membership.objects.exists()

    # and once that delay has passed (well inside the 15-minute window) it activates
    _time_passes(conf.get("ACTIVATION_MAX_DELAY_SECONDS"))
    assert _activate(api, "198.51.100.77")["errors"] == []
    assert Membership.objects.filter(company=ready_company).count() == 1


def test_waiting_out_a_delay_is_not_itself_a_failure(api, ready_company):  # noqa: F811
    for number in range(5):
        _activate(api, f"203.0.113.{number}", invoiceNumber="WRONG")
    recorded = ActivationAttempt.objects.count()
    for _ in range(10):  # hammering while delayed records nothing
        assert _activate(api, "203.0.113.200")["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    assert ActivationAttempt.objects.count() == recorded


def test_the_delay_grows_per_failure_and_is_capped():
    free, cap = conf.get("ACTIVATION_FREE_ATTEMPTS"), conf.get("ACTIVATION_MAX_DELAY_SECONDS")
    assert [customer_delay(n) for n in range(free + 1)] == [0] * free + [1]
    assert [customer_delay(free + n) for n in range(1, 5)] == [2, 4, 8, 16]
    assert customer_delay(free + 50) == customer_delay(10**6) == cap


def test_customers_behind_one_proxy_are_counted_by_their_own_address(api, ready_company):  # noqa: F811
    # given: a shop behind a proxy (every request from 10.0.0.1) naming the client in
    # X-Forwarded-For, read the way Saleor's get_client_ip reads it
    for number in range(conf.get("ACTIVATION_MAX_ATTEMPTS")):
        api.post(
            ACTIVATE,
            given(customerNumber=f"X{number}"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="192.0.2.50",
        )
    # then: that one client is limited ...
    limited = api.post(
        ACTIVATE, given(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.50"
    )["data"]["companyActivate"]
    assert limited["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    # ... and another customer through the same proxy is not
    other = api.post(ACTIVATE, given(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.51")[
        "data"
    ]["companyActivate"]
    assert other["errors"] == []


def test_real_ip_environ_names_the_trusted_proxys_header(api, ready_company, settings):  # noqa: F811
    settings.REAL_IP_ENVIRON = ["HTTP_X_REAL_IP"]
    for number in range(conf.get("ACTIVATION_MAX_ATTEMPTS")):
        api.post(
            ACTIVATE,
            given(customerNumber=f"X{number}"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_REAL_IP="192.0.2.60",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{100 + number}",  # spoofed: ignored
        )
    limited = api.post(ACTIVATE, given(), REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="192.0.2.60")[
        "data"
    ]["companyActivate"]
    assert limited["errors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    assert ActivationAttempt.objects.filter(client_address="192.0.2.60").count() == 5
