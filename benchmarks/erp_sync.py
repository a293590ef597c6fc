"""Benchmark: the ERP sync of invoices against a raw PostgreSQL COPY of the same rows.

Generates N invoice records as NDJSON (spread over 1,000 customers), imports them through
the real sync (the file connector, validation, COPY into a staging table, one
``INSERT ... ON CONFLICT`` per batch, checkpoint per batch), and in the same run times a
raw ``COPY`` of the same rows (already in COPY's CSV form) into a table of the same shape
(``LIKE`` the invoice table ``INCLUDING ALL`` plus its foreign key: same columns,
indexes and constraints). Prints rows per second of
both, their ratio (target: the sync at least half as fast as COPY), the speed of a replay
of the same feed (idempotent: nothing rewritten) and the memory: peak RSS growth over the
RSS before the import (flat: it must not grow with N).

    .venv/bin/python benchmarks/erp_sync.py              # 100,000 and 1,000,000 invoices
    .venv/bin/python benchmarks/erp_sync.py --quick      # 10,000 (the test suite)
    .venv/bin/python benchmarks/erp_sync.py --rows 250000

Runs inside the test host (``tests/host``) on PostgreSQL: the server named by
``PGHOST``/``PGPORT``/``PGUSER`` (as set by devtools/pytest_postgres.py), or a throwaway
cluster it starts itself. It creates and drops its own database.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    from benchmarks import django_host
except ImportError:  # run as a script: benchmarks/ itself is on sys.path
    import django_host  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
FULL_SIZES = (100_000, 1_000_000)
QUICK_SIZES = (10_000,)
CUSTOMERS = 1_000
COPY_CHUNK = 1 << 20


def _rss_kib() -> int:
    """Resident set size now (Linux), in KiB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _customers() -> dict[str, int]:
    """The benchmark's customers (created once), ERP number to company id."""
    from saleor_customer_center.models import Company

    numbers = [f"B{n:05d}" for n in range(CUSTOMERS)]
    existing = set(
        Company.objects.filter(customer_number__in=numbers).values_list(
            "customer_number", flat=True
        )
    )
    Company.objects.bulk_create(
        Company(customer_number=n, name=f"Bench {n}", currency="EUR")
        for n in numbers
        if n not in existing
    )
    return dict(
        Company.objects.filter(customer_number__in=numbers).values_list("customer_number", "pk")
    )


def generate(rows: int, folder: Path, companies: dict[str, int]) -> tuple[Path, Path]:
    """Write the feed (NDJSON) and the same rows in COPY CSV form; returns both paths."""
    feed, copy_csv = folder / f"invoices-{rows}.ndjson", folder / f"invoices-{rows}.csv"
    numbers = sorted(companies)
    with open(feed, "w", encoding="utf-8") as nd, open(copy_csv, "w", newline="") as cf:
        writer = csv.writer(cf, lineterminator="\n")
        for n in range(rows):
            customer = numbers[n % len(numbers)]
            day = 1 + n % 28
            record = {
                "customerNumber": customer,
                "invoiceNumber": f"INV-{n:08d}",
                "issueDate": f"2026-{1 + n % 12:02d}-{day:02d}",
                "dueDate": f"2027-{1 + n % 12:02d}-{day:02d}",
                "currency": "EUR",
                "grossAmount": f"{100 + n % 9000}.{n % 100:02d}",
                "netAmount": f"{84 + n % 7000}.{n % 100:02d}",
                "status": ("open", "paid", "cancelled")[n % 3],
                "orderNumber": f"SO-{n:08d}",
            }
            nd.write(json.dumps(record) + "\n")
            writer.writerow(
                [
                    companies[customer],
                    record["invoiceNumber"],
                    record["issueDate"],
                    record["dueDate"],
                    record["currency"],
                    record["grossAmount"],
                    record["netAmount"],
                    record["status"],
                    record["orderNumber"],
                    "",
                    "{}",
                ]
            )
    return feed, copy_csv


