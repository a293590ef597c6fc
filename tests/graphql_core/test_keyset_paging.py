"""Keyset paging (issue 16 item 2): every page after a cursor starts at the cursor, so
reading a whole list is linear; pages are exact with ties, mixed directions and NULLs, in
both directions; totalCount is counted only when asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_customer_center.models import AuditEntry
from saleor_customer_center.roles import Role
from saleor_customer_center.services import billing, members, paging
from tests.factories import InvoiceFactory, MembershipFactory

pytestmark = pytest.mark.django_db

AUDIT_PAGE = """query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  company(id: $id) { auditLog(first: $first, after: $after, last: $last, before: $before) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } } } } }"""


def _audit(company, actor, count: int) -> list[int]:
    """``count`` entries, in groups of three sharing one timestamp (ties for the id)."""
    moment = timezone.now()
    entries = AuditEntry.objects.bulk_create(
        AuditEntry(company=company, actor=actor, actor_email=actor.email, action="member_updated")
        for _ in range(count)
    )
    for index, entry in enumerate(entries):
        AuditEntry.objects.filter(pk=entry.pk).update(
            created_at=moment - dt.timedelta(minutes=index // 3)
        )
    return list(
        AuditEntry.objects.filter(company=company)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )


def _ids(answer) -> list[int]:
    from graphql_relay import from_global_id

    edges = answer["data"]["company"]["auditLog"]["edges"]
    return [int(from_global_id(edge["node"]["id"])[1]) for edge in edges]


def test_every_page_forward_then_backward_reads_each_entry_once(api):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    expected = _audit(admin.company, admin.user, 23)
    client = api.as_user(admin.user)
    company = to_global_id("Company", admin.company.pk)

    seen, after, pages = [], None, 0
    while True:
        answer = client.post(AUDIT_PAGE, {"id": company, "first": 5, "after": after})
        info = answer["data"]["company"]["auditLog"]["pageInfo"]
        seen += _ids(answer)
        pages += 1
        assert info["hasPreviousPage"] is (after is not None)
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert seen == expected
    assert pages == 5

    back, before = [], None
    while True:
        answer = client.post(AUDIT_PAGE, {"id": company, "last": 5, "before": before})
        info = answer["data"]["company"]["auditLog"]["pageInfo"]
        back = _ids(answer) + back
        if not info["hasPreviousPage"]:
            break
        before = info["startCursor"]
    assert back == expected


def test_a_page_after_a_cursor_is_one_query_without_offset_starting_at_the_cursor():
    admin = MembershipFactory(role=Role.L80_ADMIN)
    expected = _audit(admin.company, admin.user, 12)
    first = paging.page(
        AuditEntry.objects.filter(company=admin.company).order_by("-created_at", "-pk"), first=4
    )
    with CaptureQueriesContext(connection) as queries:
        second = paging.page(
            AuditEntry.objects.filter(company=admin.company).order_by("-created_at", "-pk"),
            first=4,
            after=first.end_cursor,
        )
    assert [entry.pk for entry in second.items] == expected[4:8]
    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert "OFFSET" not in sql.upper()
    # The row comparison an index on (company, created_at, id) answers as a range.
    assert '("saleor_customer_center_auditentry"."created_at", ' in sql
    assert ") < (" in sql


def test_mixed_directions_ties_and_nulls_page_exactly_both_ways():
    owner = MembershipFactory(role=Role.L90_OWNER)
    for role in [Role.L10_BASIC, Role.L80_ADMIN, Role.L10_BASIC, Role.L40_BILLING] * 3:
        MembershipFactory(company=owner.company, role=role)
    # members: role descending, email ascending, id ascending.
    whole = list(members.members_of(owner.company))
    assert _walk(members.members_of(owner.company), 4) == whole
    today = dt.date(2026, 11, 1)
    for index in range(9):
        InvoiceFactory(
            company=owner.company,
            due_date=None if index % 3 == 0 else today + dt.timedelta(days=index % 2),
        )
    for descending in (False, True):
        invoices = billing.invoices(owner.company, None, sort_by="DUE_DATE", descending=descending)
        assert _walk(invoices, 2) == list(invoices)


def _walk(queryset, size: int) -> list:
    """Every page forward; and every page backward must give the same list."""
    rows, after = [], None
    while True:
        page = paging.page(queryset, first=size, after=after)
        rows += page.items
        if not page.has_next:
            break
        after = page.end_cursor
    back, before = [], None
    while True:
        page = paging.page(queryset, last=size, before=before)
        back = page.items + back
        if not page.has_previous:
            break
        before = page.start_cursor
    assert back == rows
    return rows


COUNTED = """query($id: ID!) { company(id: $id) { auditLog(first: 2) {
  totalCount edges { node { id } } } } }"""
NOT_COUNTED = """query($id: ID!) { company(id: $id) { auditLog(first: 2) {
  edges { node { id } } } } }"""


def test_total_count_is_counted_only_when_asked(api):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    _audit(admin.company, admin.user, 5)
    client = api.as_user(admin.user)
    variables = {"id": to_global_id("Company", admin.company.pk)}
    client.post("{ __typename }")  # Saleor caches its Site per process
    with CaptureQueriesContext(connection) as counted:
        assert client.post(COUNTED, variables)["data"]["company"]["auditLog"]["totalCount"] == 5
    with CaptureQueriesContext(connection) as not_counted:
        client.post(NOT_COUNTED, variables)
    assert len(counted.captured_queries) == len(not_counted.captured_queries) + 1
    assert not any("COUNT(" in q["sql"].upper() for q in not_counted.captured_queries)


def test_total_count_is_exact_up_to_the_limit_and_estimated_above(settings):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    _audit(admin.company, admin.user, 12)
    entries = AuditEntry.objects.filter(company=admin.company)
    settings.CUSTOMER_CENTER = {"PAGE_COUNT_EXACT_MAX": 12}
    assert paging.count(entries) == paging.Count(12, exact=True)
    settings.CUSTOMER_CENTER = {"PAGE_COUNT_EXACT_MAX": 5}
    estimate = paging.count(entries)
    assert estimate.exact is False
    assert estimate.value >= 6  # never less than what was counted


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 2, "after": "not-a-cursor"}, "The cursor is not valid."),
        ({"first": 2, "last": 2}, "Give first/after or last/before, not both."),
    ],
    ids=["garbage_cursor_case", "both_directions_case"],
)
def test_a_bad_cursor_or_direction_is_refused_with_a_message(api, variables, message):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    _audit(admin.company, admin.user, 3)
    answer = api.as_user(admin.user).post(
        AUDIT_PAGE, {"id": to_global_id("Company", admin.company.pk), **variables}
    )
    assert answer["data"]["company"]["auditLog"] is None
    assert [error["message"] for error in answer["errors"]] == [message]


def test_a_cursor_of_another_order_is_refused():
    owner = MembershipFactory(role=Role.L90_OWNER)
    InvoiceFactory.create_batch(3, company=owner.company)
    by_date = paging.page(billing.invoices(owner.company, None), first=1)
    with pytest.raises(Exception, match="The cursor is not valid."):
        paging.page(
            billing.invoices(owner.company, None, sort_by="AMOUNT"),
            first=1,
            after=by_date.end_cursor,
        )
