"""A burst of parallel activations cannot slip past the attempt limit."""

import pytest
from django.test import override_settings

from saleor_customer_center.models import ActivationAttempt
from saleor_customer_center.services import activation
from tests.factories import CompanyFactory
from tests.threads import run_together


@pytest.mark.django_db(transaction=True)
@override_settings(CUSTOMER_CENTER={"ACTIVATION_MAX_ATTEMPTS": 3})
def test_parallel_attempts_for_one_customer_are_counted_one_by_one():
    # given: a company, and eight wrong activations fired at the same instant
    CompanyFactory(customer_number="C-BURST")

    def attempt(index):
        return lambda: activation.activate(
            customer_number="C-BURST",
            invoice_number=f"WRONG-{index}",
            email="nobody@example.com",
            password="Whatever-long-2026",
            client_address=f"10.0.0.{index}",
        )

    # when
    results = run_together([attempt(index) for index in range(8)])

    # then: exactly the limit was recorded and checked; the rest were throttled
    codes = sorted(getattr(result, "code", None) or type(result).__name__ for result in results)
    assert codes.count("activation_refused") == 3, results
    assert codes.count("too_many_attempts") == 5, results
    assert ActivationAttempt.objects.filter(customer_number="C-BURST").count() == 3