def time_copy(copy_csv: Path) -> float:
    """Seconds of a raw COPY of the rows into a fresh table shaped like the invoice table."""
    from django.db import connection, transaction

    from saleor_customer_center.models import Company, Invoice

    table = Invoice._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(f"CREATE TABLE bench_raw_copy (LIKE {table} INCLUDING ALL)")
        # LIKE copies columns, defaults, checks and indexes, not foreign keys: add it.
        cursor.execute(
            "ALTER TABLE bench_raw_copy ADD FOREIGN KEY (company_id) "
            f"REFERENCES {Company._meta.db_table} (id)"
        )
    columns = (
        "company_id, invoice_number, issue_date, due_date, currency, gross_amount, "
        "net_amount, status, order_number, pdf_url, erp_extra"
    )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with (
            cursor.cursor.copy(
                f"COPY bench_raw_copy ({columns}, updated_at) "
                "FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (pdf_url))"
            ) as copy,
            open(copy_csv, "rb") as fh,
        ):
            # updated_at as the sync sets it: the time of the load.
            stamp = b"," + time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime()).encode() + b"\n"
            pending = []
            size = 0
            for line in fh:
                pending.append(line[:-1] + stamp)
                size += len(line)
                if size >= COPY_CHUNK:
                    copy.write(b"".join(pending))
                    pending, size = [], 0
            if pending:
                copy.write(b"".join(pending))
    elapsed = time.perf_counter() - started
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_copy")
    return elapsed


def time_sync(feed: Path) -> tuple[float, int, int]:
    """(seconds, rows stored, peak RSS growth in KiB) of the real sync of the feed."""
    from saleor_customer_center.erp import sync as erp_sync

    rss_before = _rss_kib()
    started = time.perf_counter()
    run = erp_sync.import_file("invoice", str(feed))
    elapsed = time.perf_counter() - started
    assert run.status == "succeeded", (run.status, run.error)
    return elapsed, run.stored, max(0, _peak_rss_kib() - rss_before)


def run(sizes=FULL_SIZES, out: Callable[[str], None] = print) -> dict[int, dict[str, float]]:
    """Benchmark each size and print the figures; returns them by size."""
    from django.db import connection

    from saleor_customer_center.models import Invoice

    companies = _customers()
    folder = Path(tempfile.mkdtemp(prefix="erp-bench-"))
    results: dict[int, dict[str, float]] = {}
    try:
        for rows in sizes:
            with connection.cursor() as cursor:  # not .delete(): it would load the rows
                cursor.execute(f"DELETE FROM {Invoice._meta.db_table}")
            feed, copy_csv = generate(rows, folder, companies)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            copy_seconds = time_copy(copy_csv)
            sync_seconds, stored, rss_growth = time_sync(feed)
            assert stored == rows and Invoice.objects.count() == rows
            replay_seconds, _, _ = time_sync(feed)
            figures = {
                "copy_rows_per_s": rows / copy_seconds,
                "sync_rows_per_s": rows / sync_seconds,
                "replay_rows_per_s": rows / replay_seconds,
                "ratio": copy_seconds / sync_seconds,
                "peak_rss_growth_mib": rss_growth / 1024,
                "peak_rss_mib": _peak_rss_kib() / 1024,
            }
            results[rows] = figures
            out(
                f"{rows:>9,} invoices: sync {figures['sync_rows_per_s']:>9,.0f} rows/s, "
                f"raw COPY {figures['copy_rows_per_s']:>9,.0f} rows/s, "
                f"ratio {figures['ratio']:.2f} of COPY; "
                f"replay {figures['replay_rows_per_s']:>9,.0f} rows/s; "
                f"peak memory +{figures['peak_rss_growth_mib']:.1f} MiB RSS during the sync "
                f"(process peak {figures['peak_rss_mib']:.0f} MiB)"
            )
            feed.unlink()
            copy_csv.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _setup_django() -> Callable[[], None]:
    return django_host.setup("customer_center_erp_benchmark")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 invoices only")
    parser.add_argument("--rows", type=int, nargs="+", help="sizes to run instead")
    args = parser.parse_args(argv)
    sizes = tuple(args.rows) if args.rows else QUICK_SIZES if args.quick else FULL_SIZES
    teardown = _setup_django()
    try:
        run(sizes)
    finally:
        teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
