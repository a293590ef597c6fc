"""The structural rules are database constraints, so no code path can break them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from saleor_customer_center.models import Budget, Company, ErpContact, Invoice, Membership
from saleor_customer_center.roles import Role
from tests.factories import (
    CompanyFactory,
    ErpContactFactory,
    InvoiceFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _violates(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_customer_number_is_unique():
    CompanyFactory(customer_number="C1")
    _violates(lambda: Company.objects.create(customer_number="C1", name="Again"))


def test_contact_number_is_unique_per_company():
    contact = ErpContactFactory(contact_number="K1")
    _violates(lambda: ErpContact.objects.create(company=contact.company, contact_number="K1"))
    ErpContactFactory(contact_number="K1")  # another company may use it


def test_invoice_number_is_unique_per_company():
    invoice = InvoiceFactory(invoice_number="INV-1")
    _violates(
        lambda: Invoice.objects.create(
            company=invoice.company,
            invoice_number="INV-1",
            issue_date=timezone.localdate(),
            currency="USD",
            gross_amount=1,
        )
    )


def test_one_membership_per_user_and_company():
    membership = MembershipFactory()
    _violates(lambda: Membership.objects.create(user=membership.user, company=membership.company))


def test_role_must_be_on_the_ladder():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE saleor_customer_center_membership SET role = 50 WHERE id = %s",
            [membership.pk],
        )


def test_at_most_one_owner_per_company():
    owner = MembershipFactory(role=Role.L90_OWNER)
    _violates(
        lambda: Membership.objects.create(
            user=UserFactory(), company=owner.company, role=Role.L90_OWNER
        )
    )
    MembershipFactory(role=Role.L90_OWNER)  # other companies have their own owner


def test_owner_cannot_be_inactive():
    owner = MembershipFactory(role=Role.L90_OWNER)
    owner.is_active = False
    _violates(owner.save)


def test_budget_amount_is_not_negative():
    membership = MembershipFactory()
    _violates(
        lambda: Budget.objects.create(
            company=membership.company,
            membership=membership,
            amount=Decimal("-1"),
            currency="USD",
            period="monthly",
            start_date=timezone.localdate(),
        )
    )


def test_budget_period_must_be_known():
    membership = MembershipFactory()
    _violates(
        lambda: Budget.objects.create(
            company=membership.company,
            membership=membership,
            amount=Decimal("1"),
            currency="USD",
            period="weekly",
            start_date=timezone.localdate(),
        )
    )
