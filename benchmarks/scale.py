"""Benchmark: every list and search holds its speed from a small shop to a large one.

Seeds a small and a large shop (the sizes of issue 16's table) and times, as a user waits
for them, over HTTP through the plugin's door: a company's order search (the company's
own orders unchanged, the shop's order lines growing), the staff company search, audit
log pages (first, middle, last), the Users page, and the rejected ERP records. Prints for
each row small, large and their ratio (the target: at most 1.5).

    .venv/bin/python benchmarks/scale.py            # the issue's sizes (about 4 minutes)
    .venv/bin/python benchmarks/scale.py --quick    # tiny sizes: checks that it runs
    .venv/bin/python benchmarks/scale.py --shop-orders 10000  # the large shop with fewer
                                                    # other companies' orders

Seeding is server-side (``INSERT ... SELECT generate_series``, each Saleor row copied from
one made through Saleor's models with ``jsonb_populate_record``): a large shop is there in
a few minutes. Runs inside the real Saleor (benchmarks/django_host.py) on a database of
its own, dropped at the end. The ERP sync's rows are benchmarks/erp_sync.py's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

try:
    from benchmarks import django_host
except ImportError:  # run as a script: benchmarks/ itself is on sys.path
    import django_host  # type: ignore[no-redef]


@dataclass(frozen=True)
class Sizes:
    own_orders: int  # the searched company's orders (the same in both shops)
    shop_orders: int  # other companies' orders (6 lines each)
    companies: int
    audit: int
    members: int
    contacts: int
    rejected: int


FULL = (
    Sizes(10_000, 0, 1_000, 10_000, 20, 40, 10_000),
    Sizes(10_000, 200_000, 100_000, 1_000_000, 2_000, 4_000, 1_000_000),
)
QUICK = (Sizes(20, 0, 10, 30, 3, 4, 10), Sizes(20, 60, 100, 300, 30, 60, 100))
FULL_REPEATS, QUICK_REPEATS = 7, 3
LINES_PER_ORDER = 6
PLUGIN = "/plugins/global/saleor.customer_center/"


def _sql(statement: str, params: tuple = ()) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _copy_rows(table: str, template_id, count: int, changes: str, start: int = 0) -> None:
    """``count`` copies of one row of ``table``, with ``changes`` (a jsonb expression of
    ``g``, the row's number) applied."""
    # LATERAL: ``(f(...)).*`` in a select list calls ``f`` once per column (PostgreSQL
    # expands it), which made seeding Saleor's wide order lines crawl at 150 rows a second.
    _sql(
        f"INSERT INTO {table} SELECT r.* FROM {table} t, generate_series(%s, %s) g, "
        f"LATERAL jsonb_populate_record(NULL::{table}, "
        f"to_jsonb(t) || {changes.replace('%', '%%')}) r WHERE t.id = %s",
        (start, start + count - 1, template_id),
    )


def seed(sizes: Sizes, tag: str) -> dict:
    """A shop of ``sizes``; returns what the timings need (ids, users)."""
    from saleor_customer_center.models import Company, Membership
    from saleor_customer_center.roles import Role
    from saleor_customer_center.services import order_links
    from tests.factories import OrderFactory, OrderLineFactory, UserFactory

    company = Company.objects.create(customer_number=f"OWN-{tag}", name=f"Own {tag}")
    owner = Membership.objects.create(
        user=UserFactory(email=f"owner-{tag}@example.com"), company=company, role=Role.L90_OWNER
    )
    template = OrderFactory(user=owner.user)
    line = OrderLineFactory(order=template, product_sku="SKU-0", product_name="Bolt 0")
    order_table, line_table = template._meta.db_table, line._meta.db_table
    base = 100_000_000 + (10_000_000 if tag == "large" else 0)
    total = sizes.own_orders + sizes.shop_orders
    _copy_rows(
        order_table,
        template.pk,
        total,
        f"jsonb_build_object('id', md5('{tag}o' || g)::uuid, 'number', {base} + g, "
        "'checkout_token', '', 'created_at', now() - g * interval '1 minute')",
    )
    _copy_rows(
        line_table,
        line.pk,
        total * LINES_PER_ORDER,
        f"jsonb_build_object('id', md5('{tag}l' || g)::uuid, "
        f"'order_id', md5('{tag}o' || (g / {LINES_PER_ORDER}))::uuid, "
        f"'product_sku', 'SKU-' || (g % 5000), 'product_name', 'Bolt ' || (g % 500))",
    )
    _sql(
        "INSERT INTO saleor_customer_center_companyorder "
        "(order_id, company_id, placed_by_id, checkout_token, created_at, search_text) "
        f"SELECT o.id, %s, %s, '', o.created_at, '' FROM {order_table} o "
        f"WHERE o.number BETWEEN {base} AND {base + sizes.own_orders - 1}",
        (company.pk, owner.user_id),
    )
    _sql(
        "UPDATE saleor_customer_center_companyorder c SET search_text = lower(s.text) FROM "
        f"(SELECT order_id, string_agg(coalesce(product_sku, '') || ' ' || product_name || ' '"
        f" || variant_name, ' ') AS text FROM {line_table} GROUP BY order_id) s "
        "WHERE s.order_id = c.order_id AND c.company_id = %s",
        (company.pk,),
    )
    order_links.refresh_search_text(template.pk)
    _sql(
        "INSERT INTO saleor_customer_center_company (customer_number, name, uin, vat_number,"
        " currency, addresses, customer_center_enabled, admin_email, is_active, is_blocked,"
        " blocked_reason, erp_extra, created_at, updated_at) SELECT "
        f"'{tag}-' || g, 'Company ' || g || ' GmbH', 'UIN' || g, 'EU' || lpad(g::text, 9, '0'),"
        " 'EUR', '[]', true, '', true, false, '', '{}', now(), now() "
        "FROM generate_series(1, %s) g",
        (sizes.companies,),
    )
    _sql(
        "INSERT INTO saleor_customer_center_auditentry (company_id, actor_email, "
        "actor_is_staff, action, target_type, target_id, created_at) SELECT %s, "
        "'owner@example.com', false, 'member_updated', 'membership', g::text, "
        "now() - g * interval '1 second' FROM generate_series(1, %s) g",
        (company.pk, sizes.audit),
    )
    user_model = owner.user.__class__
    users = user_model.objects.bulk_create(
        user_model(email=f"m{n}-{tag}@example.com", first_name=f"First{n}", last_name="Member")
        for n in range(sizes.members)
    )
    Membership.objects.bulk_create(
        Membership(user=user, company=company, role=Role.L20_ORDERS) for user in users
    )
    _sql(
        "INSERT INTO saleor_customer_center_erpcontact (company_id, contact_number, salutation,"
        " first_name, last_name, email, phone, is_main_contact, is_active, erp_extra, updated_at)"
        " SELECT %s, 'K' || g, 'Ms', 'Contact' || g, 'Person', 'k' || g || '@example.com', '',"
        " false, true, '{}', now() FROM generate_series(1, %s) g",
        (company.pk, sizes.contacts),
    )
    _sql(
        "INSERT INTO saleor_customer_center_erprejectedrecord (kind, source, key, raw, reason,"
        " position, attempts, created_at, last_attempt_at, resolved_at) SELECT "
        "(ARRAY['customer','contact','invoice','openItem','payment'])[1 + g %% 5], 'push', "
        "'C' || g, '{}', 'amount: bad', '', 1, now() - g * interval '1 second', now(), "
        "CASE WHEN g %% 10 = 0 THEN NULL ELSE now() END FROM generate_series(1, %s) g",
        (sizes.rejected,),
    )
    _sql("ANALYZE")
    return {"company": company, "owner": owner}


def _median(call: Callable[[], object], repeats: int) -> float:
    call()  # warm-up
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(shop: dict, staff, repeats: int) -> dict[str, float]:
    """Seconds per row of the table for one shop (medians of ``repeats``)."""
    from django.test import Client
    from graphql_relay import to_global_id

    from saleor_customer_center import saleor
    from saleor_customer_center.models import AuditEntry
    from saleor_customer_center.services import audit, paging
    from tests.web_client import PageClient

    company, owner = shop["company"], shop["owner"]
    company_id = to_global_id("Company", company.pk)

    def api(user, query: str, variables: dict) -> Callable[[], dict]:
        client = Client(HTTP_HOST="localhost")
        token = saleor.create_tokens(user)["token"]

        def post() -> dict:
            response = client.post(
                PLUGIN + "graphql/",
                data=json.dumps({"query": query, "variables": variables}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            body = response.json()
            assert "errors" not in body, body
            return body

        return post

    entries = audit.entries_of(company)
    middle_row = entries[max(AuditEntry.objects.filter(company=company).count() // 2 - 1, 0)]
    keys = paging.sort_keys(entries)
    middle = paging.encode_cursor(keys, [middle_row.created_at, middle_row.pk])
    audit_page = """query($id: ID!%s) { company(id: $id) {
      auditLog(%s) { edges { node { id action } } } } }"""
    first_query = audit_page % (", $after: String", "first: 50, after: $after")
    last_query = audit_page % ("", "last: 50")
    pages = PageClient(Client(HTTP_HOST="localhost")).sign_in(owner.user)
    return {
        "order search, own orders unchanged": _median(
            api(
                owner.user,
                """query($id: ID!) { company(id: $id) { orders(first: 50,
                  filter: {search: "bolt 42"}) { totalCount edges { node { number } } } } }""",
                {"id": company_id},
            ),
            repeats,
        ),
        "staff company search": _median(
            api(
                staff,
                """query { companies(first: 50, search: "company 4711") {
                  edges { node { name customerNumber } } } }""",
                {},
            ),
            repeats,
        ),
        "audit log, first page": _median(api(owner.user, first_query, {"id": company_id}), repeats),
        "audit log, middle page": _median(
            api(owner.user, first_query, {"id": company_id, "after": middle}), repeats
        ),
        "audit log, last page": _median(api(owner.user, last_query, {"id": company_id}), repeats),
        "Users page": _median(lambda: pages.get("users/"), repeats),
        "rejected ERP records": _median(
            api(
                staff,
                """query { erpRejectedRecords(first: 50, kind: "invoice") {
                  edges { node { key reason } } } }""",
                {},
            ),
            repeats,
        ),
    }


def run(sizes=FULL, repeats: int = FULL_REPEATS, out: Callable[[str], None] = print):
    """Seed both shops, time every row, print the table; returns {row: (small, large)}."""
    from saleor.permission.models import Permission

    from saleor_customer_center import saleor
    from tests.factories import UserFactory

    saleor.save_plugin_configuration(True, {})
    staff = UserFactory(is_staff=True, email=f"staff-{uuid.uuid4().hex[:8]}@example.com")
    staff.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account")
    )
    results: dict[str, list[float]] = {}
    for tag, size in zip(("small", "large"), sizes, strict=True):
        started = time.perf_counter()
        shop = seed(size, tag)
        out(f"seeded the {tag} shop in {time.perf_counter() - started:.0f} s: {size}")
        for row, seconds in measure(shop, staff, repeats).items():
            results.setdefault(row, []).append(seconds)
    out(f"| what | small | large | ratio | (median of {repeats}, ms)")
    out("|---|---|---|---|")
    for row, (small, large) in results.items():
        out(f"| {row} | {small * 1000:.1f} | {large * 1000:.1f} | {large / small:.2f} |")
    return {row: tuple(values) for row, values in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (seconds)")
    parser.add_argument(
        "--shop-orders",
        type=int,
        help="other companies' orders in the large shop (default 200,000)",
    )
    args = parser.parse_args(argv)
    teardown = django_host.setup("customer_center_scale_benchmark")
    try:
        if args.quick:
            run(QUICK, QUICK_REPEATS)
        else:
            small, large = FULL
            if args.shop_orders is not None:
                large = replace(large, shop_orders=args.shop_orders)
            run((small, large), FULL_REPEATS)
    finally:
        teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
