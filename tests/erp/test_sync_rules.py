"""What the sync does to the shop's data: flags, admin emails, contact names, due list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_customer_center.erp import sync as erp_sync
from saleor_customer_center.erp.connectors.files import BytesConnector
from saleor_customer_center.models import Company, ErpContact, ErpRejectedRecord, OpenItem
from saleor_customer_center.services import billing

from ..factories import CompanyFactory, ErpContactFactory, MembershipFactory, UserFactory
from .conftest import customer

pytestmark = pytest.mark.django_db


def sync(kind, *records, feed="test"):
    """A real sync of in-memory NDJSON (the connector pushed batches use)."""
    import json

    body = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    return erp_sync.run_sync(BytesConnector(kind, body, feed=f"{feed}:{timezone.now()}"))


def contact(number, **extra):
    return {
        "customerNumber": "C1",
        "contactNumber": number,
        "email": f"{number.lower()}@c1.example.com",
        "firstName": "Ann",
        "lastName": "Smith",
        **extra,
    }


def test_customer_center_flag_and_admin_email_change_at_once():
    company = CompanyFactory(customer_number="C1", customer_center_enabled=True)
    company.is_blocked = True  # the operator's own column is never touched by the ERP
    company.save()

    sync("customer", customer("C1", customerCenter=False, adminEmail="new@c1.example.com"))

    company.refresh_from_db()
    assert (company.customer_center_enabled, company.admin_email, company.is_blocked) == (
        False,
        "new@c1.example.com",
        True,
    )


def test_contact_name_change_reaches_the_linked_member_only():
    company = CompanyFactory(customer_number="C1")
    linked = ErpContactFactory(company=company, contact_number="K1", first_name="Ann")
    user = UserFactory(first_name="Ann", last_name="Smith")
    MembershipFactory(user=user, company=company, erp_contact=linked)
    other_user = UserFactory(first_name="Bob", last_name="Jones")
    MembershipFactory(user=other_user, company=company)

    run = sync("contact", contact("K1", firstName="Anna", lastName="Smith-Lee"), contact("K2"))

    assert run.status == "succeeded"
    user.refresh_from_db()
    other_user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Anna", "Smith-Lee")
    assert (other_user.first_name, other_user.last_name) == ("Bob", "Jones")
    assert sorted(ErpContact.objects.values_list("contact_number", "first_name")) == [
        ("K1", "Anna"),
        ("K2", "Ann"),
    ]


def test_contact_change_other_than_the_name_leaves_the_users_own_name():
    company = CompanyFactory(customer_number="C1")
    linked = ErpContactFactory(
        company=company, contact_number="K1", first_name="Ann", last_name="Smith"
    )
    user = UserFactory(first_name="Annie", last_name="Smith")  # edited in the shop
    MembershipFactory(user=user, company=company, erp_contact=linked)

    sync("contact", contact("K1", phone="+49 1"))

    user.refresh_from_db()
    assert user.first_name == "Annie"


def test_closed_open_items_leave_the_due_list():
    company = CompanyFactory(customer_number="C1")
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    item = {
        "customerNumber": "C1",
        "dueDate": yesterday,
        "currency": "EUR",
        "amountDue": "50.00",
    }
    sync("openItem", {**item, "documentNumber": "D1"}, {**item, "documentNumber": "D2"})
    assert sorted(i.document_number for i in billing.due_payments(company, None)) == ["D1", "D2"]

    sync("openItem", {**item, "documentNumber": "D1", "status": "closed", "amountDue": "0"})

    assert [i.document_number for i in billing.due_payments(company, None)] == ["D2"]
    assert OpenItem.objects.get(document_number="D1").status == "closed"


@pytest.mark.django_db(transaction=True)  # now() is the transaction's start time
def test_unchanged_records_are_not_rewritten():
    sync("customer", customer("C1"))
    before = Company.objects.get().updated_at
    sync("customer", customer("C1"))
    assert Company.objects.get().updated_at == before
    sync("customer", customer("C1", name="Renamed"))
    assert Company.objects.get().updated_at > before


def test_a_good_version_of_a_rejected_record_resolves_it():
    CompanyFactory(customer_number="C1")
    bad = {"customerNumber": "C1", "paymentNumber": "P1", "date": "yesterday"}
    sync("payment", bad)
    rejected = ErpRejectedRecord.objects.get()
    assert rejected.key == "C1/P1"

    good = {**bad, "date": "2026-11-01", "currency": "EUR", "amount": "10.00"}
    run = sync("payment", good)

    rejected.refresh_from_db()
    assert rejected.resolved_at is not None
    assert (run.status, run.rejected) == ("succeeded", 0)


def test_staff_retry_of_rejected_records_resolves_what_now_passes():
    sync(
        "invoice",
        {
            "customerNumber": "C7",
            "invoiceNumber": "I-1",
            "issueDate": "2026-11-01",
            "currency": "EUR",
            "grossAmount": "1.00",
        },
    )
    sync("invoice", {"customerNumber": "C8", "invoiceNumber": "I-2"})
    first, second = ErpRejectedRecord.objects.order_by("pk")
    CompanyFactory(customer_number="C7")

    run = erp_sync.retry_rejected("invoice", [first.pk, second.pk])

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.resolved_at is not None
    assert (second.resolved_at, second.attempts, second.source) == (None, 2, "retry")
    assert (run.source, run.status, run.received, run.stored, run.rejected) == (
        "retry",
        "partial",
        2,
        1,
        1,
    )
