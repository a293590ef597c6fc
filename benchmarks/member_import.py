"""Benchmark: importing users from CSV, against a plain bulk insert measured in the same run.

Times ``services/member_import.confirm`` (read and check the file, create users,
memberships, audit entries and budgets in one transaction) and the invitations task
(``send_invitations``: a set-password token and an email record per user, in batches)
for a file of 500 users, and beside it a plain ``bulk_create`` of the same users and
memberships, the floor any import pays. Prints both times, the rates and their ratio.

    .venv/bin/python benchmarks/member_import.py            # 500 users
    .venv/bin/python benchmarks/member_import.py --quick    # 100 users (the test suite)

Runs inside the real Saleor on PostgreSQL: the server named by
``PGHOST``/``PGPORT``/``PGUSER`` (as set by devtools/saleor_env.py), or a throwaway
cluster it starts itself. It creates and drops its own database.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

try:
    from benchmarks import django_host
except ImportError:  # run as a script: benchmarks/ itself is on sys.path
    import django_host  # type: ignore[no-redef]

FULL_USERS, QUICK_USERS = 500, 100
ROLES = ("L10", "L20_ORDERS", "L30", "L40_BILLING", "L80_ADMIN")


def csv_of(count: int, domain: str) -> bytes:
    """A file as an admin exports it from a spreadsheet: every column, a budget on half."""
    lines = ["Salutation,First name,Last name,Email,Role,Budget,Budget period"]
    for n in range(count):
        budget = f"{100 + n},monthly" if n % 2 else ","
        lines.append(f"Ms,First{n},Last{n},user{n}@{domain},{ROLES[n % len(ROLES)]},{budget}")
    return ("\n".join(lines) + "\n").encode()


def _company(name: str):
    from django.contrib.auth import get_user_model

    from saleor_customer_center.models import Company, Membership
    from saleor_customer_center.roles import Role

    company = Company.objects.create(customer_number=name, name=name, currency="USD")
    owner = get_user_model().objects.create(email=f"owner@{name}.example")
    return Membership.objects.create(company=company, user=owner, role=Role.L90_OWNER)


def time_import(count: int) -> tuple[float, float]:
    """(seconds to confirm, seconds to send the invitations) for ``count`` users."""
    from django.db import transaction

    from saleor_customer_center.links import Links
    from saleor_customer_center.models import MemberImport
    from saleor_customer_center.services import member_import
    from saleor_customer_center.settings_store import PluginSettings

    owner = _company(f"import{count}")
    data = csv_of(count, "import.example")
    started = time.perf_counter()
    with transaction.atomic():
        job, result = member_import.confirm(
            owner.user,
            owner.company_id,
            data,
            settings=PluginSettings(active=True),
            links=Links("https://shop.example"),
        )
        confirmed = time.perf_counter() - started
    # The commit ran the invitations task (celery eager here, as a worker would after it);
    # inside an outer transaction (the test suite's) nothing commits: run it here.
    if transaction.get_connection().in_atomic_block:
        started = time.perf_counter()
        member_import.send_invitations(job.pk)
        invited = time.perf_counter() - started
    else:
        invited = time.perf_counter() - started - confirmed
    assert len(result.accepted) == count, [r.refusals for r in result.refused][:3]
    job = MemberImport.objects.get(pk=job.pk)
    assert (job.status, job.invited) == ("done", count)
    return confirmed, invited


def time_bulk_insert(count: int) -> float:
    """The floor: users and memberships of the same people in two bulk INSERTs."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from saleor_customer_center.models import Membership
    from saleor_customer_center.roles import Role

    owner = _company(f"bulk{count}")
    User = get_user_model()
    started = time.perf_counter()
    with transaction.atomic():
        users = []
        for n in range(count):
            user = User(email=f"user{n}@bulk.example", first_name=f"First{n}", last_name=f"L{n}")
            user.set_unusable_password()
            users.append(user)
        users = User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            [Membership(company_id=owner.company_id, user=u, role=Role.L10_BASIC) for u in users]
        )
    return time.perf_counter() - started


def run(count: int = FULL_USERS, out: Callable[[str], None] = print) -> dict[str, float]:
    from django.test.utils import override_settings

    from saleor_customer_center import saleor

    saleor.save_plugin_configuration(True, {})
    # Emails are recorded and sent by the email task; here to Django's memory backend.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CELERY_TASK_ALWAYS_EAGER=True,
    ):
        baseline = time_bulk_insert(count)
        confirmed, invited = time_import(count)
    total = confirmed + invited
    for label, seconds in (
        (f"plain bulk insert of {count:,} users:", baseline),
        (f"import of {count:,} users from CSV:", confirmed),
        (f"invitations of {count:,} users:", invited),
    ):
        out(f"{label:<36} {seconds:7.3f} s ({count / seconds:9,.0f} users/s)")
    out(f"import and invitations / bulk insert: {total / baseline:.1f}x")
    return {"baseline": baseline, "import": confirmed, "invitations": invited}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_USERS} users")
    args = parser.parse_args(argv)
    teardown = django_host.setup("customer_center_import_benchmark")
    try:
        run(QUICK_USERS if args.quick else FULL_USERS)
    finally:
        teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
