"""The Activity page (L80 and up): the company's audit log in sentences, newest first,
filtered by person, kind of change and dates, paged on the server by a keyset (issue 17)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from saleor_customer_center.models import AuditEntry
from saleor_customer_center.roles import Role
from saleor_customer_center.services import activity, audit
from tests.factories import MembershipFactory, UserFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(plugin_configuration):
    return MembershipFactory(
        role=Role.L80_ADMIN, user=UserFactory(first_name="Adam", last_name="Admin")
    )


def _entry(company, actor, action, target=None, when=None, **values):
    entry = AuditEntry.objects.create(
        company=company,
        actor=actor,
        actor_email=actor.email,
        action=action,
        target_type="membership" if target else "",
        target_id=str(target.pk) if target else "",
        **values,
    )
    if when is not None:
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


def _page(user, **query):
    client = Client(raise_request_exception=True)
    PageClient(client).sign_in(user)
    return client.get("/plugins/global/saleor.customer_center/activity/", query)


def _rows(response) -> list[str]:
    return [entry.summary for entry in response.context["entries"]]


def test_admin_reads_the_last_changes_in_words_filtered_by_a_person(admin):
    ben = MembershipFactory(
        company=admin.company,
        role=Role.L20_ORDERS,
        user=UserFactory(first_name="Ben", last_name="Buyer"),
    )
    cara = MembershipFactory(
        company=admin.company,
        role=Role.L20_ORDERS,
        user=UserFactory(first_name="Cara", last_name="Clerk"),
    )
    _entry(admin.company, admin.user, audit.Action.MEMBER_DEACTIVATED, ben)
    _entry(admin.company, admin.user, audit.Action.MEMBER_DEACTIVATED, cara)
    _entry(
        admin.company,
        admin.user,
        audit.Action.BUDGET_SET,
        ben,
        after={"amount": "1000", "currency": "USD", "period": "monthly"},
    )
    response = _page(admin.user)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Adam Admin set Ben Buyer&#x27;s budget to 1,000.00 USD a month (was none)" in body
    assert _rows(response)[0].startswith("Adam Admin set Ben Buyer")  # newest first
    only_ben = _rows(_page(admin.user, person=ben.pk))
    assert only_ben == [
        "Adam Admin set Ben Buyer's budget to 1,000.00 USD a month (was none)",
        "Adam Admin deactivated Ben Buyer",
    ]
    budgets = _rows(_page(admin.user, kind="budgets"))
    assert budgets == ["Adam Admin set Ben Buyer's budget to 1,000.00 USD a month (was none)"]


def test_dates_bound_the_entries_by_the_shops_days(admin):
    now = timezone.now()
    _entry(
        admin.company, admin.user, audit.Action.COMPANY_UNBLOCKED, when=now - dt.timedelta(days=40)
    )
    _entry(admin.company, admin.user, audit.Action.MEMBER_ACTIVATED, admin)
    day = timezone.localtime(now - dt.timedelta(days=40)).date()
    shown = _rows(_page(admin.user, **{"from": day.isoformat(), "to": day.isoformat()}))
    assert shown == ["Adam Admin unblocked the company"]
    recent = _rows(_page(admin.user, **{"from": (day + dt.timedelta(days=1)).isoformat()}))
    assert recent == ["Adam Admin activated Adam Admin again"]


def test_pages_follow_the_keyset_and_entries_written_meanwhile_shift_nothing(admin):
    same_moment = timezone.now() - dt.timedelta(hours=1)
    for index in range(activity.PAGE_SIZE + 5):
        _entry(
            admin.company,
            admin.user,
            audit.Action.COMPANY_BLOCKED,
            when=same_moment if index < 10 else same_moment + dt.timedelta(seconds=index),
            after={"blocked_reason": f"r{index}"},
        )
    first = _page(admin.user)
    cursor = first.context["next_cursor"]
    assert len(first.context["entries"]) == activity.PAGE_SIZE and cursor
    _entry(admin.company, admin.user, audit.Action.COMPANY_UNBLOCKED)  # written meanwhile
    second = _page(admin.user, after=cursor)
    seen = [e.pk for e in first.context["entries"]] + [e.pk for e in second.context["entries"]]
    expected = list(
        AuditEntry.objects.filter(company=admin.company, action=audit.Action.COMPANY_BLOCKED)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert seen == expected
    assert second.context["next_cursor"] == ""


def test_another_companys_entries_and_people_never_show(admin):
    stranger = MembershipFactory(role=Role.L90_OWNER)
    _entry(stranger.company, stranger.user, audit.Action.MEMBER_DEACTIVATED, stranger)
    _entry(admin.company, admin.user, audit.Action.COMPANY_UNBLOCKED)
    assert _rows(_page(admin.user)) == ["Adam Admin unblocked the company"]
    assert _rows(_page(admin.user, person=stranger.pk)) == []
    assert _rows(_page(stranger.user, person=admin.pk)) == []
    body = _page(stranger.user).content.decode()
    assert "Adam Admin" not in body


@pytest.mark.parametrize("role", [Role.L10_BASIC, Role.L20_ORDERS, Role.L40_BILLING])
def test_below_l80_the_page_is_refused_and_shows_nothing(admin, role):
    _entry(admin.company, admin.user, audit.Action.COMPANY_UNBLOCKED)
    member = MembershipFactory(company=admin.company, role=role)
    response = _page(member.user)
    assert response.status_code == 403
    assert "unblocked" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"from": "2026-02-31"}, {"person": "abc"}, {"kind": "nope"}, {"after": "not-a-cursor"}],
)
def test_bad_filters_answer_a_message_not_an_error(admin, query):
    response = _page(admin.user, **query)
    assert response.status_code in (200, 400)
    if "after" not in query:
        assert response.status_code == 400
        assert "were not understood" in response.content.decode()


def test_a_page_costs_the_same_whatever_the_log_holds(admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=True)
    PageClient(client).sign_in(admin.user)
    url = "/plugins/global/saleor.customer_center/activity/"
    client.get(url)  # Saleor's caches (site, plugin configuration) warm
    counts = []
    for rows in (3, 60):
        for _ in range(rows):
            target = MembershipFactory(company=admin.company, role=Role.L20_ORDERS)
            _entry(admin.company, UserFactory(), audit.Action.MEMBER_DEACTIVATED, target)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert len(response.context["entries"]) == activity.PAGE_SIZE
    assert counts[0] == counts[1], counts


def test_console_company_page_reads_the_log_in_sentences_and_who_blocked_it(staff_user, admin):
    from saleor_customer_center.services import members, staff

    ben = MembershipFactory(
        company=admin.company,
        role=Role.L20_ORDERS,
        user=UserFactory(first_name="Ben", last_name="Buyer"),
    )
    members.deactivate_member(admin.user, ben.pk)
    staff_user.first_name, staff_user.last_name = "Sam", "Staff"
    staff_user.save()
    staff.set_blocked(staff_user, admin.company.pk, True, "Unpaid invoices")
    client = Client(raise_request_exception=True)
    PageClient(client).sign_in(staff_user)
    response = client.get(
        f"/plugins/global/saleor.customer_center/staff/companies/{admin.company.pk}/"
    )
    body = response.content.decode()
    assert "Adam Admin deactivated Ben Buyer" in body
    assert "Sam Staff (shop staff) blocked the company: Unpaid invoices" in body
    assert "Sam Staff (shop staff) on " in body  # the header: who blocked it, when
    assert "member_deactivated" not in body and f"membership {ben.pk}" not in body


def test_staff_signing_in_lands_on_the_console(staff_user, plugin_configuration):
    from saleor_customer_center.door import cookies
    from tests.factories import PASSWORD

    client = Client(raise_request_exception=True)
    client.cookies[cookies.CSRF] = "x" * 43
    response = client.post(
        "/plugins/global/saleor.customer_center/signin/",
        {"email": staff_user.email, "password": PASSWORD, "csrf_token": "x" * 43},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/saleor.customer_center/staff/")
