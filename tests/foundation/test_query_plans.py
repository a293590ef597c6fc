"""Every list and search the plugin issues has an index path (issue 16 item 4).

On a seeded database, each query is planned under ``EXPLAIN`` with ``enable_seqscan``
off: PostgreSQL then still plans a sequential scan only where no index can serve the
query, so any "Seq Scan" in a plan is a table the query would read whole as it grows.
(The ERP tables' own queries: tests/erp/test_indexes.py, with the planner left free.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from saleor_customer_center.models import (
    AuditEntry,
    Budget,
    BudgetCharge,
    BudgetPeriodSpend,
    Company,
    CompanyOrder,
    CompanyRequest,
    ErpContact,
    Invoice,
    OpenItem,
    Payment,
)
from saleor_customer_center.roles import Role
from saleor_customer_center.services import (
    audit,
    billing,
    budgets,
    checkout_budget,
    members,
    order_links,
    orders,
    paging,
    requests,
    search,
    staff,
)
from tests.factories import (
    CompanyOrderFactory,
    MembershipFactory,
    OrderFactory,
    OrderLineFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

COMPANIES = 40
ROWS = 60  # per company and table


@pytest.fixture
def world(staff_user):
    companies = Company.objects.bulk_create(
        Company(
            customer_number=f"C{n:05d}",
            name=f"Company {n} GmbH",
            uin=f"UIN{n}",
            vat_number=f"EU{n:09d}",
            currency="USD",
        )
        for n in range(COMPANIES)
    )
    company = companies[0]
    owner = MembershipFactory(company=company, role=Role.L90_OWNER)
    buyer = MembershipFactory(company=company, role=Role.L20_ORDERS)
    for _ in range(5):
        MembershipFactory(company=company, role=Role.L10_BASIC, user=UserFactory())
    order = OrderFactory(user=buyer.user)
    OrderLineFactory(order=order, product_sku="DRL-100", product_name="Cordless drill")
    CompanyOrderFactory(order=order, company=company, membership=buyer, placed_by=buyer.user)
    order_links.refresh_search_text(order.pk)
    today = timezone.localdate()
    for each in companies:
        ErpContact.objects.bulk_create(
            ErpContact(
                company=each,
                contact_number=f"K{n}",
                first_name=f"First{n}",
                last_name="Last",
                email=f"k{n}@c{each.pk}.example.com",
            )
            for n in range(ROWS)
        )
        Invoice.objects.bulk_create(
            Invoice(
                company=each,
                invoice_number=f"INV-{n}",
                issue_date=today - dt.timedelta(days=n),
                due_date=today + dt.timedelta(days=n % 30) if n % 7 else None,
                currency="USD",
                gross_amount=Decimal(n),
            )
            for n in range(ROWS)
        )
        OpenItem.objects.bulk_create(
            OpenItem(
                company=each,
                document_number=f"OI-{n}",
                due_date=today + dt.timedelta(days=n - 30),
                currency="USD",
                amount_due=Decimal(n),
                status="open" if n % 3 else "closed",
            )
            for n in range(ROWS)
        )
        Payment.objects.bulk_create(
            Payment(
                company=each,
                payment_number=f"P-{n}",
                date=today - dt.timedelta(days=n),
                currency="USD",
                amount=Decimal(n),
            )
            for n in range(ROWS)
        )
        AuditEntry.objects.bulk_create(
            AuditEntry(company=each, action="member_updated") for _ in range(ROWS)
        )
        CompanyRequest.objects.bulk_create(
            CompanyRequest(company=each, kind="other", needs_shop=n % 2 == 0) for n in range(ROWS)
        )
    budget = Budget.objects.create(
        company=company,
        membership=buyer,
        amount=Decimal(100),
        currency="USD",
        period="monthly",
        start_date=dt.date(2026, 1, 1),
    )
    BudgetPeriodSpend.objects.create(budget=budget, period_start=dt.date(2026, 11, 1))
    BudgetCharge.objects.create(
        budget=budget,
        period_start=dt.date(2026, 11, 1),
        checkout_token="t",
        amount=Decimal(1),
        currency="USD",
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"company": company, "owner": owner, "buyer": buyer, "staff": staff_user}


def _page(queryset, **arguments):
    """The query a page of the API or the pages runs (services/paging.py)."""
    return paging.page_query(queryset, **arguments)[0]


def _second_page(queryset):
    """The query of the page after the first one: it must start at the cursor."""
    first = paging.page(queryset, first=5)
    return _page(queryset, first=5, after=first.end_cursor)


def _queries(world) -> dict:
    company, owner, buyer, staff_user = (
        world["company"],
        world["owner"],
        world["buyer"],
        world["staff"],
    )
    cutoff = timezone.now()
    return {
        "audit_log_page": _second_page(audit.entries_of(company)),
        "audit_log_last_page": _page(audit.entries_of(company), last=5),
        "members": _second_page(members.members_of(company)),
        "members_search": _page(members.members_of(company, "user"), first=5),
        "contacts": _second_page(members.contacts_of(company)),
        "contacts_unlinked_search": _page(
            members.contacts_of(company, unlinked_only=True, search_term="first1"), first=5
        ),
        "contacts_search_anywhere": ErpContact.objects.alias(
            cc_search=search.search_text(*search.CONTACT)
        )
        .filter(cc_search__contains="first59")
        .order_by(),
        "requests": _second_page(requests.requests_of(company)),
        "requests_of_a_member": _page(requests.visible_requests(company, buyer), first=5),
        "shop_queue_pending": _second_page(staff.request_queue(staff_user)),
        "shop_queue_all": _page(staff.request_queue(staff_user, status=""), first=5),
        "orders": _second_page(orders.company_orders(company, owner)),
        "orders_search": _page(orders.company_orders(company, owner, search="drill"), first=5),
        "orders_by_number": _page(
            orders.company_orders(company, owner, sort_by="NUMBER", descending=False), first=5
        ),
        "invoices": _second_page(billing.invoices(company, owner)),
        **{
            f"invoices_by_{field.lower()}": _second_page(
                billing.invoices(company, owner, sort_by=field, descending=False)
            )
            for field in ("DUE_DATE", "NUMBER", "AMOUNT")
        },
        "due_payments": _second_page(billing.due_payments(company, owner)),
        "payments": _second_page(billing.payments(company, owner)),
        "companies": _second_page(staff.search_companies(staff_user)),
        "companies_search": _page(staff.search_companies(staff_user, "gmbh 1"), first=5),
        "staff_company_members": _page(staff.company_members(company), first=5),
        "staff_company_orders": _second_page(staff.company_orders(company)),
        "reservation_sweep": BudgetCharge.objects.filter(
            status=checkout_budget.RESERVED, updated_at__lt=cutoff
        ).order_by("pk"),
        "budget_period_lookup": BudgetPeriodSpend.objects.filter(
            budget__membership=buyer, period_start=dt.date(2026, 11, 1)
        ),
        "link_failures": order_links.unresolved_failures(staff_user)[:50],
        "summary_orders": CompanyOrder.objects.filter(
            company=company, created_at__gte=budgets.local_midnight(dt.date(2026, 11, 1))
        ),
        "summary_invoices": Invoice.objects.filter(company=company, issue_date__gte=cutoff.date()),
        "summary_open_items": OpenItem.objects.filter(company=company, status="open"),
    }


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def test_every_list_and_search_has_an_index_path(world):
    plans = {name: _plan(query) for name, query in _queries(world).items()}
    scanned = {name: plan for name, plan in plans.items() if "Seq Scan" in plan}
    assert scanned == {}


def test_a_page_after_a_cursor_starts_at_the_cursor_in_the_index(world):
    # The row comparison is an index condition: the scan starts where the last page
    # stopped, so reading every page of the audit log is linear, not quadratic.
    plan = _plan(_second_page(audit.entries_of(world["company"])))
    assert "cc_audit_company_page_idx" in plan
    condition = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "ROW(created_at, id) < ROW(" in condition


def test_searches_use_the_trigram_indexes(world):
    # Unsorted, so the plan shows whether the search expression is the indexed one (a
    # sorted page of a tiny table may rather walk the name index).
    plans = {
        "companies": _plan(staff.search_companies(world["staff"], "gmbh 1").order_by()),
        "contacts": _plan(_queries(world)["contacts_search_anywhere"]),
    }
    assert "cc_company_search_idx" in plans["companies"]
    assert "cc_contact_search_idx" in plans["contacts"]
