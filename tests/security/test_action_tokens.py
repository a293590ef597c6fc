"""Set-password and invitation links (issue 6): random, single use, bound to the user and
the purpose, expiring (72 hours by default), replaced when the person is invited again,
and dead once the person is switched off.

Already proven in tests/access/test_tokens.py and referenced from the README rather than
copied: stored hashed and single use, bound to its user and to its purpose, expiry after
the configured hours, the 72-hour default.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.core import mail

from saleor_customer_center import saleor
from saleor_customer_center.models import ActionToken
from saleor_customer_center.roles import Role
from saleor_customer_center.services import tokens
from tests.access import gql
from tests.factories import ErpContactFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

INVALID = [
    {
        "field": "token",
        "code": "INVALID_TOKEN",
        "message": "This link is invalid or has expired. Ask for a new one.",
    }
]
NEW_PASSWORD = "Quiet-Meadow-4411"


def _set_password(api, token: str, email: str) -> dict:
    return api.post(gql.SET_PASSWORD, {"token": token, "email": email, "password": NEW_PASSWORD})[
        "data"
    ]["setPasswordWithToken"]


def _link(message) -> tuple[str, str]:
    match = re.search(r"set-password/\?email=([^&\s]+)&token=([\w-]+)", message.body)
    assert match, message.body
    return unquote(match.group(1)), match.group(2)


def test_links_are_random_and_only_their_hash_is_stored():
    user = UserFactory()
    raws = [tokens.issue(user) for _ in range(200)]
    assert len(set(raws)) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43,}", raw) for raw in raws)  # >= 256 bits
    stored = set(ActionToken.objects.values_list("token_hash", flat=True))
    assert not stored & set(raws)
    other = UserFactory()
    assert tokens.issue(other) not in raws
    # the same user, purpose and database state give a different link: nothing derived
    ActionToken.objects.all().delete()
    again = tokens.issue(user)
    ActionToken.objects.all().delete()
    assert tokens.issue(user) != again


def test_inviting_again_from_another_company_replaces_the_mailed_link(
    api, company, other_company, django_capture_on_commit_callbacks
):
    # given: company A invites a new person (link 1 mailed)
    admin_a = MembershipFactory(company=company, role=Role.L80_ADMIN)
    admin_b = MembershipFactory(company=other_company, role=Role.L80_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        api.as_user(admin_a.user).post(
            gql.MEMBER_CREATE,
            {"company": gql.company_id(company), "input": gql.person(email="new@example.com")},
        )
    email, first = _link(mail.outbox[-1])

    # when: company B adds the same person from its ERP contact (link 2 mailed)
    contact = ErpContactFactory(company=other_company, email="new@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        added = api.as_user(admin_b.user).post(
            gql.ADD_FROM_CONTACT,
            {
                "company": gql.company_id(other_company),
                "contact": gql.contact_id(contact),
                "input": {"role": "L10_BASIC"},
            },
        )
    assert added["data"]["companyMemberAddFromContact"]["errors"] == []
    _, second = _link(mail.outbox[-1])

    # then: only the newest link works
    assert first != second
    assert _set_password(api, first, email)["errors"] == INVALID
    assert _set_password(api, second, email) == {"errors": [], "ok": True}


def test_link_of_a_person_switched_off_fails_even_after_reactivation(
    api, company, django_capture_on_commit_callbacks
):
    # given: an invited person who has not set a password yet
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.as_user(admin.user).post(
            gql.MEMBER_CREATE,
            {"company": gql.company_id(company), "input": gql.person(email="gone@example.com")},
        )["data"]["companyMemberCreate"]
    email, raw = _link(mail.outbox[-1])

    # when: the admin switches them off (their only company), then on again
    api.as_user(admin.user).post(gql.DEACTIVATE, {"id": created["member"]["id"]})
    assert _set_password(api, raw, email)["errors"] == INVALID
    api.as_user(admin.user).post(gql.ACTIVATE_MEMBER, {"id": created["member"]["id"]})

    # then: the old link stays dead; no password was set through it
    assert _set_password(api, raw, email)["errors"] == INVALID
    assert not saleor.find_user_by_email(email).has_usable_password()


def test_link_used_by_another_account_is_refused_and_stays_usable_by_its_owner(api):
    owner, attacker = UserFactory(), UserFactory()
    raw = tokens.issue(owner)
    assert _set_password(api, raw, attacker.email)["errors"] == INVALID
    attacker.refresh_from_db()
    assert not attacker.check_password(NEW_PASSWORD)
    assert _set_password(api, raw, owner.email) == {"errors": [], "ok": True}
