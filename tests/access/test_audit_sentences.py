"""Every kind of audit entry reads as a sentence with real names and values (issue 17):
on the Activity page, the console's company page and the API's ``summary``."""

from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from saleor_customer_center.models import AuditEntry, CompanyRequest
from saleor_customer_center.roles import Role
from saleor_customer_center.services import audit, audit_sentences, budgets, members, staff
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

A = audit.Action
# One entry of each action as its service writes it. A new action without a sample here
# (and a sentence in audit_sentences.SENTENCES) fails test_every_action_has_a_sentence.
SAMPLES = {
    A.COMPANY_ACTIVATED: (None, {"email": "x@example.com", "role": "L90_OWNER"}),
    A.MEMBER_CREATED: (None, {"email": "x@example.com", "role": "L20_ORDERS"}),
    A.MEMBER_ADDED_FROM_CONTACT: (None, {"email": "x@example.com", "role": "L30_ORDERS_PRICES"}),
    A.MEMBER_UPDATED: ({"role": "L20_ORDERS"}, {"role": "L40_BILLING"}),
    A.MEMBER_DEACTIVATED: ({"is_active": True}, {"is_active": False}),
    A.MEMBER_ACTIVATED: ({"is_active": False}, {"is_active": True}),
    A.OWNERSHIP_TRANSFERRED: ({"owner": "old@example.com"}, {"owner": "x@example.com"}),
    A.BUDGET_SET: (None, {"amount": "1000.00", "currency": "USD", "period": "monthly"}),
    A.BUDGET_CLEARED: ({"amount": "50.00", "currency": "EUR", "period": "total"}, None),
    A.REQUEST_CREATED: (None, {"kind": "quote", "message": "50 drills"}),
    A.REQUEST_APPROVED: ({"status": "pending"}, {"status": "approved"}),
    A.REQUEST_REJECTED: ({"status": "pending"}, {"status": "rejected", "reason": "No"}),
    A.ORDER_CANCELLED: ({"status": "unfulfilled"}, {"status": "canceled", "number": 9}),
    A.PREVIEW_OPENED: (None, {"member": "x@example.com", "minutes": 30}),
    A.COMPANY_BLOCKED: ({"is_blocked": False}, {"is_blocked": True, "blocked_reason": "Unpaid"}),
    A.COMPANY_UNBLOCKED: ({"is_blocked": True}, {"is_blocked": False, "blocked_reason": ""}),
    A.MEMBER_IMPORTED: (None, {"email": "x@example.com", "role": "L20_ORDERS"}),
    A.COMPANY_SETTINGS_CHANGED: ({"po_number_required": False}, {"po_number_required": True}),
    A.QUOTE_REQUESTED: (None, {"lines": 2}),
    A.QUOTATION_SENT: (None, {"version": 1}),
    A.QUOTE_ACCEPTED: ({"status": "quoted"}, {"status": "accepted"}),
    A.QUOTE_DECLINED: ({"status": "quoted"}, {"status": "declined"}),
}


def test_every_action_has_a_sentence_and_a_kind():
    actions = set(audit_sentences.all_actions())
    assert actions == set(SAMPLES), "give the new action a sample above"
    assert actions == set(audit_sentences.SENTENCES), "give the new action a sentence"
    kinds = [a for _, grouped in audit_sentences.KINDS.values() for a in grouped]
    assert sorted(kinds) == sorted(actions), "each action belongs to exactly one kind"


@pytest.mark.parametrize("action", sorted(SAMPLES))
def test_each_action_reads_as_a_sentence_naming_the_actor(action):
    actor = UserFactory(first_name="Adam", last_name="Admin")
    entry = AuditEntry.objects.create(
        company=CompanyFactory(),
        actor=actor,
        actor_email=actor.email,
        action=action,
        before=SAMPLES[action][0],
        after=SAMPLES[action][1],
    )
    [described] = audit_sentences.describe([entry])
    assert described.summary.startswith("Adam Admin ")
    assert action not in described.summary and "_" not in described.summary
    fallback = audit_sentences.sentence(
        AuditEntry(action="no_such_action", actor_email="a@example.com"),
        audit_sentences.Names(),
    )
    assert described.summary != fallback


def test_budget_set_names_both_people_the_amount_and_what_it_was():
    owner = MembershipFactory(role=Role.L90_OWNER)
    owner.user.first_name, owner.user.last_name = "Olivia", "Owner"
    owner.user.save()
    buyer = MembershipFactory(
        company=owner.company,
        role=Role.L20_ORDERS,
        user=UserFactory(first_name="Ben", last_name="Buyer"),
    )
    budgets.set_budget(buyer, Decimal("1000"), "USD", "monthly", actor=owner.user)
    budgets.set_budget(buyer, Decimal("250.5"), "USD", "quarterly", actor=owner.user)
    budgets.clear_budget(buyer, actor=owner.user)
    sentences = [e.summary for e in audit_sentences.describe(audit.entries_of(owner.company))]
    assert sentences == [
        "Olivia Owner removed Ben Buyer's budget (was 250.50 USD a quarter)",
        "Olivia Owner set Ben Buyer's budget to 250.50 USD a quarter (was 1,000.00 USD a month)",
        "Olivia Owner set Ben Buyer's budget to 1,000.00 USD a month (was none)",
    ]


