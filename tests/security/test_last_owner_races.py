"""The last Owner cannot be lost to a race (issue 6).

Two concurrent transfers are proven in tests/access/test_ownership.py
(``test_two_concurrent_transfers_leave_exactly_one_owner``). Here: a transfer racing with
an admin who demotes or switches off the member who is becoming Owner. With the
interleaving fixed (the transfer has run but not committed when the admin's change
reads the member), the company must still end with exactly one active Owner.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from saleor_customer_center.models import Membership
from saleor_customer_center.roles import Role
from saleor_customer_center.services import members
from tests.factories import CompanyFactory, MembershipFactory


def _thread(target: Callable[[], object], results: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            with transaction.atomic():
                results[name] = target()
        except Exception as exc:  # noqa: BLE001 - handed to the main thread
            results[name] = exc
        finally:
            connection.close()

    return threading.Thread(target=run)


def _demote(actor, heir) -> Callable[[], object]:
    def run():
        return members.update_member(
            actor.user,
            heir.pk,
            {
                "salutation": "Mr",
                "first_name": "Heir",
                "last_name": "Apparent",
                "email": heir.user.email,
                "role": Role.L20_ORDERS,
            },
        )

    return run


def _deactivate(actor, heir) -> Callable[[], object]:
    return lambda: members.deactivate_member(actor.user, heir.pk)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "change", [_demote, _deactivate], ids=["demotion_case", "deactivation_case"]
)
def test_a_change_racing_a_transfer_leaves_exactly_one_active_owner(plugin_configuration, change):
    # given: an Owner handing over to an Admin, and another Admin about to change that Admin
    company = CompanyFactory()
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    heir = MembershipFactory(company=company, role=Role.L80_ADMIN)
    other_admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    transferred, release = threading.Event(), threading.Event()
    results: dict = {}

    def transfer():
        done = members.transfer_ownership(owner.user, company.pk, heir.pk)
        transferred.set()
        release.wait(timeout=10)  # hold the transfer open: not committed yet
        return done

    # when: the admin's change starts while the transfer is done but not committed
    first = _thread(transfer, results, "transfer")
    first.start()
    assert transferred.wait(timeout=10)
    second = _thread(change(other_admin, heir), results, "change")
    second.start()
    second.join(timeout=1)
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)

    # then: the transfer went through; the change was refused; one active Owner is left
    assert isinstance(results["transfer"], Membership)
    assert type(results["change"]).__name__ == "PermissionDenied"
    active_owners = Membership.objects.filter(company=company, role=Role.L90_OWNER, is_active=True)
    assert list(active_owners.values_list("pk", flat=True)) == [heir.pk]
    assert Membership.objects.filter(company=company, role=Role.L90_OWNER).count() == 1
