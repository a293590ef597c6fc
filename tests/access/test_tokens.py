"""Set-password links: random, stored hashed, expiring, single use, bound to user+purpose."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from saleor_customer_center.models import ActionToken
from saleor_customer_center.models.security import ActionTokenPurpose
from saleor_customer_center.services import tokens
from tests.factories import UserFactory

from .gql import SET_PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Quiet-Meadow-4411"


def set_password(api, token, email, password=NEW):
    return api.post(SET_PASSWORD, {"token": token, "email": email, "password": password})["data"][
        "setPasswordWithToken"
    ]


INVALID = [
    {
        "field": "token",
        "code": "INVALID_TOKEN",
        "message": "This link is invalid or has expired. Ask for a new one.",
    }
]


def test_token_is_stored_hashed_and_works_once(api):
    user = UserFactory()
    raw = tokens.issue(user)
    stored = ActionToken.objects.get()
    assert raw not in stored.token_hash
    assert len(raw) >= 40
    assert set_password(api, raw, user.email) == {"errors": [], "ok": True}
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert set_password(api, raw, user.email, "Other-Meadow-5522")["errors"] == INVALID


def test_token_is_bound_to_its_user(api):
    user, other = UserFactory(), UserFactory()
    raw = tokens.issue(user)
    assert set_password(api, raw, other.email)["errors"] == INVALID
    assert set_password(api, raw, "nobody@example.com")["errors"] == INVALID
    other.refresh_from_db()
    assert not other.check_password(NEW)


def test_token_is_bound_to_its_purpose(api):
    user = UserFactory()
    raw = tokens.issue(user, ActionTokenPurpose.INVITATION)
    assert set_password(api, raw, user.email)["errors"] == INVALID


def test_reissuing_revokes_the_old_link(api):
    user = UserFactory()
    old = tokens.issue(user)
    new = tokens.issue(user)
    assert set_password(api, old, user.email)["errors"] == INVALID
    assert set_password(api, new, user.email)["errors"] == []


@override_settings(CUSTOMER_CENTER={"ACTION_TOKEN_TTL_HOURS": 1})
def test_token_expires_after_the_configured_hours(api):
    user = UserFactory()
    raw = tokens.issue(user)
    token = ActionToken.objects.get()
    assert timedelta(minutes=59) < token.expires_at - timezone.now() <= timedelta(hours=1)
    ActionToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert set_password(api, raw, user.email)["errors"] == INVALID


def test_default_lifetime_is_72_hours():
    user = UserFactory()
    tokens.issue(user)
    lifetime = ActionToken.objects.get().expires_at - timezone.now()
    assert timedelta(hours=71, minutes=59) < lifetime <= timedelta(hours=72)


def test_weak_password_keeps_the_token(api):
    user = UserFactory()
    raw = tokens.issue(user)
    data = set_password(api, raw, user.email, "123")
    assert data["errors"][0]["code"] == "PASSWORD_TOO_WEAK"
    assert set_password(api, raw, user.email)["errors"] == []


def test_setting_the_password_ends_existing_sessions(api):
    from saleor_customer_center import saleor

    user = UserFactory()
    old_token = saleor.create_tokens(user)["token"]
    set_password(api, tokens.issue(user), user.email)
    with pytest.raises(saleor.InvalidToken):
        saleor.user_from_access_token(old_token)
