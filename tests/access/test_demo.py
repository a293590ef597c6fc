"""The demo's seeded data works with the access flows (issue 2: "works in the demo")."""

import pytest

from devtools.demo.data import ACTIVATION_EXAMPLES, DEMO_PASSWORD
from devtools.demo.seed import seed
from saleor_customer_center import saleor
from saleor_customer_center.models import Company, Membership
from saleor_customer_center.roles import Role

from ..conftest import built_for_the_module
from .gql import ACTIVATE, MY_COMPANIES

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Demo-Activation-2026"


def _seed_twice() -> list[str]:
    saleor.save_plugin_configuration(True, {})
    said: list[str] = []
    seed("http://localhost:8000", say=said.append)
    seed("http://localhost:8000", say=said.append)  # idempotent
    return said


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):  # noqa: ARG001
    """The demo seeded once for the module; each test's writes are its own."""
    yield from built_for_the_module(django_db_blocker, _seed_twice)


@pytest.fixture
def demo(seeded, db):  # noqa: ARG001
    return seeded


def test_the_demo_has_erp_runs_of_the_last_weeks_and_a_rejected_record(demo):
    from saleor_customer_center.models import ErpRejectedRecord, ErpSyncRun

    runs = ErpSyncRun.objects.filter(kind="invoice")
    assert runs.count() == 3
    assert len({run.started_at.date() for run in runs}) == 3  # the chart has three days
    rejected = ErpRejectedRecord.objects.get()
    assert "grossAmount" in rejected.reason


def test_seeding_twice_seeds_once(demo):
    assert demo[-2:] == ["Demo data seeded.", "Demo data already seeded."]


def test_every_customer_center_company_with_users_has_exactly_one_owner(demo):
    for company in Company.objects.filter(memberships__isnull=False).distinct():
        assert Membership.objects.filter(company=company, role=Role.L90_OWNER).count() == 1


@pytest.mark.parametrize("example", ACTIVATION_EXAMPLES, ids=lambda e: e["customer_number"])
def test_demo_activation_examples(api, demo, example):
    data = api.post(
        ACTIVATE,
        {
            "input": {
                "customerNumber": example["customer_number"],
                "invoiceNumber": example["invoice_number"],
                "email": example["email"],
                "password": NEW_PASSWORD,
            }
        },
    )["data"]["companyActivate"]
    assert data["errors"] == []
    business = not Company.objects.get(
        customer_number=example["customer_number"]
    ).customer_center_enabled
    assert data["businessUser"] is business


def test_demo_buyer_has_two_companies(api, demo):
    from saleor_customer_center import saleor

    buyer = saleor.find_user_by_email("buyer@alpine.example")
    assert buyer.check_password(DEMO_PASSWORD)
    data = api.as_user(buyer).post(MY_COMPANIES)["data"]["myCompanies"]
    assert sorted(entry["role"] for entry in data) == ["L30_ORDERS_PRICES", "L80_ADMIN"]
    assert [entry["isCurrent"] for entry in data] == [False, False]


def test_alpine_tools_is_already_using_the_customer_center(api, demo):
    data = api.post(
        ACTIVATE,
        {
            "input": {
                "customerNumber": "C10001",
                "invoiceNumber": "INV-10001",
                "email": "owner@alpine.example",
                "password": DEMO_PASSWORD,
            }
        },
    )["data"]["companyActivate"]
    assert data["errors"][0]["message"] == (
        "Your company is using a Customer center. Please contact your shop administrator "
        "owner@alpine.example for activating an account."
    )


@pytest.mark.urls("devtools.demo.urls")
def test_demo_set_password_link_reaches_the_page(
    api, demo, client, django_capture_on_commit_callbacks
):
    import re
    from urllib.parse import urlsplit

    from django.core import mail

    from .gql import MEMBER_CREATE, company_id, person

    admin = saleor.find_user_by_email("admin@alpine.example")
    alpine = Company.objects.get(customer_number="C10001")
    with django_capture_on_commit_callbacks(execute=True):
        data = api.as_user(admin).post(
            MEMBER_CREATE, {"company": company_id(alpine), "input": person()}
        )["data"]["companyMemberCreate"]
    assert data["errors"] == []
    link = re.search(r"https?://\S+set-password/\S+", mail.outbox[-1].body).group(0)
    parts = urlsplit(link)
    assert parts.path == "/demo-storefront/set-password/"
    response = client.get(f"{parts.path}?{parts.query}", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(
        "/plugins/global/saleor.customer_center/set-password/?"
    )
