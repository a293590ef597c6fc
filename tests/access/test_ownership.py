"""Exactly one Owner: only the Owner (or staff with MANAGE_USERS) hands ownership over."""

import threading

import pytest
from django.db import connection, transaction

from saleor_customer_center.models import AuditEntry, Membership
from saleor_customer_center.roles import Role
from saleor_customer_center.services import members
from tests.factories import CompanyFactory, MembershipFactory

from .gql import DEACTIVATE, MEMBER_UPDATE, TRANSFER, company_id, member_id, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(company):
    return MembershipFactory(company=company, role=Role.L90_OWNER)


def owners(company) -> list[Membership]:
    return list(Membership.objects.filter(company=company, role=Role.L90_OWNER))


def test_owner_hands_over_and_becomes_admin(api, company, owner):
    heir = MembershipFactory(company=company, role=Role.L40_BILLING)
    data = api.as_user(owner.user).post(
        TRANSFER, {"company": company_id(company), "member": member_id(heir)}
    )["data"]["companyOwnershipTransfer"]
    assert data == {"errors": [], "member": {"id": member_id(heir), "role": "L90_OWNER"}}
    owner.refresh_from_db()
    assert owner.role == Role.L80_ADMIN
    assert owners(company) == [heir]
    entry = AuditEntry.objects.get(action="ownership_transferred")
    assert entry.before["owner"] == owner.user.email
    assert entry.after["owner"] == heir.user.email


def test_staff_hands_over(api, company, owner, staff_user):
    heir = MembershipFactory(company=company, role=Role.L80_ADMIN)
    data = api.as_user(staff_user).post(
        TRANSFER, {"company": company_id(company), "member": member_id(heir)}
    )["data"]["companyOwnershipTransfer"]
    assert data["errors"] == []
    assert owners(company) == [heir]


@pytest.mark.parametrize(
    "role",
    [Role.L10_BASIC, Role.L20_ORDERS, Role.L30_ORDERS_PRICES, Role.L40_BILLING, Role.L80_ADMIN],
    ids=lambda role: f"{role.name.lower()}_case",
)
def test_only_the_owner_hands_over(api, company, owner, role):
    actor = MembershipFactory(company=company, role=role)
    data = api.as_user(actor.user).post(
        TRANSFER, {"company": company_id(company), "member": member_id(actor)}
    )["data"]["companyOwnershipTransfer"]
    assert data["errors"][0]["code"] == "PERMISSION_DENIED"
    assert owners(company) == [owner]
    assert not AuditEntry.objects.exists()


def test_inactive_member_cannot_become_owner(api, company, owner):
    heir = MembershipFactory(company=company, role=Role.L80_ADMIN, is_active=False)
    data = api.as_user(owner.user).post(
        TRANSFER, {"company": company_id(company), "member": member_id(heir)}
    )["data"]["companyOwnershipTransfer"]
    assert data["errors"][0]["field"] == "memberId"
    assert owners(company) == [owner]


def test_member_of_another_company_answers_like_a_missing_one(api, company, owner):
    stranger = MembershipFactory(company=CompanyFactory(), role=Role.L80_ADMIN)
    variables = {"company": company_id(company)}
    foreign = api.as_user(owner.user).post(TRANSFER, {**variables, "member": member_id(stranger)})
    missing = api.as_user(owner.user).post(
        TRANSFER, {**variables, "member": "Q29tcGFueU1lbWJlcjo5OTk5OTk="}
    )
    assert foreign == missing
    assert foreign["data"]["companyOwnershipTransfer"]["errors"][0]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "actor_role", [Role.L80_ADMIN, Role.L90_OWNER], ids=["admin_case", "owner_self_case"]
)
def test_owner_cannot_be_deactivated_or_demoted(api, company, owner, actor_role):
    actor = (
        owner
        if actor_role == Role.L90_OWNER
        else MembershipFactory(company=company, role=actor_role)
    )
    deactivate = api.as_user(actor.user).post(DEACTIVATE, {"id": member_id(owner)})
    demote = api.as_user(actor.user).post(
        MEMBER_UPDATE,
        {"id": member_id(owner), "input": person(email=owner.user.email, role="L80_ADMIN")},
    )
    assert deactivate["data"]["companyMemberDeactivate"]["errors"][0]["code"] == (
        "PERMISSION_DENIED"
    )
    assert demote["data"]["companyMemberUpdate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    owner.refresh_from_db()
    assert (owner.role, owner.is_active) == (Role.L90_OWNER, True)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transfers_leave_exactly_one_owner(plugin_configuration):
    company = CompanyFactory()
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    heirs = [MembershipFactory(company=company, role=Role.L80_ADMIN) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(heir):
        try:
            barrier.wait()
            with transaction.atomic():
                members.transfer_ownership(owner.user, company.pk, heir.pk)
            outcomes.append("ok")
        except Exception as exc:  # the loser is refused: it is no longer the Owner
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(heir,)) for heir in heirs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["PermissionDenied", "ok"]
    assert len(owners(company)) == 1
