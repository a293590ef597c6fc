"""Benchmark: the ERP sync of every record kind against a plain PostgreSQL COPY of the same
rows into a table of the same shape, measured in the same run.

For each kind (customer, contact, invoice, openItem, payment) and size it generates an
NDJSON feed (non-customer kinds spread over 1,000 customers) and times, each against its
own baseline:

- first load: the feed imported through the real sync (file connector, parse worker,
  validation, direct COPY, a checkpoint per batch) into the empty table;
- update: a feed of the same records with every record changed in the values an ERP
  changes day to day and no index covers (a customer's flag and admin e-mail, a contact's
  salutation, phone and main-contact flag, an invoice's status, net amount and order
  number, an open item's amounts and invoice, a payment's amount, method and invoices),
  merged into the loaded table (staged COPY, one MERGE per batch);
- update, indexed columns: the same, but also changing the columns an index covers (a
  customer's name, UIN and VAT number and a contact's names and e-mail, all in the search
  indexes of migration 0008; an invoice's issue and due dates and gross amount; an open
  item's status and due date; a payment's date), which PostgreSQL cannot do as a HOT
  update: every index gets a new entry; first size only;
- replay: the update feed again (nothing changed: nothing is written).

Baseline: ``COPY`` of exactly those rows (already rendered in COPY's text format, company
ids resolved) into a fresh table ``LIKE`` the kind's table ``INCLUDING ALL``, with the
same foreign keys (as PostgreSQL reports them) and storage parameters (fillfactor). It
prints rows per second of both, their ratio (target: at least 0.8), the memory (the sync
process's peak RSS growth during the phase and the parse worker's peak RSS) and where the
CPU went: the whole PostgreSQL server (the sync writes on two connections), the sync's own
process and the parse worker, in microseconds per row.

    .venv/bin/python benchmarks/erp_sync.py              # 100,000 and 1,000,000 rows
    .venv/bin/python benchmarks/erp_sync.py --quick      # 3,000 rows (the test suite)
    .venv/bin/python benchmarks/erp_sync.py --rows 250000 --kinds invoice customer

Runs inside the real Saleor on PostgreSQL: the server named by
``PGHOST``/``PGPORT``/``PGUSER`` (as set by devtools/saleor_env.py), or a throwaway
cluster it starts itself. It creates and drops its own database.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

try:
    from benchmarks import django_host
except ImportError:  # run as a script: benchmarks/ itself is on sys.path
    import django_host  # type: ignore[no-redef]

FULL_SIZES = (100_000, 1_000_000)
QUICK_SIZES = (3_000,)
FULL_REPEATS = 3
QUICK_BATCH_SIZE = 1_000  # several batches, so the quick mode runs the parse worker too
KINDS = ("customer", "contact", "invoice", "openItem", "payment")
CUSTOMERS = 1_000
COPY_CHUNK = 1 << 20
FIRST, UPDATE, INDEXED, REPLAY = "first load", "update", "update, indexed columns", "replay"


def _rss_kib() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/PID/stat after the command name (field 3 of proc(5) first)."""
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def _server_cpu_seconds() -> float:
    """CPU time so far of the whole PostgreSQL server (same machine: /proc): its live
    processes (every connection's backend, the sync's second one included, autovacuum, the
    WAL writer) and those that ended (the postmaster's reaped children)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        postmaster = _stat(pid)[1]  # ppid
        for _attempt in range(20):
            # A backend that ends between reading the postmaster and reading its children
            # would be counted in neither: read again until no child was reaped meanwhile
            # (a few times at most; a postmaster forever busy keeps the last reading).
            reaped = _stat(postmaster)[11:15]  # utime stime cutime cstime
            ticks = sum(int(value) for value in reaped)
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        child = _stat(entry)
                    except OSError:  # ended meanwhile
                        continue
                    if child[1] == postmaster:
                        ticks += int(child[11]) + int(child[12])
            if _stat(postmaster)[11:15] == reaped:
                break
    except OSError:  # a server on another machine: not measured
        return 0.0
    return ticks / os.sysconf("SC_CLK_TCK")


# The feeds: one record and its table row per n, for the first load and the updates -------


def _day(n: int, year: int = 2026) -> str:
    return f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"


def _customer(n: int, version: str) -> dict[str, Any]:
    changed = version != FIRST
    record = {
        "customerNumber": f"K{n:08d}",
        "name": f"Customer {n}" + (" GmbH" if version == INDEXED else ""),
        "customerCenter": (n % 2 == 0) != changed,
        "adminEmail": f"admin{'-new' if changed else ''}@k{n}.example.com",
        "uin": f"U{n}{'-2' if version == INDEXED else ''}",
        "vatNumber": f"DE{n:09d}" + ("9" if version == INDEXED else ""),
        "currency": "EUR",
    }
    return record


def _contact(n: int, version: str) -> dict[str, Any]:
    changed = version != FIRST
    return {
        "customerNumber": f"B{n % CUSTOMERS:05d}",
        "contactNumber": f"P{n:08d}",
        "email": f"p{n}@{'new.' if version == INDEXED else ''}b{n % CUSTOMERS}.example.com",
        "firstName": "Anna" if version == INDEXED else "Ann",
        "lastName": f"Smith {n}" + ("-Lee" if version == INDEXED else ""),
        "salutation": "Dr." if changed else "Ms.",
        "isMainContact": n % 50 == 0,
        "phone": f"+49 30 {n}{'0' if changed else ''}",
    }


def _invoice(n: int, version: str) -> dict[str, Any]:
    changed = version != FIRST
    return {
        "customerNumber": f"B{n % CUSTOMERS:05d}",
        "invoiceNumber": f"INV-{n:08d}",
        "issueDate": _day(n + (7 if version == INDEXED else 0)),
        "dueDate": _day(n + (3 if version == INDEXED else 0), 2027),
        "currency": "EUR",
        "grossAmount": f"{100 + n % 9000 + (1 if version == INDEXED else 0)}.{n % 100:02d}",
        "netAmount": f"{84 + n % 7000 + (1 if changed else 0)}.{n % 100:02d}",
        "status": ("open", "paid", "cancelled")[(n + (1 if changed else 0)) % 3],
        "orderNumber": f"SO-{n:08d}" + ("-B" if changed else ""),
    }


def _open_item(n: int, version: str) -> dict[str, Any]:
    changed = version != FIRST
    return {
        "customerNumber": f"B{n % CUSTOMERS:05d}",
        "documentNumber": f"D-{n:08d}",
        "invoiceNumber": f"INV-{n:08d}" + ("-1" if changed else ""),
        "dueDate": _day(n + (5 if version == INDEXED else 0), 2027),
        "currency": "EUR",
        "amountDue": f"{50 + n % 5000 - (10 if changed else 0)}.{n % 100:02d}",
        "originalAmount": f"{60 + n % 5000 + (1 if changed else 0)}.00",
        "status": "closed" if version == INDEXED else "open",
    }


def _payment(n: int, version: str) -> dict[str, Any]:
    changed = version != FIRST
    return {
        "customerNumber": f"B{n % CUSTOMERS:05d}",
        "paymentNumber": f"PAY-{n:08d}",
        "date": _day(n + (2 if version == INDEXED else 0)),
        "currency": "EUR",
        "amount": f"{10 + n % 9000 + (1 if changed else 0)}.{n % 100:02d}",
        "method": "card" if changed else "transfer",
        "invoiceNumbers": [f"INV-{n:08d}"] + ([f"INV-{n + 1:08d}"] if changed else []),
    }


RECORDS: dict[str, Callable[[int, str], dict[str, Any]]] = {
    "customer": _customer,
    "contact": _contact,
    "invoice": _invoice,
    "openItem": _open_item,
    "payment": _payment,
}


def _copy_value(value: Any) -> str:
    """A value in COPY's text format (the generated values hold no tab, newline or \\)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def _table_row(kind: str, record: dict[str, Any], companies: dict[str, int], stamp: str) -> str:
    """The row the sync stores for the record, in the baseline's column order."""
    from saleor_customer_center.erp import records

    kind_spec = records.spec(kind)
    values = []
    for f in kind_spec.fields:
        value = record.get(f.key, f.default)
        if f.column == "company_id":
            value = companies[record["customerNumber"]]
        values.append(_copy_value(value))
    values += ["{}", stamp]  # erp_extra, updated_at
    if kind == "customer":
        values += ["f", "", stamp]  # is_blocked, blocked_reason, created_at
    return "\t".join(values) + "\n"


