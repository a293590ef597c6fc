"""The request queue: new users asked for by members, decided by admins or the shop."""

import pytest
from django.core import mail

from saleor_customer_center import saleor
from saleor_customer_center.models import AuditEntry, CompanyRequest, CompanyRequestEvent
from saleor_customer_center.roles import Role
from tests.factories import MembershipFactory
from tests.web_client import PageClient

from .gql import (
    REQUEST_APPROVE,
    REQUEST_CREATE,
    REQUEST_REJECT,
    REQUESTS,
    company_id,
    person,
    request_id,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(company):
    return MembershipFactory(company=company, role=Role.L80_ADMIN)


@pytest.fixture
def buyer(company):
    return MembershipFactory(company=company, role=Role.L20_ORDERS)


def file_new_user(api, company, member, **extra):
    return api.as_user(member.user).post(
        REQUEST_CREATE,
        {"company": company_id(company), "input": {"kind": "NEW_USER", "newUser": person(**extra)}},
    )["data"]["companyRequestCreate"]


def test_member_requests_a_user_and_the_admins_are_told(
    api, company, admin, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data = file_new_user(api, company, buyer)
    assert data["errors"] == []
    assert data["request"]["kind"] == "NEW_USER"
    assert data["request"]["status"] == "PENDING"
    request = CompanyRequest.objects.get()
    assert request.needs_shop is False
    assert list(request.events.values_list("status", flat=True)) == ["pending"]
    assert [message.to for message in mail.outbox] == [[admin.user.email]]
    assert "new.person@example.com" in mail.outbox[0].body
    listed = api.as_user(admin.user).post(REQUESTS, {"id": company_id(company)})
    assert listed["data"]["company"]["requests"]["totalCount"] == 1


def test_admin_approves_and_the_account_is_created(
    api, company, admin, buyer, django_capture_on_commit_callbacks
):
    file_new_user(api, company, buyer)
    request = CompanyRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin.user).post(REQUEST_APPROVE, {"id": request_id(request)})
    assert data["data"]["companyRequestApprove"] == {
        "errors": [],
        "request": {"id": request_id(request), "status": "APPROVED"},
    }
    user = saleor.find_user_by_email("new.person@example.com")
    assert user.company_memberships.get().role == Role.L20_ORDERS
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [buyer.user.email, "new.person@example.com"]
    )
    assert list(
        CompanyRequestEvent.objects.filter(request=request).values_list("status", flat=True)
    ) == ["pending", "approved"]
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "request_created",
        "request_approved",
        "member_created",
    }
    again = api.as_user(admin.user).post(REQUEST_APPROVE, {"id": request_id(request)})
    assert again["data"]["companyRequestApprove"]["errors"][0]["code"] == "ALREADY_DECIDED"


def test_admin_rejects_with_a_reason(
    api, company, admin, buyer, django_capture_on_commit_callbacks
):
    file_new_user(api, company, buyer)
    request = CompanyRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin.user).post(
            REQUEST_REJECT, {"id": request_id(request), "reason": "Use the shared account."}
        )
    assert data["data"]["companyRequestReject"]["request"]["status"] == "REJECTED"
    request.refresh_from_db()
    assert request.reason == "Use the shared account."
    assert [message.to for message in mail.outbox] == [[buyer.user.email]]
    assert "Use the shared account." in mail.outbox[0].body
    assert saleor.find_user_by_email("new.person@example.com") is None


def test_rejecting_without_a_reason_is_a_field_error_in_the_api_and_the_page(
    api, client, company, admin, buyer
):
    # Found by mypy: the reject service shadowed gettext's ``_`` with the membership it
    # unpacked, so an empty reason raised TypeError (a 500) instead of this error.
    file_new_user(api, company, buyer)
    request = CompanyRequest.objects.get()
    refused = api.as_user(admin.user).post(
        REQUEST_REJECT, {"id": request_id(request), "reason": " "}
    )
    assert refused["data"]["companyRequestReject"]["errors"] == [
        {"field": "reason", "code": "REQUIRED", "message": "Give the requester a reason."}
    ]
    page = (
        PageClient(client)
        .sign_in(admin.user)
        .post("requests/", {"action": "reject", "request_id": str(request.pk), "reason": ""})
    )
    assert page.status_code == 400
    assert "Give the requester a reason." in page.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"


