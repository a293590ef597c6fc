"""One company cannot rename another company's user (issue 12 item 7).

An admin of company B edited the name of a user who is also a member of company A, and
A's list showed the new name: names and email are the person's Saleor account, one for
every company. They change by a company admin's hand only while the person belongs to no
other company; otherwise the change is refused with the reason, in the API and on the
member edit page. The salutation is kept per company (``Membership.salutation``), so B
changes it for B alone. A changed email is told to the old address.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from saleor_customer_center.models import AuditEntry, EmailLog
from saleor_customer_center.roles import Role
from tests.access.gql import MEMBER_UPDATE, MEMBERS, company_id, member_id
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

OTHER_COMPANY_REASON = (
    "This person also belongs to another company. Their name and email are shared by every "
    "company they work for, so only they can change them, in their shop account."
)
STAFF_REASON = "This is also a shop staff account: only its owner can change its name and email."
SELF_REASON = (
    "Your email is your sign-in for every company you work for: change it in your shop account."
)


def refusal(field: str, message: str) -> dict:
    return {"field": field, "code": "PERMISSION_DENIED", "message": message}


@pytest.fixture
def shared(db):
    """Anna works for company A (L30) and company B (L20); each company has an admin."""
    anna = UserFactory(email="anna@example.com", first_name="Anna", last_name="Alder")
    company_a, company_b = CompanyFactory(name="A Ltd"), CompanyFactory(name="B Ltd")
    in_a = MembershipFactory(
        company=company_a, user=anna, role=Role.L30_ORDERS_PRICES, salutation="Ms"
    )
    in_b = MembershipFactory(company=company_b, user=anna, role=Role.L20_ORDERS, salutation="Ms")
    admin_a = MembershipFactory(company=company_a, role=Role.L80_ADMIN)
    admin_b = MembershipFactory(company=company_b, role=Role.L80_ADMIN)
    return anna, in_a, in_b, admin_a, admin_b


def edit(api, editor, target, **fields) -> dict:
    current = {
        "salutation": target.salutation or "Mx",
        "firstName": target.user.first_name,
        "lastName": target.user.last_name,
        "email": target.user.email,
        "role": Role(target.role).name,
    }
    answer = api.as_user(editor.user).post(
        MEMBER_UPDATE, {"id": member_id(target), "input": {**current, **fields}}
    )
    return answer["data"]["companyMemberUpdate"]


def names_in_list(api, admin, company) -> dict[str, tuple[str, str, str]]:
    edges = api.as_user(admin.user).post(MEMBERS, {"id": company_id(company)})["data"]["company"][
        "members"
    ]["edges"]
    return {
        e["node"]["email"]: (e["node"]["salutation"], e["node"]["firstName"], e["node"]["lastName"])
        for e in edges
    }


def test_company_b_cannot_rename_a_member_of_company_a(api, shared):
    # given
    anna, in_a, in_b, admin_a, admin_b = shared

    # when: B's admin renames Anna
    result = edit(api, admin_b, in_b, firstName="Hacked", lastName="Name")

    # then: refused, field by field, with the reason; A's list shows Anna as before
    assert result["errors"] == [
        refusal("firstName", OTHER_COMPANY_REASON),
        refusal("lastName", OTHER_COMPANY_REASON),
    ]
    assert result["member"] is None
    anna.refresh_from_db()
    assert (anna.first_name, anna.last_name) == ("Anna", "Alder")
    assert names_in_list(api, admin_a, in_a.company)["anna@example.com"] == ("Ms", "Anna", "Alder")
    assert not AuditEntry.objects.exists()


def test_company_b_cannot_change_the_email_of_a_member_of_company_a(api, shared):
    anna, in_a, in_b, admin_a, admin_b = shared

    result = edit(api, admin_b, in_b, email="attacker@example.com")

    assert result["errors"] == [refusal("email", OTHER_COMPANY_REASON)]
    anna.refresh_from_db()
    assert anna.email == "anna@example.com"
    assert not EmailLog.objects.exists()


def test_a_deactivated_membership_elsewhere_still_counts(api, shared):
    """A's list still shows a member A switched off: the name is still A's to see."""
    anna, in_a, in_b, admin_a, admin_b = shared
    in_a.is_active = False
    in_a.save(update_fields=["is_active"])

    result = edit(api, admin_b, in_b, lastName="Renamed")

    assert result["errors"] == [refusal("lastName", OTHER_COMPANY_REASON)]


def test_salutation_is_per_company_and_b_changes_only_its_own(api, shared):
    anna, in_a, in_b, admin_a, admin_b = shared

    result = edit(api, admin_b, in_b, salutation="Dr", role="L30_ORDERS_PRICES")

    assert result["errors"] == []
    assert names_in_list(api, admin_b, in_b.company)["anna@example.com"] == ("Dr", "Anna", "Alder")
    assert names_in_list(api, admin_a, in_a.company)["anna@example.com"] == ("Ms", "Anna", "Alder")


def test_an_unchanged_profile_with_other_changes_goes_through(api, shared):
    """The edit form always sends names and email: unchanged, they refuse nothing."""
    anna, in_a, in_b, admin_a, admin_b = shared

    result = edit(api, admin_b, in_b, role="L10_BASIC")

    assert result["errors"] == []
    in_b.refresh_from_db()
    assert in_b.role == Role.L10_BASIC


def test_a_shared_account_without_names_still_gets_its_role_changed(api, shared):
    """A shop account that had no names when a second company added it: the names cannot
    be given by B, and their absence does not block B's own fields."""
    anna, in_a, in_b, admin_a, admin_b = shared
    anna.first_name = anna.last_name = ""
    anna.save(update_fields=["first_name", "last_name"])

    result = edit(api, admin_b, in_b, firstName="", lastName="", role="L30_ORDERS_PRICES")
    named = edit(api, admin_b, in_b, firstName="Given")

    assert result["errors"] == []
    in_b.refresh_from_db()
    anna.refresh_from_db()
    assert (in_b.role, anna.first_name, anna.last_name) == (Role.L30_ORDERS_PRICES, "", "")
    assert named["errors"] == [refusal("firstName", OTHER_COMPANY_REASON)]