def baseline_columns(kind: str) -> list[str]:
    from saleor_customer_center.erp import records

    columns = [*records.spec(kind).columns, "erp_extra", "updated_at"]
    if kind == "customer":
        columns += ["is_blocked", "blocked_reason", "created_at"]
    return columns


def generate(
    kind: str, rows: int, version: str, folder: Path, companies: dict[str, int]
) -> tuple[Path, Path]:
    """Write the feed (NDJSON) and the same rows in COPY text form; returns both paths."""
    make = RECORDS[kind]
    tag = version.replace(" ", "-").replace(",", "")
    feed, copy_rows = folder / f"{kind}-{rows}-{tag}.ndjson", folder / f"{kind}-{rows}-{tag}.copy"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime())
    with open(feed, "w", encoding="utf-8") as nd, open(copy_rows, "w", encoding="utf-8") as cp:
        for n in range(rows):
            record = make(n, version)
            nd.write(json.dumps(record) + "\n")
            cp.write(_table_row(kind, record, companies, stamp))
    return feed, copy_rows


# Timing ------------------------------------------------------------------------------------


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while block := fh.read(COPY_CHUNK):
            yield block


class Timing(NamedTuple):
    """One timed phase: wall-clock seconds and where the CPU went (seconds)."""

    seconds: float
    postgres_cpu: float  # the PostgreSQL server, all its processes
    sync_cpu: float = 0.0  # the sync's own process (reader and writer threads)
    worker_cpu: float = 0.0  # the parse worker process


