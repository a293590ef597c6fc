"""User import from CSV (issue 15 item 8): a preview row by row, confirm creates the
accepted users in one transaction and celery sends their invitations with progress; a
file refused as a whole changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from graphql_relay import to_global_id

from saleor_customer_center.links import Links
from saleor_customer_center.models import (
    AuditEntry,
    Budget,
    EmailLog,
    MemberImport,
    Membership,
)
from saleor_customer_center.roles import Role
from saleor_customer_center.services import member_import
from saleor_customer_center.settings_store import PluginSettings
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.web_client import PageClient

pytestmark = pytest.mark.django_db

SETTINGS = PluginSettings(active=True)
LINKS = Links("https://shop.example")
HEADER = "Salutation,First name,Last name,Email,Role,Budget,Budget period\n"

IMPORT = """mutation($company: ID!, $csv: String!, $confirm: Boolean) {
  companyMemberImport(companyId: $company, csv: $csv, confirm: $confirm) {
    errors { field code message }
    rows { line email role accepted budgetAmount errors { field code message } }
    memberImport { id status total invited } } }"""


@pytest.fixture
def admin(plugin_configuration):
    company = CompanyFactory(currency="EUR")
    MembershipFactory(company=company, role=Role.L90_OWNER)
    return MembershipFactory(company=company, role=Role.L80_ADMIN)


def _file(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


MIXED = _file(
    "Ms,Nora,New,nora@alpine.example,L20,500,monthly",
    "Mr,Ben,Buyer,ben@alpine.example,L40_BILLING,,",
    "Mx,Dup,Licate,NORA@alpine.example,L10,,",  # the same email again (case-insensitively)
    "Mr,Tak,En,taken@example.com,L10,,",  # a shop user already
    "Ms,Over,Reach,over@alpine.example,L90_OWNER,,",  # above the admin's own role
    "Ms,Bad,Budget,budget@alpine.example,L20,lots,",
    "Ms,Bad,Email,not-an-email,L20,,",
    "Ms,No,Role,norole@alpine.example,L55,,",
    "Ms,,Nameless,nameless@alpine.example,L20,,",
)
REFUSALS = {
    4: [("email", "unique", "NORA@alpine.example is also on line 2.")],
    5: [("email", "unique", "taken@example.com already belongs to a shop user.")],
    6: [
        (
            "role",
            "permission_denied",
            "L90 Owner is above your own role or the Owner: you cannot give it.",
        )
    ],
    7: [("budget", "invalid", "Budget: Give the amount as a number.")],
    8: [("email", "invalid", "not-an-email is not a valid email.")],
    9: [("role", "invalid", "Unknown role L55.")],
    10: [("first_name", "required", "first_name is empty.")],
}


def _counts() -> tuple[int, ...]:
    return (
        get_user_model().objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        Budget.objects.count(),
        MemberImport.objects.count(),
        EmailLog.objects.count(),
    )


def test_preview_says_what_happens_to_each_row_and_writes_nothing(admin):
    UserFactory(email="taken@example.com")
    before = _counts()

    preview = member_import.preview(admin.user, admin.company_id, MIXED)

    assert [row.line for row in preview.accepted] == [2, 3]
    assert {row.line: row.refusals for row in preview.refused} == REFUSALS
    assert preview.rows[0].budget == {
        "amount": Decimal("500"),
        "currency": "EUR",
        "period": "monthly",
    }
    assert _counts() == before


def test_confirm_creates_the_accepted_users_and_celery_invites_them(
    admin, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        job, _ = member_import.confirm(
            admin.user, admin.company_id, MIXED, settings=SETTINGS, links=LINKS, filename="a.csv"
        )

    created = Membership.objects.filter(
        company=admin.company, user__email__endswith="alpine.example"
    )
    assert sorted((m.user.email, m.role, m.salutation) for m in created) == [
        ("ben@alpine.example", Role.L40_BILLING, "Mr"),
        ("nora@alpine.example", Role.L20_ORDERS, "Ms"),
    ]
    assert all(not m.user.has_usable_password() for m in created)
    nora = created.get(user__email="nora@alpine.example")
    assert (nora.budget.amount, nora.budget.currency, nora.budget.period) == (
        Decimal("500"),
        "EUR",
        "monthly",
    )
    assert AuditEntry.objects.filter(action="member_imported").count() == 2
    job.refresh_from_db()
    assert (job.status, job.total, job.invited, job.filename) == ("done", 2, 2, "a.csv")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ben@alpine.example",
        "nora@alpine.example",
    ]
    assert all("https://shop.example/" in message.body for message in mail.outbox)


def test_invitations_go_out_in_batches_and_resume_where_they_stopped(
    admin, django_capture_on_commit_callbacks
):
    rows = [f"Ms,P{n},Person,p{n}@alpine.example,L10,," for n in range(5)]
    with django_capture_on_commit_callbacks(execute=False):  # the task has not run yet
        job, _ = member_import.confirm(
            admin.user, admin.company_id, _file(*rows), settings=SETTINGS, links=LINKS
        )
    assert (job.invited, job.status) == (0, "sending")
    job.invited = 2  # an earlier run sent the first batch, then the worker died
    job.save()

    with django_capture_on_commit_callbacks(execute=True):
        sent = member_import.send_invitations(job.pk, batch=2)

    job.refresh_from_db()
    assert (sent, job.invited, job.status) == (3, 5, "done")
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{n}@alpine.example" for n in (2, 3, 4)]
    assert member_import.send_invitations(job.pk) == 0  # done: nothing twice


BAD_FILES = {
    "too_large_case": HEADER.encode() + b"Ms,A,B,a@x.example,L10,,\n" * 50_000,
    "not_utf8_case": _file("Ms,J\xfcrgen,M\xfcller,j@x.example,L10,,").decode().encode("latin-1"),
    "wrong_columns_case": b"name,mail\nNora,nora@x.example\n",
    "unknown_column_case": HEADER.replace("Budget period", "Colour").encode()
    + b"Ms,A,B,a@x.example,L10,,red\n",
    "short_line_case": _file("Ms,A,B,a@x.example,L10,,", "Ms,C,c@x.example"),
    "empty_case": b"",
    "header_only_case": HEADER.encode(),
    "nul_case": _file("Ms,A\x00,B,a@x.example,L10,,"),
    "binary_case": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb6",
}
MESSAGES = {
    "too_large_case": "The file is larger than 1024 KiB: split it into smaller files.",
    "not_utf8_case": "(byte 69). Save it as “CSV UTF-8” and upload it again.",
    "wrong_columns_case": "The first line must name the columns",
    "unknown_column_case": "unknown: Colour",
    "short_line_case": "Line 3 has 3 values; the first line names 7.",
    "empty_case": "The file is empty.",
    "header_only_case": "The file has no users after its first line.",
    "nul_case": "The file holds NUL characters: it is not a CSV text file.",
    "binary_case": "The file is not UTF-8 text",
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_as_a_whole_and_changes_nothing(
    admin, case, django_capture_on_commit_callbacks
):
    before = _counts()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        member_import.confirm(
            admin.user, admin.company_id, BAD_FILES[case], settings=SETTINGS, links=LINKS
        )

    assert list(refused.value.error_dict) == ["file"]
    assert MESSAGES[case] in refused.value.messages[0]
    assert _counts() == before
    assert mail.outbox == []


def test_a_file_whose_every_row_is_refused_creates_nothing(admin):
    before = _counts()
    with pytest.raises(ValidationError, match="No row of this file can be imported"):
        member_import.confirm(
            admin.user,
            admin.company_id,
            _file("Ms,Bad,Email,nope,L20,,"),
            settings=SETTINGS,
            links=LINKS,
        )
    assert _counts() == before


def test_semicolons_and_role_labels_as_a_spreadsheet_saves_them(admin):
    data = "Salutation;First name;Last name;Email;Role\n"
    data += "Ms;Ada;Lace;ada@x.example;L30 Orders + Prices\n"

    preview = member_import.preview(admin.user, admin.company_id, data.encode("utf-8-sig"))

    assert [(row.values["email"], row.role, row.refusals) for row in preview.rows] == [
        ("ada@x.example", Role.L30_ORDERS_PRICES, [])
    ]


def test_where_the_shop_approves_new_users_the_import_is_refused(admin):
    with pytest.raises(member_import.permissions.PermissionDenied):
        member_import.confirm(
            admin.user,
            admin.company_id,
            _file("Ms,Ada,Lace,ada@x.example,L20,,"),
            settings=PluginSettings(active=True, new_users_need_approval=True),
            links=LINKS,
        )
    assert not Membership.objects.filter(user__email="ada@x.example").exists()


# The API --------------------------------------------------------------------------------


def test_api_preview_then_confirm(api, admin, django_capture_on_commit_callbacks):
    UserFactory(email="taken@example.com")
    variables = {"company": to_global_id("Company", admin.company_id), "csv": MIXED.decode()}

    preview = api.as_user(admin.user).post(IMPORT, variables)["data"]["companyMemberImport"]
    with django_capture_on_commit_callbacks(execute=True):
        done = api.as_user(admin.user).post(IMPORT, {**variables, "confirm": True})["data"][
            "companyMemberImport"
        ]

    assert preview["errors"] == [] and preview["memberImport"] is None
    assert [row["accepted"] for row in preview["rows"]] == [True, True] + [False] * 7
    assert (preview["rows"][0]["role"], preview["rows"][0]["budgetAmount"]) == ("L20_ORDERS", "500")
    assert preview["rows"][4]["errors"] == [
        {
            "field": "role",
            "code": "PERMISSION_DENIED",
            "message": "L90 Owner is above your own role or the Owner: you cannot give it.",
        }
    ]
    assert done["errors"] == []
    # the answer is given before the invitations start; the task then sends them all
    assert {k: done["memberImport"][k] for k in ("status", "total", "invited")} == {
        "status": "sending",
        "total": 2,
        "invited": 0,
    }
    job = MemberImport.objects.get()
    assert (job.status, job.invited) == ("done", 2)


def test_api_bad_file_is_one_error_and_changes_nothing(api, admin):
    before = _counts()
    answer = api.as_user(admin.user).post(
        IMPORT,
        {"company": to_global_id("Company", admin.company_id), "csv": "nope\n", "confirm": True},
    )["data"]["companyMemberImport"]

    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("file", "INVALID")]
    assert answer["rows"] == [] and answer["memberImport"] is None
    assert _counts() == before


# The pages ------------------------------------------------------------------------------


def test_page_upload_preview_confirm_and_progress(
    client, admin, django_capture_on_commit_callbacks
):
    pages = PageClient(client).sign_in(admin.user)
    upload = SimpleUploadedFile("team.csv", _file("Ms,Nora,New,nora@alpine.example,L20,,"))

    preview = pages.post("users/import/", {"action": "preview", "file": upload})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-line="2" data-accepted="yes"' in html and "nora@alpine.example" in html
    assert not Membership.objects.filter(user__email="nora@alpine.example").exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = pages.post(
            "users/import/",
            {"action": "confirm", "csv": _file("Ms,Nora,New,nora@alpine.example,L20,,").decode()},
        )
    assert confirmed.status_code == 302
    status = client.get(confirmed["Location"])
    assert status.status_code == 200
    assert 'data-status="done"' in status.content.decode()
    assert "1 / 1" in status.content.decode()


def test_page_refuses_a_bad_file_with_its_reason(client, admin):
    pages = PageClient(client).sign_in(admin.user)
    before = _counts()

    answer = pages.post(
        "users/import/",
        {"action": "confirm", "file": SimpleUploadedFile("x.csv", BAD_FILES["not_utf8_case"])},
    )

    assert answer.status_code == 400
    assert "The file is not UTF-8 text" in answer.content.decode()
    assert _counts() == before


def test_another_companys_import_is_not_found(client, admin):
    job = MemberImport.objects.create(company=admin.company, status="done")
    stranger = MembershipFactory(company=CompanyFactory(), role=Role.L90_OWNER)

    assert (
        PageClient(client).sign_in(stranger.user).get(f"users/import/{job.pk}/").status_code == 404
    )


@pytest.mark.parametrize("size", [2, 40])
def test_preview_query_count_does_not_grow_with_the_file(admin, django_assert_num_queries, size):
    rows = [f"Ms,P{n},Person,p{n}@alpine.example,L20,{n},monthly" for n in range(size)]
    # the admin's membership, then every email of the file at once
    with django_assert_num_queries(2):
        preview = member_import.preview(admin.user, admin.company_id, _file(*rows))
    assert len(preview.accepted) == size