def test_member_changes_blocking_and_staff_read_in_words(staff_user):
    owner = MembershipFactory(
        role=Role.L90_OWNER, user=UserFactory(first_name="Olivia", last_name="Owner")
    )
    buyer = MembershipFactory(
        company=owner.company,
        role=Role.L20_ORDERS,
        user=UserFactory(first_name="Ben", last_name="Buyer", email="ben@example.com"),
    )
    members.update_member(
        owner.user,
        buyer.pk,
        {
            "salutation": "Mr",
            "first_name": "Ben",
            "last_name": "Buyer",
            "email": "ben@example.com",
            "role": Role.L40_BILLING,
        },
    )
    members.deactivate_member(owner.user, buyer.pk)
    staff_user.first_name, staff_user.last_name = "Sam", "Staff"
    staff_user.save()
    staff.set_blocked(staff_user, owner.company.pk, True, "Unpaid invoices")
    sentences = [e.summary for e in audit_sentences.describe(audit.entries_of(owner.company))]
    assert sentences[0] == "Sam Staff (shop staff) blocked the company: Unpaid invoices"
    assert sentences[1] == "Olivia Owner deactivated Ben Buyer"
    assert "Olivia Owner changed Ben Buyer's role from L20 Orders to L40 Billing" in sentences[2]


def test_a_deleted_actor_is_still_named_by_the_email_kept():
    member = MembershipFactory(role=Role.L80_ADMIN)
    entry = AuditEntry.objects.create(
        company=member.company,
        actor=None,
        actor_email="gone@example.com",
        action=A.MEMBER_DEACTIVATED,
        target_type="membership",
        target_id=str(member.pk),
    )
    [described] = audit_sentences.describe([entry])
    assert described.summary.startswith("gone@example.com deactivated ")


def _entries(company, admin, rows: int) -> None:
    """A mix of every kind of entry, about members and requests of the company."""
    for index in range(rows):
        target = MembershipFactory(company=company, role=Role.L20_ORDERS)
        request = CompanyRequest.objects.create(
            company=company, kind="quote", requested_by=target.user, payload={"message": "m"}
        )
        action = sorted(SAMPLES)[index % len(SAMPLES)]
        target_type, target_id = ("membership", target.pk)
        if action.startswith("request"):
            target_type, target_id = ("companyrequest", request.pk)
        AuditEntry.objects.create(
            company=company,
            actor=admin.user if index % 2 else UserFactory(),
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            before=SAMPLES[action][0],
            after=SAMPLES[action][1],
        )


SUMMARIES = """query($id: ID!) { company(id: $id) { auditLog(first: 100) {
  totalCount edges { node { action summary before after } } } } }"""


@pytest.mark.parametrize("rows", [len(SAMPLES), 3 * len(SAMPLES)])
def test_api_summary_beside_before_and_after_costs_the_same_for_any_page(
    api, django_assert_num_queries, rows
):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    _entries(admin.company, admin, rows)
    admin_api = api.as_user(admin.user)
    admin_api.post("{ __typename }")  # Saleor caches its Site per process
    # user, membership, plugin configuration, count + page, users + members + requests
    with django_assert_num_queries(8):
        body = admin_api.post(SUMMARIES, {"id": to_global_id("Company", admin.company.pk)})
    edges = body["data"]["company"]["auditLog"]["edges"]
    assert len(edges) == rows
    assert all(edge["node"]["summary"] for edge in edges)
    assert all("_" not in edge["node"]["summary"] for edge in edges)


def test_summaries_of_another_company_answer_as_for_a_missing_one(api):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    _entries(admin.company, admin, 2)
    stranger = api.as_user(MembershipFactory(role=Role.L90_OWNER).user)
    foreign = stranger.post(SUMMARIES, {"id": to_global_id("Company", admin.company.pk)})
    missing = stranger.post(SUMMARIES, {"id": to_global_id("Company", 2**31 - 1)})
    assert foreign == missing
    assert foreign["data"]["company"] is None


def test_summaries_are_refused_below_l80(api):
    admin = MembershipFactory(role=Role.L80_ADMIN)
    _entries(admin.company, admin, 2)
    billing = MembershipFactory(company=admin.company, role=Role.L40_BILLING)
    body = api.as_user(billing.user).post(
        SUMMARIES, {"id": to_global_id("Company", admin.company.pk)}
    )
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert (body["data"]["company"] or {}).get("auditLog") is None