def test_a_shop_staff_account_is_not_renamed_by_a_company(api, shared):
    _, _, _, _, admin_b = shared
    staff = MembershipFactory(
        company=admin_b.company, user=UserFactory(is_staff=True), role=Role.L20_ORDERS
    )

    result = edit(api, admin_b, staff, firstName="Renamed", email="elsewhere@example.com")

    assert result["errors"] == [
        refusal("firstName", STAFF_REASON),
        refusal("email", STAFF_REASON),
    ]


def test_a_person_renames_themselves_but_changes_a_shared_email_in_their_account(api):
    owner = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)
    MembershipFactory(company=CompanyFactory(), user=owner.user, role=Role.L20_ORDERS)

    renamed = edit(api, owner, owner, firstName="Olga")
    moved = edit(api, owner, owner, email="olga@example.com")

    assert renamed["errors"] == []
    owner.user.refresh_from_db()
    assert owner.user.first_name == "Olga"
    assert moved["errors"] == [refusal("email", SELF_REASON)]


def test_a_person_of_this_company_alone_is_renamed_and_the_old_address_is_told(
    api, django_capture_on_commit_callbacks
):
    # given: Ben works for one company only
    admin = MembershipFactory(company=CompanyFactory(name="Solo Ltd"), role=Role.L80_ADMIN)
    ben = MembershipFactory(
        company=admin.company,
        user=UserFactory(email="ben@example.com", first_name="Ben", last_name="Baker"),
        role=Role.L20_ORDERS,
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        result = edit(
            api, admin, ben, firstName="Benjamin", lastName="Brewer", email="ben.b@example.com"
        )

    # then: changed, and one email to the old address (text and HTML) through the log
    assert result["errors"] == []
    ben.user.refresh_from_db()
    assert (ben.user.first_name, ben.user.last_name, ben.user.email) == (
        "Benjamin",
        "Brewer",
        "ben.b@example.com",
    )
    log = EmailLog.objects.get(event="email_changed")
    assert (log.to, log.status) == (["ben@example.com"], "sent")
    (message,) = mail.outbox
    assert message.to == ["ben@example.com"]
    assert message.subject == "Solo Ltd: the email of your account at Shop was changed"
    expected = (
        "The email address of your account at Shop was changed from ben@example.com to "
        f"ben.b@example.com by {admin.user.email}, an administrator of Solo Ltd."
    )
    assert expected in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and expected in html


def test_a_rename_alone_sends_no_email(api, django_capture_on_commit_callbacks):
    admin = MembershipFactory(company=CompanyFactory(), role=Role.L80_ADMIN)
    ben = MembershipFactory(company=admin.company, role=Role.L20_ORDERS)

    with django_capture_on_commit_callbacks(execute=True):
        result = edit(api, admin, ben, lastName="Other")

    assert result["errors"] == []
    assert mail.outbox == [] and not EmailLog.objects.exists()


# The member edit page -------------------------------------------------------------------


def page_of(client, user, member):
    """The member's edit page, for ``user`` signed in as the sign-in page does."""
    return PageClient(client).sign_in(user), f"users/{member.pk}/edit/"


def test_the_edit_page_says_why_and_refuses_a_posted_rename(client, api, shared):
    anna, in_a, in_b, admin_a, admin_b = shared
    pages, path = page_of(client, admin_b.user, in_b)

    shown = pages.get(path)
    posted = pages.post(
        path,
        {
            "salutation": "Ms",
            "first_name": "Hacked",
            "last_name": "Alder",
            "email": "anna@example.com",
            "role": str(Role.L20_ORDERS.value),
        },
    )

    assert shown.status_code == 200
    text = shown.content.decode()
    assert 'data-testid="profile-lock"' in text and "also belongs to another company" in text
    assert 'name="first_name" required value="Anna" readonly' in text
    assert posted.status_code == 400
    assert "also belongs to another company" in posted.content.decode()
    anna.refresh_from_db()
    assert anna.first_name == "Anna"


def test_the_edit_page_of_a_person_of_this_company_alone_is_editable(client, api):
    admin = MembershipFactory(company=CompanyFactory(), role=Role.L80_ADMIN)
    ben = MembershipFactory(company=admin.company, role=Role.L20_ORDERS)
    pages, path = page_of(client, admin.user, ben)

    text = pages.get(path).content.decode()

    assert "profile-lock" not in text
    assert not re.search(r"<input[^>]*\sreadonly", text)  # the stylesheet names it, no input has it
