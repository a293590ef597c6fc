"""Flow 8 for the access emails: text and HTML, shop name and sender from the plugin's
configuration, translatable; an email that finally fails stays recorded."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from saleor_customer_center.email_delivery import render
from saleor_customer_center.models import EmailLog, Membership
from saleor_customer_center.roles import Role
from tests.factories import MembershipFactory

from .gql import DEACTIVATE, MEMBER_UPDATE, member_id, person

pytestmark = pytest.mark.django_db

CONTEXTS = {
    "account_activated": {"company_name": "Acme", "customer_number": "C1", "business_user": False},
    "user_added": {
        "company_name": "Acme",
        "role": "L20 Orders",
        "email": "a@example.com",
        "set_password_url": "https://shop.example/set-password/?t=1",
        "added_by": "boss@example.com",
    },
    "user_requested": {
        "company_name": "Acme",
        "requested_by": "clerk@example.com",
        "email": "new@example.com",
        "first_name": "Nora",
        "last_name": "New",
        "role": "L10 Basic",
        "needs_shop": False,
    },
    "request_approved": {"company_name": "Acme", "kind": "New user", "subject": "new@example.com"},
    "request_rejected": {"company_name": "Acme", "kind": "New user", "reason": "Not now."},
    "user_deactivated": {"company_name": "Acme"},
    "email_changed": {
        "company_name": "Acme",
        "old_email": "old@example.com",
        "new_email": "new@example.com",
        "changed_by": "boss@example.com",
    },
}


@pytest.mark.parametrize("event", list(CONTEXTS), ids=lambda event: f"{event}_case")
def test_every_access_email_renders_text_and_html(event):
    context = {"shop_name": "Demo Shop", "recipient_name": "Ann", **CONTEXTS[event]}
    subject, text, html = render(event, context)
    assert "Acme" in subject
    assert "\n" not in subject
    assert "Demo Shop" in text and "Demo Shop" in html
    assert "<p>" in html and "<p>" not in text


def test_sender_and_shop_name_come_from_the_configuration(
    api, company, plugin_configuration, django_capture_on_commit_callbacks
):
    plugin_configuration(shop_name="Hardware Heaven", sender_email="cc@heaven.example")
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    with django_capture_on_commit_callbacks(execute=True):
        api.as_user(admin.user).post(DEACTIVATE, {"id": member_id(buyer)})
    (message,) = mail.outbox
    assert message.from_email == "cc@heaven.example"
    assert "Hardware Heaven" in message.body
    assert EmailLog.objects.get().status == "sent"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: Django's backend contract, failing for real."""

    def send_messages(self, email_messages):
        raise ConnectionError("mail server unreachable")


@override_settings(
    EMAIL_BACKEND="tests.access.test_emails.RefusingBackend",
    # Eager celery cannot wait between retries: the last allowed attempt is the first.
    CUSTOMER_CENTER={"EMAIL_MAX_RETRIES": 0},
)
def test_an_email_that_finally_fails_is_recorded(api, company, django_capture_on_commit_callbacks):
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin.user).post(DEACTIVATE, {"id": member_id(buyer)})
    assert data["data"]["companyMemberDeactivate"]["errors"] == []
    log = EmailLog.objects.get()
    assert log.event == "user_deactivated"
    assert log.to == [buyer.user.email]
    assert log.status == "failed"
    assert log.attempts == 1
    assert "mail server unreachable" in log.error
    assert mail.outbox == []
    # The deactivation itself stands.
    assert Membership.objects.get(pk=buyer.pk).is_active is False


@override_settings(EMAIL_BACKEND="tests.access.test_emails.RefusingBackend")
def test_an_eager_send_that_fails_is_recorded_without_breaking_the_request(
    api, company, django_capture_on_commit_callbacks
):
    """Eager celery (the demo, a shop without workers) has no later try to wait for."""
    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin.user).post(DEACTIVATE, {"id": member_id(buyer)})
    assert data["data"]["companyMemberDeactivate"]["errors"] == []
    log = EmailLog.objects.get()
    assert (log.status, log.attempts) == ("failed", 1)


def test_a_refused_change_writes_no_email_and_no_audit(api, company):
    from saleor_customer_center.models import AuditEntry

    admin = MembershipFactory(company=company, role=Role.L80_ADMIN)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    data = api.as_user(admin.user).post(
        MEMBER_UPDATE,
        {
            "id": member_id(buyer),
            "input": person(role="L40_BILLING", budget={"amount": "5", "period": None}),
        },
    )["data"]["companyMemberUpdate"]
    assert data["errors"][0]["field"] == "period"
    buyer.refresh_from_db()
    assert buyer.role == Role.L20_ORDERS
    assert buyer.user.email != "new.person@example.com"
    assert not AuditEntry.objects.exists()
    assert not EmailLog.objects.exists()
