"""Accepting one quote from several browsers at once makes one Saleor checkout: the quote
row is locked (``services/quotes.py``, ``_locked_quote``) and the later acceptances find
the first one's checkout. Real threads with their own PostgreSQL connections."""

from __future__ import annotations

import pytest
from django.test import Client
from graphql_relay import to_global_id
from saleor.checkout.models import Checkout

from saleor_customer_center.models import AuditEntry
from saleor_customer_center.roles import Role
from tests.conftest import ApiClient
from tests.factories import MembershipFactory
from tests.threads import run_together

from . import gql

CALLERS = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_acceptances_make_one_checkout(quote_world):
    w = quote_world
    approvers = [w.admin] + [
        MembershipFactory(company=w.company, role=Role.L80_ADMIN) for _ in range(CALLERS - 1)
    ]
    quote = w.request()
    w.quotation(quote)
    variables = {"id": to_global_id("CompanyQuote", quote.pk)}

    def accept(member):
        def call() -> dict:
            answer = ApiClient(Client(), member.user).post(gql.ACCEPT, variables)
            return answer["data"]["companyQuoteAccept"]

        return call

    results = run_together([accept(member) for member in approvers])

    assert [r for r in results if not isinstance(r, dict)] == []
    assert [r["errors"] for r in results] == [[]] * CALLERS
    tokens = {r["checkout"]["token"] for r in results}
    assert len(tokens) == 1
    assert Checkout.objects.count() == 1
    assert AuditEntry.objects.filter(action="quote_accepted").count() == 1
