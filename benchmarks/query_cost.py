"""Benchmark: what an anonymous attack on the cost checker costs the server.

Posts each document of the hardening issue's attacks anonymously to the GraphQL endpoint
(Django's test client: the whole view, parsing, the limits, validation, execution) and
prints the median CPU time of the request thread against two baselines measured in the
same run: a plain ``{ __typename }``, and a normal query (the README's users-management
query, read by a company admin of a company with 50 members). The issue's bound: no
anonymous document costs more than the normal query. Before the cost walk read each
fragment once, the first document (under 1 KB) took seconds, and four times longer with
every two more levels.

    .venv/bin/python benchmarks/query_cost.py            # 200 requests of each
    .venv/bin/python benchmarks/query_cost.py --quick    # 5 (the test suite)

Runs inside the real Saleor on PostgreSQL: the server named by
``PGHOST``/``PGPORT``/``PGUSER``, or a throwaway cluster it starts itself, in a database
of its own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable

try:
    from benchmarks import django_host
    from benchmarks.query_documents import CYCLE, doubling_fragments, fragment_chain, nested_fields
except ImportError:  # run as a script: benchmarks/ itself is on sys.path
    import django_host  # type: ignore[no-redef]
    from query_documents import (  # type: ignore[no-redef]
        CYCLE,
        doubling_fragments,
        fragment_chain,
        nested_fields,
    )

FULL_REPEATS, QUICK_REPEATS = 200, 5
NORMAL_QUERY = """query ($id: ID!) { company(id: $id) {
  members(first: 50) { totalCount edges { node {
    id email firstName lastName salutation role isActive
    budget { amount currency period spent remaining } } } }
  erpContacts(unlinkedOnly: true, first: 50) { edges { node {
    id contactNumber email firstName lastName isMainContact member { id } } } }
  requests(first: 20) { edges { node { id kind status createdAt } } }
  auditLog(first: 20) { edges { node { action actorEmail targetType before after createdAt } } }
} }"""


def _duplicated_tree(levels: int, copies: int) -> str:
    if levels == 0:
        return "name"
    inner = _duplicated_tree(levels - 1, copies)
    return " ".join([f"ofType {{ {inner} }}"] * copies)


BASELINE = ("plain { __typename }", "{ __typename }")
NORMAL = "normal query (README, admin, 50 members)"
ATTACKS = [
    ("item 1: 20 fragments, each spreading the next twice", doubling_fragments(20)),
    ("fragment cycle", CYCLE),
    ("3,000-level nested query", nested_fields(3_000)),
    ("300-fragment chain", fragment_chain(300)),
    # Within every limit (149 selections, 4 copies of each field, 3 levels): of the shapes
    # tried, what graphql-core's validation compares pair by pair the longest.
    (
        "accepted: fields copied 4 times, 3 levels",
        '{ __type(name: "Query") { ' + _duplicated_tree(3, 4) + " } }",
    ),
]


def time_document(
    client, url: str, query: str, repeats: int, variables: dict | None = None, **headers: str
) -> float:
    """Median CPU seconds of the request thread for one POST of ``query``."""
    body = json.dumps({"query": query, "variables": variables or {}})
    for _ in range(2):  # warm-up
        client.post(url, data=body, content_type="application/json", **headers)
    samples = []
    for _ in range(repeats):
        started = time.thread_time()
        response = client.post(url, data=body, content_type="application/json", **headers)
        samples.append(time.thread_time() - started)
        assert response.status_code < 500, response.content[:300]
    return statistics.median(samples)


def _normal_caller() -> tuple[str, dict]:
    """A company admin's token and the variables of the normal query (50 members)."""
    import uuid

    from graphql_relay import to_global_id

    from saleor_customer_center import saleor
    from saleor_customer_center.models import Company, Membership
    from saleor_customer_center.roles import Role

    suffix = uuid.uuid4().hex[:10]
    company = Company.objects.create(customer_number=f"Q-{suffix}", name=f"Bench {suffix}")
    users = saleor.user_model().objects
    for index in range(50):
        user = users.create(email=f"m{index}-{suffix}@example.com", first_name=f"M{index}")
        Membership.objects.create(user=user, company=company, role=Role.L20_ORDERS)
    admin = users.create(email=f"admin-{suffix}@example.com")
    Membership.objects.create(user=admin, company=company, role=Role.L80_ADMIN)
    return saleor.create_tokens(admin)["token"], {"id": to_global_id("Company", company.pk)}


def run(repeats: int = FULL_REPEATS, out: Callable[[str], None] = print) -> dict[str, float]:
    """Time both baselines and every attack; print each against the baselines."""
    from django.test import Client

    from saleor_customer_center import saleor

    url = "/plugins/global/saleor.customer_center/graphql/"
    saleor.save_plugin_configuration(True, {})
    client = Client(raise_request_exception=False)
    token, variables = _normal_caller()
    results = {BASELINE[0]: time_document(client, url, BASELINE[1], repeats)}
    results[NORMAL] = time_document(
        client, url, NORMAL_QUERY, repeats, variables, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    for label, query in ATTACKS:
        results[label] = time_document(client, url, query, repeats)
    plain, normal = results[BASELINE[0]], results[NORMAL]
    width = max(len(label) for label in results)
    for label, seconds in results.items():
        out(
            f"{label:<{width}}  {seconds * 1000:8.3f} ms CPU  {seconds / plain:6.2f} x plain  "
            f"{seconds / normal:5.2f} x normal  (median of {repeats})"
        )
    worst = max(results[label] for label, _ in ATTACKS)
    out(
        f"worst anonymous document: {worst / plain:.2f} x plain {{ __typename }}, "
        f"{worst / normal:.2f} x the normal query (bound: at most 1)"
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_REPEATS} requests of each")
    args = parser.parse_args(argv)
    teardown = django_host.setup("customer_center_query_cost_benchmark")
    try:
        run(QUICK_REPEATS if args.quick else FULL_REPEATS)
    finally:
        teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
