"""The operator's API: companies, sync runs, rejected records, block; staff only."""

import pytest
from graphql_relay import to_global_id

from saleor_customer_center.models import AuditEntry, Company, ErpRejectedRecord, ErpSyncRun
from saleor_customer_center.roles import Role
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

COMPANIES = """query($search: String) { companies(first: 50, search: $search) { totalCount
  edges { node { id name customerNumber customerCenterEnabled adminEmail isBlocked
  ownerEmail } } } }"""
RUNS = """{ erpSyncRuns(first: 50) { totalCount edges { node { kind source status received
  stored rejected error durationSeconds } } } }"""
REJECTED = """query($kind: String) { erpRejectedRecords(first: 50, kind: $kind) { totalCount
  edges { node { kind key raw reason position attempts } } } }"""
BLOCK = """mutation($id: ID!, $blocked: Boolean!, $reason: String) {
  companyBlockSet(id: $id, blocked: $blocked, reason: $reason) {
    company { isBlocked blockedReason } errors { field code message } } }"""


def test_staff_searches_companies_by_name_number_uin_or_vat(api, staff_user):
    owner = MembershipFactory(role=Role.L90_OWNER, company=CompanyFactory(name="Acme Tools"))
    CompanyFactory(name="Other", vat_number="ATU999")
    staff = api.as_user(staff_user)

    def names(search):
        data = staff.post(COMPANIES, {"search": search})["data"]["companies"]
        return [edge["node"]["name"] for edge in data["edges"]]

    assert names("acme") == ["Acme Tools"]
    assert names(owner.company.customer_number) == ["Acme Tools"]
    assert names("atu999") == ["Other"]
    node = staff.post(COMPANIES, {"search": "acme"})["data"]["companies"]["edges"][0]["node"]
    assert node["ownerEmail"] == owner.user.email


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.name)
@pytest.mark.parametrize(
    "query", [COMPANIES, RUNS, REJECTED], ids=["companies", "runs", "rejected"]
)
def test_company_members_of_any_role_are_refused(api, role, query):
    member = MembershipFactory(role=role)
    body = api.as_user(member.user).post(query)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert list(body["data"].values()) == [None]


