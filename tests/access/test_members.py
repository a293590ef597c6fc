"""Flow 2: users management by the company's admins, through the plugin's GraphQL API."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from saleor_customer_center import saleor
from saleor_customer_center.models import (
    ActionToken,
    AuditEntry,
    Budget,
    CompanyRequest,
    Membership,
)
from saleor_customer_center.roles import Role
from tests.factories import ErpContactFactory, MembershipFactory, UserFactory

from .gql import (
    ACTIVATE_MEMBER,
    ADD_FROM_CONTACT,
    BUDGET_SET,
    DEACTIVATE,
    MEMBER_CREATE,
    MEMBER_UPDATE,
    MEMBERS,
    MY_COMPANIES,
    SET_PASSWORD,
    company_id,
    contact_id,
    member_id,
    person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(company):
    return MembershipFactory(company=company, role=Role.L90_OWNER)


@pytest.fixture
def admin(company):
    return MembershipFactory(company=company, role=Role.L80_ADMIN)


def link_in(message) -> tuple[str, str]:
    match = re.search(r"set-password/\?email=([^&\s]+)&token=([\w-]+)", message.body)
    assert match, message.body
    from urllib.parse import unquote

    return unquote(match.group(1)), match.group(2)


# List ---------------------------------------------------------------------------------


def test_admin_lists_members_and_unlinked_contacts(api, company, admin):
    buyer = MembershipFactory(company=company, role=Role.L30_ORDERS_PRICES, salutation="Mr")
    linked = ErpContactFactory(company=company, contact_number="K-1")
    buyer.erp_contact = linked
    buyer.save()
    unlinked = ErpContactFactory(company=company, contact_number="K-2", is_main_contact=True)
    Budget.objects.create(
        company=company,
        membership=buyer,
        amount=Decimal(500.0),
        currency="USD",
        period="monthly",
        start_date="2026-01-01",
    )
    data = api.as_user(admin.user).post(MEMBERS, {"id": company_id(company)})["data"]["company"]
    nodes = [edge["node"] for edge in data["members"]["edges"]]
    assert data["members"]["totalCount"] == 2
    assert nodes[1] == {
        "id": member_id(buyer),
        "email": buyer.user.email,
        "firstName": buyer.user.first_name,
        "lastName": buyer.user.last_name,
        "salutation": "Mr",
        "role": "L30_ORDERS_PRICES",
        "isActive": True,
        "budget": {
            "amount": 500.0,
            "currency": "USD",
            "period": "MONTHLY",
            "spent": 0.0,
            "remaining": 500.0,
        },
    }
    contacts = {
        edge["node"]["contactNumber"]: edge["node"] for edge in data["erpContacts"]["edges"]
    }
    assert contacts["K-1"]["member"] == {"id": member_id(buyer)}
    assert contacts["K-2"] == {
        "id": contact_id(unlinked),
        "contactNumber": "K-2",
        "email": unlinked.email,
        "firstName": unlinked.first_name,
        "lastName": unlinked.last_name,
        "isMainContact": True,
        "member": None,
    }


# Create ---------------------------------------------------------------------------------


def test_admin_creates_a_user_who_sets_their_own_password(
    api, company, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin.user).post(
            MEMBER_CREATE, {"company": company_id(company), "input": person()}
        )["data"]["companyMemberCreate"]
    assert data["errors"] == []
    assert data["request"] is None
    assert data["member"]["role"] == "L20_ORDERS"
    user = saleor.find_user_by_email("new.person@example.com")
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(company=company, action="member_created").count() == 1
    (message,) = mail.outbox
    assert message.to == ["new.person@example.com"]
    assert company.name in message.subject
    email, token = link_in(message)
    assert email == "new.person@example.com"
    assert "http://testserver/plugins/global/saleor.customer_center/set-password/" in message.body
    assert message.alternatives[0][1] == "text/html"

    result = api.post(
        SET_PASSWORD, {"token": token, "email": email, "password": "Fresh-Lantern-77"}
    )["data"]["setPasswordWithToken"]
    assert result == {"errors": [], "ok": True}
    user.refresh_from_db()
    assert user.check_password("Fresh-Lantern-77")


def test_set_password_link_uses_the_storefront_url(
    api, company, admin, plugin_configuration, django_capture_on_commit_callbacks
):
    plugin_configuration(storefront_url="https://shop.example/account")
    with django_capture_on_commit_callbacks(execute=True):
        api.as_user(admin.user).post(
            MEMBER_CREATE, {"company": company_id(company), "input": person()}
        )
    assert "https://shop.example/account/set-password/?email=" in mail.outbox[0].body


@pytest.mark.parametrize(
    "email", ["taken@example.com", "TAKEN@Example.com"], ids=["same_case", "other_case"]
)
def test_email_of_another_shop_user_is_refused(api, company, admin, email):
    UserFactory(email="taken@example.com")
    data = api.as_user(admin.user).post(
        MEMBER_CREATE, {"company": company_id(company), "input": person(email=email)}
    )["data"]["companyMemberCreate"]
    assert data["errors"] == [
        {
            "field": "email",
            "code": "UNIQUE",
            "message": "This email already belongs to a shop user.",
        }
    ]
    assert Membership.objects.filter(company=company).count() == 1


def test_required_fields(api, company, admin):
    data = api.as_user(admin.user).post(
        MEMBER_CREATE,
        {"company": company_id(company), "input": {"email": "x@example.com"}},
    )["data"]["companyMemberCreate"]
    assert sorted((error["field"], error["code"]) for error in data["errors"]) == [
        ("firstName", "REQUIRED"),
        ("lastName", "REQUIRED"),
        ("role", "REQUIRED"),
        ("salutation", "REQUIRED"),
    ]


def test_new_user_waits_for_the_shop_when_the_operator_wants_to_approve(
    api, company, admin, plugin_configuration
):
    plugin_configuration(new_users_need_approval=True)
    data = api.as_user(admin.user).post(
        MEMBER_CREATE, {"company": company_id(company), "input": person()}
    )["data"]["companyMemberCreate"]
    assert data["errors"] == []
    assert data["member"] is None
    assert data["request"]["kind"] == "NEW_USER"
    assert data["request"]["status"] == "PENDING"
    assert saleor.find_user_by_email("new.person@example.com") is None
    assert CompanyRequest.objects.get().needs_shop is True


def test_create_with_a_budget(api, company, admin):
    data = api.as_user(admin.user).post(
        MEMBER_CREATE,
        {
            "company": company_id(company),
            "input": person(budget={"amount": "250", "period": "QUARTERLY"}),
        },
    )["data"]["companyMemberCreate"]
    assert data["errors"] == []
    assert data["member"]["budget"]["amount"] == 250.0
    assert data["member"]["budget"]["currency"] == "USD"
    assert data["member"]["budget"]["period"] == "QUARTERLY"


# Add from ERP contact ---------------------------------------------------------------------


def test_admin_adds_an_erp_contact_with_a_corrected_contact_number(
    api, company, admin, django_capture_on_commit_callbacks
):
    contact = ErpContactFactory(company=company, contact_number="K-OLD", email="carla@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin.user).post(
            ADD_FROM_CONTACT,
            {
                "company": company_id(company),
                "contact": contact_id(contact),
                "input": {
                    "customerNumber": company.customer_number.lower(),
                    "contactNumber": "K-NEW",
                    "role": "L40_BILLING",
                },
            },
        )["data"]["companyMemberAddFromContact"]
    assert data["errors"] == []
    assert data["member"]["email"] == "carla@example.com"
    assert data["member"]["role"] == "L40_BILLING"
    contact.refresh_from_db()
    assert contact.contact_number == "K-NEW"
    assert contact.member.user.email == "carla@example.com"
    assert link_in(mail.outbox[0])[0] == "carla@example.com"


def test_contact_with_a_shop_account_keeps_it(api, company, admin, other_company):
    existing = MembershipFactory(company=other_company, user=UserFactory(email="multi@example.com"))
    contact = ErpContactFactory(company=company, email="Multi@example.com")
    data = api.as_user(admin.user).post(
        ADD_FROM_CONTACT,
        {
            "company": company_id(company),
            "contact": contact_id(contact),
            "input": {"role": "L10_BASIC"},
        },
    )["data"]["companyMemberAddFromContact"]
    assert data["errors"] == []
    assert Membership.objects.get(company=company, erp_contact=contact).user == existing.user
    assert not ActionToken.objects.exists()  # they already have a password


def test_wrong_customer_number_and_linked_contact_are_refused(api, company, admin, other_company):
    contact = ErpContactFactory(company=company)
    variables = {"company": company_id(company), "contact": contact_id(contact)}
    data = api.as_user(admin.user).post(
        ADD_FROM_CONTACT,
        {
            **variables,
            "input": {"role": "L10_BASIC", "customerNumber": other_company.customer_number},
        },
    )["data"]["companyMemberAddFromContact"]
    assert data["errors"][0]["field"] == "customerNumber"
    api.as_user(admin.user).post(ADD_FROM_CONTACT, {**variables, "input": {"role": "L10_BASIC"}})
    again = api.as_user(admin.user).post(
        ADD_FROM_CONTACT, {**variables, "input": {"role": "L10_BASIC"}}
    )["data"]["companyMemberAddFromContact"]
    assert again["errors"][0]["code"] == "UNIQUE"


# Update ---------------------------------------------------------------------------------


def test_admin_edits_a_member(api, company, admin):
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    data = api.as_user(admin.user).post(
        MEMBER_UPDATE,
        {
            "id": member_id(buyer),
            "input": person(
                email="renamed@example.com",
                role="L30_ORDERS_PRICES",
                budget={"amount": "100", "currency": "EUR", "period": "YEARLY"},
            ),
        },
    )["data"]["companyMemberUpdate"]
    assert data["errors"] == []
    assert data["member"]["email"] == "renamed@example.com"
    assert data["member"]["role"] == "L30_ORDERS_PRICES"
    assert data["member"]["budget"]["currency"] == "EUR"
    entry = AuditEntry.objects.get(action="member_updated")
    assert entry.before["role"] == "L20_ORDERS"
    assert entry.after["role"] == "L30_ORDERS_PRICES"
    assert entry.actor == admin.user


def test_email_of_a_person_working_for_another_company_is_not_changed(
    api, company, admin, other_company
):
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    MembershipFactory(company=other_company, user=buyer.user)
    names = {"firstName": buyer.user.first_name, "lastName": buyer.user.last_name}
    data = api.as_user(admin.user).post(
        MEMBER_UPDATE,
        {"id": member_id(buyer), "input": person(email="moved@example.com", **names)},
    )["data"]["companyMemberUpdate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("email", "PERMISSION_DENIED")]
    assert "also belongs to another company" in data["errors"][0]["message"]
    assert not AuditEntry.objects.exists()


def test_owner_edits_own_names_but_stays_owner(api, company, owner):
    data = api.as_user(owner.user).post(
        MEMBER_UPDATE,
        {"id": member_id(owner), "input": person(email=owner.user.email, role="L90_OWNER")},
    )["data"]["companyMemberUpdate"]
    assert data["errors"] == []
    demote = api.as_user(owner.user).post(
        MEMBER_UPDATE,
        {"id": member_id(owner), "input": person(email=owner.user.email, role="L80_ADMIN")},
    )["data"]["companyMemberUpdate"]
    assert demote["errors"][0]["code"] == "PERMISSION_DENIED"
    owner.refresh_from_db()
    assert owner.role == Role.L90_OWNER


def test_nobody_changes_their_own_role_or_budget(api, company, admin):
    role = api.as_user(admin.user).post(
        MEMBER_UPDATE,
        {"id": member_id(admin), "input": person(email=admin.user.email, role="L40_BILLING")},
    )["data"]["companyMemberUpdate"]
    budget = api.as_user(admin.user).post(
        BUDGET_SET, {"id": member_id(admin), "input": {"amount": "1", "period": "TOTAL"}}
    )["data"]["companyBudgetSet"]
    assert role["errors"][0]["code"] == budget["errors"][0]["code"] == "PERMISSION_DENIED"


# Budget -----------------------------------------------------------------------------------


def test_budget_set_and_cleared(api, company, admin):
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    data = api.as_user(admin.user).post(
        BUDGET_SET, {"id": member_id(buyer), "input": {"amount": "300.5", "period": "MONTHLY"}}
    )["data"]["companyBudgetSet"]
    assert data["errors"] == []
    assert data["member"]["budget"] == {
        "amount": 300.5,
        "currency": "USD",
        "period": "MONTHLY",
        "spent": 0.0,
        "remaining": 300.5,
    }
    cleared = api.as_user(admin.user).post(
        BUDGET_SET, {"id": member_id(buyer), "input": {"amount": None}}
    )["data"]["companyBudgetSet"]
    assert cleared["errors"] == []
    assert cleared["member"]["budget"] is None
    assert list(
        AuditEntry.objects.filter(company=company).order_by("pk").values_list("action", flat=True)
    ) == ["budget_set", "budget_cleared"]


def test_negative_budget_is_a_field_error(api, company, admin):
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    data = api.as_user(admin.user).post(
        BUDGET_SET, {"id": member_id(buyer), "input": {"amount": "-1", "period": "MONTHLY"}}
    )["data"]["companyBudgetSet"]
    assert data["errors"][0]["field"] == "amount"
    assert not Budget.objects.exists()
    assert not AuditEntry.objects.exists()


# Deactivate / activate -------------------------------------------------------------------


def test_deactivated_member_loses_access_and_login_at_once(
    api, company, admin, django_capture_on_commit_callbacks
):
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    token = saleor.create_tokens(buyer.user)["token"]
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin.user).post(DEACTIVATE, {"id": member_id(buyer)})
    assert data["data"]["companyMemberDeactivate"] == {
        "errors": [],
        "member": {"id": member_id(buyer), "isActive": False},
    }
    buyer.user.refresh_from_db()
    assert buyer.user.is_active is False
    # The token it held stops working on the next request.
    response = api.post(MY_COMPANIES, user=None, raw=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert [message.to for message in mail.outbox] == [[buyer.user.email]]
    assert "switched off" in mail.outbox[0].subject

    restored = api.as_user(admin.user).post(ACTIVATE_MEMBER, {"id": member_id(buyer)})
    assert restored["data"]["companyMemberActivate"]["member"]["isActive"] is True
    buyer.user.refresh_from_db()
    assert buyer.user.is_active is True
    companies = api.as_user(buyer.user).post(MY_COMPANIES)["data"]["myCompanies"]
    assert [entry["company"]["id"] for entry in companies] == [company_id(company)]


def test_deactivation_is_per_company(api, company, admin, other_company):
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    MembershipFactory(company=other_company, user=buyer.user, role=Role.L10_BASIC)
    api.as_user(admin.user).post(DEACTIVATE, {"id": member_id(buyer)})
    buyer.user.refresh_from_db()
    assert buyer.user.is_active is True
    companies = api.as_user(buyer.user).post(MY_COMPANIES)["data"]["myCompanies"]
    assert [entry["company"]["id"] for entry in companies] == [company_id(other_company)]
    # Its old company answers as if it did not exist.
    from tests.graphql_core.test_endpoint import COMPANY

    assert api.as_user(buyer.user).post(COMPANY, {"id": company_id(company)}) == {
        "data": {"company": None}
    }


def test_a_user_the_shop_blocked_is_not_reactivated_by_the_plugin(api, company, admin):
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS, is_active=False)
    buyer.user.is_active = False
    buyer.user.save()
    api.as_user(admin.user).post(ACTIVATE_MEMBER, {"id": member_id(buyer)})
    buyer.user.refresh_from_db()
    assert buyer.user.is_active is False


def test_nobody_deactivates_themselves(api, company, admin):
    data = api.as_user(admin.user).post(DEACTIVATE, {"id": member_id(admin)})
    assert data["data"]["companyMemberDeactivate"]["errors"][0]["code"] == "PERMISSION_DENIED"


def test_adding_a_switched_off_person_again_switches_the_login_back_on(
    api, company, admin, other_company
):
    former = MembershipFactory(company=other_company, is_active=False)
    saleor.deactivate_user(former.user)
    contact = ErpContactFactory(company=company, email=former.user.email)
    data = api.as_user(admin.user).post(
        ADD_FROM_CONTACT,
        {
            "company": company_id(company),
            "contact": contact_id(contact),
            "input": {"role": "L10_BASIC"},
        },
    )["data"]["companyMemberAddFromContact"]
    assert data["errors"] == []
    former.user.refresh_from_db()
    assert former.user.is_active is True


def test_reactivated_member_without_a_password_gets_a_new_set_password_link(
    api, django_capture_on_commit_callbacks
):
    from graphql_relay import to_global_id

    from saleor_customer_center.models import ActionToken

    admin = MembershipFactory(role=Role.L80_ADMIN)
    invited = MembershipFactory(company=admin.company, role=Role.L10_BASIC)
    invited.user.set_unusable_password()
    invited.user.save()
    admin_api = api.as_user(admin.user)
    deactivate = """mutation($id: ID!) { companyMemberDeactivate(id: $id) { errors { code } } }"""
    activate = """mutation($id: ID!) { companyMemberActivate(id: $id) { errors { code } } }"""
    member_gid = to_global_id("CompanyMember", invited.pk)
    admin_api.post(deactivate, {"id": member_gid})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        body = admin_api.post(activate, {"id": member_gid})
    assert body["data"]["companyMemberActivate"]["errors"] == []
    (message,) = mail.outbox
    assert message.to == [invited.user.email]
    assert "set-password/?email=" in message.body
    live = ActionToken.objects.filter(user=invited.user, used_at=None, revoked_at=None)
    assert live.count() == 1