def time_copy(kind: str, copy_rows: Path) -> Timing:
    """A plain COPY of the rows into a fresh table shaped like the kind's, timed."""
    from django.db import connection, transaction

    from saleor_customer_center.erp import bulk

    table = bulk.model(kind)._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(f"CREATE TABLE bench_raw_copy (LIKE {table} INCLUDING ALL)")
        # LIKE copies columns, defaults, checks and indexes, not foreign keys nor storage
        # parameters: add them as PostgreSQL reports them for the real table.
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE bench_raw_copy ADD {definition}")
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [table])
        (options,) = cursor.fetchone()
        if options:
            cursor.execute(f"ALTER TABLE bench_raw_copy SET ({', '.join(options)})")
    columns = ", ".join(baseline_columns(kind))
    backend = _server_cpu_seconds()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY bench_raw_copy ({columns}) FROM STDIN") as copy:
            for block in _chunks(copy_rows):
                copy.write(block)
        # The foreign keys are deferred, as Django makes them: check them now, timed (in an
        # outer transaction, as in the test suite, there is no commit to do it).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    elapsed = time.perf_counter() - started
    backend = _server_cpu_seconds() - backend
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_copy")
    return Timing(elapsed, backend)


def time_sync(kind: str, feed: Path, batch_size: int | None) -> tuple[Timing, int, int, float]:
    """(timing, rows stored, peak RSS growth in KiB, parse worker's peak RSS in MiB) of the
    real sync of the feed."""
    from saleor_customer_center.erp import sync

    rss_before = _rss_kib()
    cpu = (
        _server_cpu_seconds(),
        _cpu_seconds(resource.RUSAGE_SELF),
        _cpu_seconds(resource.RUSAGE_CHILDREN),
    )
    started = time.perf_counter()
    run = sync.import_file(kind, str(feed), batch_size=batch_size)
    elapsed = time.perf_counter() - started
    timing = Timing(
        elapsed,
        _server_cpu_seconds() - cpu[0],
        _cpu_seconds(resource.RUSAGE_SELF) - cpu[1],
        _cpu_seconds(resource.RUSAGE_CHILDREN) - cpu[2],  # the worker, waited for at the end
    )
    assert run.status == "succeeded", (run.status, run.error)
    growth = max(0, _peak_rss_kib() - rss_before)
    return timing, run.stored, growth, run.checkpoint.get("worker_peak_mib", 0)


def _customers() -> dict[str, int]:
    """The benchmark's customers of the other kinds (created once): number to company id."""
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


def _empty(kind: str) -> None:
    from django.db import connection

    from saleor_customer_center.erp import bulk
    from saleor_customer_center.models import ErpRejectedRecord, ErpSyncRun

    table = bulk.model(kind)._meta.db_table
    with connection.cursor() as cursor:  # not .delete(): it would load the rows
        # CASCADE empties the tables that refer to it too (memberships; for companies every
        # ERP table): the benchmark's own database. Customers are made again when needed.
        cursor.execute(f"TRUNCATE {table} CASCADE")
        cursor.execute(f"DELETE FROM {ErpRejectedRecord._meta.db_table}")  # noqa: S608
        cursor.execute(f"DELETE FROM {ErpSyncRun._meta.db_table}")  # noqa: S608


