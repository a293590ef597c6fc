"""Ids from outside the caller's memberships, and fields a member must not set on itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from saleor_customer_center import saleor, settings_store
from saleor_customer_center.models import CompanyOrder
from saleor_customer_center.roles import Role
from saleor_customer_center.services import quick_order
from tests.factories import (
    CompanyOrderFactory,
    ErpContactFactory,
    OrderFactory,
)
from tests.orders.conftest import complete

from .world import build_world, database_digest

pytestmark = pytest.mark.django_db

ADD_CONTACT = """mutation($c: ID!, $k: ID!) { companyMemberAddFromContact(companyId: $c,
  contactId: $k, input: {role: L10_BASIC}) { errors { field code message } } }"""
CANCEL = """mutation($c: ID!, $o: ID!) { companyOrderCancel(companyId: $c, orderId: $o) {
  errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $input: CompanyMemberInput!) { companyMemberUpdate(id: $id,
  input: $input) { errors { field code message } } }"""
BUDGET = """mutation($id: ID!) { companyBudgetSet(memberId: $id, input: {amount: "100000",
  currency: "USD", period: TOTAL}) { errors { field code message } } }"""


def test_own_company_with_another_companys_contact_is_not_found(api):
    world = build_world()
    foreign_contact = ErpContactFactory(company=world.other_company)
    admin = api.as_user(world.members["L90_OWNER"].user)
    before = database_digest()
    foreign = admin.post(
        ADD_CONTACT,
        {
            "c": world.gid("Company", world.company.pk),
            "k": world.gid("ErpContact", foreign_contact.pk),
        },
    )
    missing = admin.post(
        ADD_CONTACT,
        {"c": world.gid("Company", world.company.pk), "k": world.gid("ErpContact", 10**9)},
    )
    assert foreign == missing
    assert foreign["data"]["companyMemberAddFromContact"]["errors"][0]["code"] == "NOT_FOUND"
    assert database_digest() == before


def test_own_company_with_another_companys_order_is_not_found(api):
    world = build_world()
    foreign_order = CompanyOrderFactory(
        order=OrderFactory(user=world.outsider.user),
        company=world.other_company,
        membership=world.outsider,
    )
    owner = api.as_user(world.members["L90_OWNER"].user)
    before = database_digest()
    foreign = owner.post(
        CANCEL,
        {
            "c": world.gid("Company", world.company.pk),
            "o": world.gid("Order", foreign_order.order_id),
        },
    )
    missing = owner.post(
        CANCEL,
        {
            "c": world.gid("Company", world.company.pk),
            "o": world.gid("Order", "00000000-0000-4000-8000-000000000000"),
        },
    )
    assert foreign == missing
    assert foreign["data"]["companyOrderCancel"]["errors"][0]["code"] == "NOT_FOUND"
    assert database_digest() == before


@pytest.mark.parametrize("role", [Role.L80_ADMIN, Role.L90_OWNER], ids=lambda r: r.name)
def test_a_member_cannot_raise_its_own_role(api, role):
    world = build_world()
    me = world.members[role.name]
    before = database_digest()
    body = api.as_user(me.user).post(
        UPDATE,
        {
            "id": world.gid("CompanyMember", me.pk),
            "input": {
                "salutation": "Mx",
                "firstName": "Me",
                "lastName": "Myself",
                "email": me.user.email,
                "role": "L90_OWNER" if role is Role.L80_ADMIN else "L80_ADMIN",
            },
        },
    )
    assert body["data"]["companyMemberUpdate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert database_digest() == before


@pytest.mark.parametrize("role", [Role.L80_ADMIN, Role.L90_OWNER], ids=lambda r: r.name)
def test_a_member_cannot_set_its_own_budget(api, role):
    world = build_world()
    me = world.members[role.name]
    before = database_digest()
    body = api.as_user(me.user).post(BUDGET, {"id": world.gid("CompanyMember", me.pk)})
    assert body["data"]["companyBudgetSet"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert database_digest() == before


def test_no_input_carries_a_company_or_a_role_the_schema_does_not_define(api):
    """Extra keys (company, isActive) are refused by the schema before any resolver."""
    world = build_world()
    admin = world.members["L80_ADMIN"]
    before = database_digest()
    body = api.as_user(admin.user).post(
        UPDATE,
        {
            "id": world.gid("CompanyMember", world.victim.pk),
            "input": {
                "salutation": "Mx",
                "firstName": "V",
                "lastName": "T",
                "email": world.victim.user.email,
                "role": "L10_BASIC",
                "company": world.gid("Company", world.other_company.pk),
                "isActive": False,
            },
        },
    )
    assert body["errors"] and "company" in body["errors"][0]["message"]
    assert database_digest() == before


def test_a_checkout_tagged_for_another_company_is_refused_at_completion():
    """A checkout names its company in metadata; the hook trusts it only for members."""
    world = build_world()
    member = world.members["L30_ORDERS_PRICES"]
    checkout = quick_order.create_company_checkout(
        member, "default-channel", [("SKU-T1", 1)], plugin_settings=settings_store.current()
    )
    storage = checkout.metadata_storage
    storage.metadata = {saleor.COMPANY_METADATA_KEY: str(world.other_company.pk)}
    storage.save()
    with pytest.raises(ValidationError) as refused:
        complete(checkout)
    assert refused.value.messages == ["You cannot order for this company."]
    assert not CompanyOrder.objects.filter(placed_by=member.user).exists()