def test_staff_without_manage_users_is_refused(api):
    body = api.as_user(UserFactory(is_staff=True)).post(COMPANIES)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_anonymous_is_refused(api):
    assert api.post(RUNS)["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_staff_reads_sync_runs_and_rejected_records(api, staff_user):
    run = ErpSyncRun.objects.create(
        kind="invoice", source="file", status="partial", received=3, stored=2, rejected=1
    )
    ErpRejectedRecord.objects.create(
        kind="invoice",
        run=run,
        source="file",
        key="C1/INV-9",
        raw='{"invoiceNumber": "INV-9"}',
        reason="grossAmount: not a decimal",
        position="line 3",
    )
    staff = api.as_user(staff_user)
    runs = staff.post(RUNS)["data"]["erpSyncRuns"]
    assert runs["edges"][0]["node"] | {"durationSeconds": None} == {
        "kind": "invoice",
        "source": "file",
        "status": "partial",
        "received": 3,
        "stored": 2,
        "rejected": 1,
        "error": "",
        "durationSeconds": None,
    }
    rejected = staff.post(REJECTED, {"kind": "invoice"})["data"]["erpRejectedRecords"]
    assert rejected["edges"][0]["node"] == {
        "kind": "invoice",
        "key": "C1/INV-9",
        "raw": '{"invoiceNumber": "INV-9"}',
        "reason": "grossAmount: not a decimal",
        "position": "line 3",
        "attempts": 1,
    }


def test_staff_blocks_and_unblocks_with_audit(api, staff_user):
    company = CompanyFactory()
    staff = api.as_user(staff_user)
    gid = to_global_id("Company", company.pk)
    blocked = staff.post(BLOCK, {"id": gid, "blocked": True, "reason": "Unpaid"})
    assert blocked["data"]["companyBlockSet"] == {
        "company": {"isBlocked": True, "blockedReason": "Unpaid"},
        "errors": [],
    }
    staff.post(BLOCK, {"id": gid, "blocked": False})
    company.refresh_from_db()
    assert company.is_blocked is False
    assert list(
        AuditEntry.objects.filter(company=company).values_list("action", flat=True).order_by("pk")
    ) == ["company_blocked", "company_unblocked"]


def test_member_cannot_block_and_nothing_changes(api):
    owner = MembershipFactory(role=Role.L90_OWNER)
    body = api.as_user(owner.user).post(
        BLOCK, {"id": to_global_id("Company", owner.company.pk), "blocked": True, "reason": "x"}
    )
    assert body["data"]["companyBlockSet"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert Company.objects.get(pk=owner.company.pk).is_blocked is False
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("rows", [2, 20])
def test_companies_list_costs_the_same_whatever_the_rows(
    api, staff_user, django_assert_num_queries, rows
):
    for _ in range(rows):
        MembershipFactory(role=Role.L90_OWNER)
    staff = api.as_user(staff_user)
    staff.post("{ __typename }")  # Saleor caches its Site per process
    # plugin configuration, user, permissions, count, page, owners prefetch
    with django_assert_num_queries(6):
        body = staff.post(COMPANIES)
    assert body["data"]["companies"]["totalCount"] == rows


RETRY = """mutation($kind: String, $id: ID) { erpRejectedRecordsRetry(kind: $kind, id: $id) {
  run { kind source status stored rejected } errors { field code message } } }"""


def _rejected_invoice(customer_number: str, number: str) -> ErpRejectedRecord:
    raw = (
        f'{{"customerNumber": "{customer_number}", "invoiceNumber": "{number}", '
        '"issueDate": "2026-11-01", "currency": "USD", "grossAmount": "10.00"}'
    )
    return ErpRejectedRecord.objects.create(
        kind="invoice",
        source="file",
        key=f"{customer_number}/{number}",
        raw=raw,
        reason="unknown customer",
        position="line 1",
    )


def test_sync_manager_retries_one_rejected_record_once_its_customer_exists(api, staff_user):
    from saleor.permission.models import Permission

    from saleor_customer_center.models import Invoice

    staff_user.user_permissions.add(
        Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins")
    )
    company = CompanyFactory(customer_number="C-LATE")
    record = _rejected_invoice("C-LATE", "INV-LATE")
    other = _rejected_invoice("C-NEVER", "INV-NEVER")
    body = api.as_user(staff_user).post(RETRY, {"id": to_global_id("ErpRejectedRecord", record.pk)})
    assert body["data"]["erpRejectedRecordsRetry"] == {
        "run": {
            "kind": "invoice",
            "source": "retry",
            "status": "succeeded",
            "stored": 1,
            "rejected": 0,
        },
        "errors": [],
    }
    record.refresh_from_db()
    other.refresh_from_db()
    assert record.resolved_at is not None
    assert other.resolved_at is None  # only the record asked for was retried
    assert Invoice.objects.get(company=company).invoice_number == "INV-LATE"


def test_retry_needs_manage_plugins_and_changes_nothing(api, staff_user):
    CompanyFactory(customer_number="C-LATE")
    record = _rejected_invoice("C-LATE", "INV-LATE")
    body = api.as_user(staff_user).post(RETRY, {"kind": "invoice"})
    assert body["data"]["erpRejectedRecordsRetry"]["errors"][0]["code"] == "PERMISSION_DENIED"
    record.refresh_from_db()
    assert record.resolved_at is None
    assert not ErpSyncRun.objects.exists()


@pytest.mark.parametrize("rows", [2, 20])
def test_sync_runs_and_rejected_records_cost_the_same_whatever_the_rows(
    api, staff_user, django_assert_num_queries, rows
):
    for index in range(rows):
        run = ErpSyncRun.objects.create(kind="invoice", source="file", status="partial")
        ErpRejectedRecord.objects.create(
            kind="invoice", run=run, source="file", raw=f'{{"n": {index}}}', reason="bad"
        )
    staff = api.as_user(staff_user)
    staff.post("{ __typename }")  # Saleor caches its Site per process
    # plugin configuration, user, permissions, count, page
    with django_assert_num_queries(5):
        runs = staff.post(RUNS)
    with django_assert_num_queries(5):
        rejected = staff.post(REJECTED)
    assert runs["data"]["erpSyncRuns"]["totalCount"] == rows
    assert rejected["data"]["erpRejectedRecords"]["totalCount"] == rows