def test_admin_cannot_approve_a_role_above_its_own(api, company, admin, buyer):
    file_new_user(api, company, buyer, role="L80_ADMIN")
    lower_admin = MembershipFactory(company=company, role=Role.L40_BILLING)
    request = CompanyRequest.objects.get()
    denied = api.as_user(lower_admin.user).post(REQUEST_APPROVE, {"id": request_id(request)})
    assert denied["data"]["companyRequestApprove"]["errors"][0]["code"] == "PERMISSION_DENIED"
    ok = api.as_user(admin.user).post(REQUEST_APPROVE, {"id": request_id(request)})
    assert ok["data"]["companyRequestApprove"]["errors"] == []


def test_nobody_requests_an_owner(api, company, buyer):
    data = file_new_user(api, company, buyer, role="L90_OWNER")
    assert data["errors"][0]["field"] == "role"
    assert not CompanyRequest.objects.exists()


def test_shop_decides_when_the_operator_approves_new_users(
    api, company, admin, buyer, staff_user, plugin_configuration
):
    plugin_configuration(new_users_need_approval=True)
    file_new_user(api, company, buyer)
    request = CompanyRequest.objects.get()
    assert request.needs_shop is True
    denied = api.as_user(admin.user).post(REQUEST_APPROVE, {"id": request_id(request)})
    assert denied["data"]["companyRequestApprove"]["errors"][0]["code"] == "PERMISSION_DENIED"
    ok = api.as_user(staff_user).post(REQUEST_APPROVE, {"id": request_id(request)})
    assert ok["data"]["companyRequestApprove"]["errors"] == []
    assert saleor.find_user_by_email("new.person@example.com") is not None


def test_other_kinds_need_a_message(api, company, buyer):
    data = api.as_user(buyer.user).post(
        REQUEST_CREATE, {"company": company_id(company), "input": {"kind": "QUOTE"}}
    )["data"]["companyRequestCreate"]
    assert data["errors"] == [
        {"field": "message", "code": "REQUIRED", "message": "Say what you need."}
    ]
    filed = api.as_user(buyer.user).post(
        REQUEST_CREATE,
        {"company": company_id(company), "input": {"kind": "QUOTE", "message": "200 drills?"}},
    )["data"]["companyRequestCreate"]
    assert filed["request"]["kind"] == "QUOTE"
    assert CompanyRequest.objects.get().needs_shop is True


def test_budget_approvals_are_not_filed_by_members(api, company, buyer):
    data = api.as_user(buyer.user).post(
        REQUEST_CREATE,
        {"company": company_id(company), "input": {"kind": "BUDGET_APPROVAL", "message": "x"}},
    )["data"]["companyRequestCreate"]
    assert data["errors"][0]["field"] == "kind"


def test_members_see_their_own_requests_admins_the_whole_queue():
    from saleor_customer_center.models import CompanyRequest
    from saleor_customer_center.services.requests import visible_requests

    admin = MembershipFactory(role=Role.L80_ADMIN)
    alice = MembershipFactory(company=admin.company, role=Role.L20_ORDERS)
    bob = MembershipFactory(company=admin.company, role=Role.L40_BILLING)
    for member in (alice, bob):
        CompanyRequest.objects.create(
            company=admin.company, kind="other", requested_by=member.user, payload={"message": "x"}
        )
    assert visible_requests(admin.company, admin).count() == 2
    assert [r.requested_by for r in visible_requests(admin.company, alice)] == [alice.user]
    assert [r.requested_by for r in visible_requests(admin.company, bob)] == [bob.user]