def run(
    sizes=FULL_SIZES,
    kinds=KINDS,
    *,
    batch_size: int | None = None,
    repeats: int = 1,
    out: Callable[[str], None] = print,
) -> dict[tuple[str, int, str], dict[str, float]]:
    """Benchmark each kind and size; prints the figures (the median of ``repeats``
    attempts: this machine's other work makes single timings noisy) and returns them."""
    folder = Path(tempfile.mkdtemp(prefix="erp-bench-"))
    results: dict[tuple[str, int, str], dict[str, float]] = {}
    try:
        for kind in kinds:
            companies = {} if kind == "customer" else _customers()
            for size_index, rows in enumerate(sizes):
                phases = [FIRST, UPDATE, REPLAY] + ([INDEXED] if size_index == 0 else [])
                files = {
                    phase: generate(kind, rows, phase, folder, companies)
                    for phase in phases
                    if phase != REPLAY
                }
                files[REPLAY] = files[UPDATE]  # the update feed again
                attempts: dict[str, list[dict[str, float]]] = {phase: [] for phase in phases}
                for _attempt in range(repeats):  # the whole sequence again, from empty
                    _empty(kind)
                    for phase in phases:
                        attempts[phase].append(_time_phase(kind, rows, *files[phase], batch_size))
                for phase in phases:
                    figures = _median(attempts[phase])
                    results[(kind, rows, phase)] = figures
                    ratios = ", ".join(f"{a['ratio']:.2f}" for a in attempts[phase])
                    out(
                        f"{kind:>9} {rows:>9,} {phase:<23}: "
                        f"sync {figures['sync_rows_per_s']:>9,.0f} rows/s, "
                        f"COPY {figures['copy_rows_per_s']:>9,.0f} rows/s, "
                        f"ratio {figures['ratio']:.2f}"
                        + (f" (median of {ratios})" if repeats > 1 else "")
                        + f"; peak memory +{figures['peak_rss_growth_mib']:.1f} MiB RSS "
                        f"(parse worker {figures['worker_peak_rss_mib']:.0f} MiB); "
                        f"CPU µs/row: COPY {figures['copy_pg_us']:.1f}, sync: PostgreSQL "
                        f"{figures['sync_pg_us']:.1f} + own {figures['sync_us']:.1f} "
                        f"+ worker {figures['worker_us']:.1f}"
                    )
                for feed, copy_rows in files.values():
                    feed.unlink(missing_ok=True)
                    copy_rows.unlink(missing_ok=True)
            _empty(kind)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _median(attempts: list[dict[str, float]]) -> dict[str, float]:
    """The attempt of the median ratio, its figures kept together (memory: the largest)."""
    ranked = sorted(attempts, key=lambda figures: figures["ratio"])
    figures = dict(ranked[len(ranked) // 2])
    for memory in ("peak_rss_growth_mib", "worker_peak_rss_mib"):
        figures[memory] = max(a[memory] for a in attempts)
    return figures


def _time_phase(
    kind: str, rows: int, feed: Path, copy_rows: Path, batch_size: int | None
) -> dict[str, float]:
    """One phase timed against its own COPY baseline."""
    from django.db import connection

    from saleor_customer_center.erp import bulk

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    copy = time_copy(kind, copy_rows)
    synced, stored, rss_growth, worker_mib = time_sync(kind, feed, batch_size)
    assert stored == rows
    assert bulk.model(kind).objects.count() == rows
    return {
        "copy_rows_per_s": rows / copy.seconds,
        "sync_rows_per_s": rows / synced.seconds,
        "ratio": copy.seconds / synced.seconds,
        "peak_rss_growth_mib": rss_growth / 1024,
        "worker_peak_rss_mib": worker_mib,
        # CPU microseconds per row: the PostgreSQL server during COPY; during the sync,
        # the server (both of its connections), the sync's own process and the parse worker.
        "copy_pg_us": copy.postgres_cpu / rows * 1e6,
        "sync_pg_us": synced.postgres_cpu / rows * 1e6,
        "sync_us": synced.sync_cpu / rows * 1e6,
        "worker_us": synced.worker_cpu / rows * 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3,000 rows, batches of 1,000")
    parser.add_argument("--rows", type=int, nargs="+", help="sizes to run instead")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--batch-size", type=int, help="instead of ERP_BATCH_SIZE")
    parser.add_argument(
        "--repeats", type=int, help="attempts per phase, the median printed (default 3; quick: 1)"
    )
    args = parser.parse_args(argv)
    sizes = tuple(args.rows) if args.rows else QUICK_SIZES if args.quick else FULL_SIZES
    teardown = django_host.setup("customer_center_erp_benchmark")
    try:
        print(f"load: {open('/proc/loadavg').read().strip()}")
        batch_size = args.batch_size or (QUICK_BATCH_SIZE if args.quick else None)
        repeats = args.repeats or (1 if args.quick else FULL_REPEATS)
        run(sizes, tuple(args.kinds), batch_size=batch_size, repeats=repeats)
    finally:
        teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
