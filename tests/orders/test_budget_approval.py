"""Operator setting over_budget_behaviour = ask_approval: request, approve, complete once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from saleor.order.models import Order

from saleor_customer_center.models import AuditEntry, CompanyOrder, CompanyRequest
from saleor_customer_center.models.request import RequestStatus
from saleor_customer_center.services import budgets

from ..factories import MembershipFactory
from .conftest import complete, make_budget, make_checkout


@pytest.fixture
def ask_approval(plugin_configuration):
    plugin_configuration(over_budget_behaviour="ask_approval")


def approve(request: CompanyRequest, by) -> None:
    """What the request queue's approval does to a budget approval: status approved."""
    request.status = RequestStatus.APPROVED
    request.decided_by = by
    request.save()


def test_over_budget_raises_one_request_to_the_admins_and_refuses(
    buyer, ask_approval, django_capture_on_commit_callbacks
):
    # given
    admin = MembershipFactory(company=buyer.company, role=80)
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "150")

    # when: the buyer tries twice
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as first:
            complete(checkout)
    with pytest.raises(ValidationError) as second:
        complete(checkout)

    # then
    assert first.value.messages == [
        "This order of 150.00 USD exceeds your remaining budget of 100.00 USD. An approval "
        "request has been sent to your company's administrators; once approved, complete "
        "this checkout again."
    ]
    assert "is waiting for your company's administrators" in second.value.messages[0]
    request = CompanyRequest.objects.get()
    assert (request.kind, request.status, request.membership, request.requested_by) == (
        "budget_approval",
        "pending",
        buyer,
        buyer.user,
    )
    assert request.payload == {
        "checkout_token": str(checkout.token),
        "amount": "150.000",
        "currency": "USD",
        "remaining": "100.000",
    }
    assert [m.to for m in mail.outbox] == [[admin.user.email]]
    assert "an order of 150.00 USD waits for your approval" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="request_created", target_id=str(request.pk)).exists()
    assert not Order.objects.exists()
    assert budgets.status(budget).spent == Decimal("0")


def test_approved_checkout_completes_once_for_that_amount(buyer, ask_approval):
    # given: an approved request for this checkout of 150
    admin = MembershipFactory(company=buyer.company, role=80)
    budget = make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "150")
    with pytest.raises(ValidationError):
        complete(checkout)
    request = CompanyRequest.objects.get()
    approve(request, admin.user)

    # when
    order = complete(checkout)

    # then: the order is placed, counted, and the approval is used up
    assert CompanyOrder.objects.get(order=order).membership == buyer
    assert budgets.status(budget).spent == Decimal("150.000")
    request.refresh_from_db()
    assert request.status == "used"
    assert list(request.events.values_list("status", flat=True)) == ["pending", "used"]

    # and another over-budget checkout needs a new approval
    with pytest.raises(ValidationError, match="remaining budget of 0.00 USD"):
        complete(make_checkout(buyer.user, "10"))
    assert CompanyRequest.objects.filter(status="pending").count() == 1


def test_approval_does_not_cover_another_amount(buyer, ask_approval):
    admin = MembershipFactory(company=buyer.company, role=80)
    make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "150")
    with pytest.raises(ValidationError):
        complete(checkout)
    approve(CompanyRequest.objects.get(), admin.user)
    checkout.total_gross_amount = Decimal("180")
    checkout.save()

    with pytest.raises(ValidationError, match="An approval request has been sent"):
        complete(checkout)

    assert not Order.objects.exists()
    assert CompanyRequest.objects.filter(status="approved").count() == 1


def test_approval_does_not_cover_another_checkout_or_member(buyer, ask_approval):
    admin = MembershipFactory(company=buyer.company, role=80)
    colleague = MembershipFactory(company=buyer.company, role=30)
    make_budget(buyer, "100")
    make_budget(colleague, "100")
    with pytest.raises(ValidationError):
        complete(make_checkout(buyer.user, "150"))
    approve(CompanyRequest.objects.get(), admin.user)

    with pytest.raises(ValidationError):
        complete(make_checkout(buyer.user, "150"))
    with pytest.raises(ValidationError):
        complete(make_checkout(colleague.user, "150"))

    assert not Order.objects.exists()


def test_rejected_request_keeps_refusing(buyer, ask_approval):
    make_budget(buyer, "100")
    checkout = make_checkout(buyer.user, "150")
    with pytest.raises(ValidationError):
        complete(checkout)
    CompanyRequest.objects.update(status=RequestStatus.REJECTED)

    with pytest.raises(ValidationError, match="An approval request has been sent"):
        complete(checkout)

    assert not Order.objects.exists()
