"""Bulk idempotent upserts of one batch: COPY into a temporary table, then one
``INSERT ... SELECT ... ON CONFLICT DO UPDATE`` keyed by the ERP numbers.

COPY is PostgreSQL's fastest way in; the single INSERT ... SELECT lets the server do the
upsert set-wise. Rows that did not change are not rewritten (``WHERE ... IS DISTINCT
FROM``), so replaying a feed costs reads, not writes, and ``updated_at`` means "the ERP
changed it". During an initial load the batch may instead be COPY'd straight into the
table (see :func:`write`). Call inside the batch's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

import psycopg
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from .records import CUSTOMER, KindSpec, spec

JSON_TYPES = ("objects", "strings")
FREE_TEXT_TYPES = ("string", "email", "url")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def named_rows(cursor: Any) -> list[dict[str, Any]]:
    """The cursor's remaining rows as dicts by column name (rows are read by name)."""
    names = [column.name for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _text(value: str | None) -> str:
    """A value in COPY's text format: backslash, tab and line breaks escaped."""
    if value is None:
        return NULL
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def _plain(value: str | None) -> str:
    """Pattern-checked values (money, dates, codes, choices) have nothing to escape."""
    return NULL if value is None else value


def _bool(value: bool) -> str:
    return "t" if value else "f"


def _json(value: Any) -> str:
    return _text(json.dumps(value))


@cache
def _formatters(kind: str) -> tuple[Callable[[Any], str], ...]:
    formatters: list[Callable[[Any], str]] = []
    for f in spec(kind).fields:
        if f.type in FREE_TEXT_TYPES:
            formatters.append(_text)
        elif f.type == "bool":
            formatters.append(_bool)
        elif f.type in JSON_TYPES:
            formatters.append(_json)
        else:
            formatters.append(_plain)
    formatters.append(_text)  # erp_extra, already JSON text
    return tuple(formatters)


def copy_tail(kind_spec: KindSpec, values: list[Any]) -> str:
    """A validated record (``columns`` order, then erp_extra as JSON text) as COPY text,
    all columns but the first (the customer number, which the writer turns into what the
    table needs). Made while reading, so the writing thread only joins strings."""
    formatters = _formatters(kind_spec.kind)
    return "\t".join([formatters[i](values[i]) for i in range(1, len(formatters))])


@cache
def _statements(kind: str) -> tuple[str, str, str, str, str]:
    """(create stage, copy, upsert, truncate, direct copy) of one kind."""
    kind_spec = spec(kind)
    quote = connection.ops.quote_name
    model = apps.get_model("saleor_customer_center", kind_spec.table_model)
    table = quote(model._meta.db_table)
    stage = quote(f"cc_stage_{kind_spec.kind.lower()}")
    columns = [quote(c) for c in [*kind_spec.columns, "erp_extra"]]
    if kind_spec.kind == CUSTOMER:
        stage_columns = columns
        conflict = [quote("customer_number")]
        # Operator-owned columns get their defaults on insert and are never touched after.
        insert_only = {"is_blocked": "false", "blocked_reason": "''", "created_at": "now()"}
        source = f"{stage} AS s"
        selected = [f"s.{c}" for c in columns]
    else:
        # The stage holds the ERP customer number; the insert joins it to the company.
        company = quote(apps.get_model("saleor_customer_center", "Company")._meta.db_table)
        stage_columns = [quote("customer_number"), *columns[1:]]
        conflict = [columns[0], columns[1]]  # company_id and the ERP number
        insert_only = {}
        source = f"{stage} AS s JOIN {company} AS c ON c.customer_number = s.customer_number"
        selected = ["c.id", *(f"s.{c}" for c in columns[1:])]
    updated = [c for c in columns if c not in conflict]
    insert_columns = [*columns, quote("updated_at"), *(quote(c) for c in insert_only)]
    select_values = [*selected, "now()", *insert_only.values()]
    stage_select = ", ".join(
        ["''::varchar(64) AS customer_number", *columns[1:]]
        if kind_spec.kind != CUSTOMER
        else columns
    )
    # Only quoted identifiers from the models go into these statements, never data.
    create = (
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
        f"SELECT {stage_select} FROM {table} WITH NO DATA"
    )
    copy = f"COPY {stage} ({', '.join(stage_columns)}) FROM STDIN"
    upsert = (
        f"INSERT INTO {table} AS t ({', '.join(insert_columns)}) "  # noqa: S608
        f"SELECT {', '.join(select_values)} FROM {source} "
        f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in [*updated, quote("updated_at")])
        + f" WHERE ({', '.join(f't.{c}' for c in updated)}) IS DISTINCT FROM "
        f"({', '.join(f'EXCLUDED.{c}' for c in updated)})"
    )
    truncate = f"TRUNCATE {stage}"
    direct = f"COPY {table} ({', '.join(columns)}, {quote('updated_at')}) FROM STDIN"
    return create, copy, upsert, truncate, direct


def write(
    kind_spec: KindSpec,
    tails: dict[Any, str],
    company_ids: dict[str, int] | None = None,
    *,
    try_copy: bool = False,
) -> bool:
    """Upsert one batch: ``tails`` maps each ERP key to :func:`copy_tail`'s text.

    Keys are the customer number (customers) or (customer number, document number), unique
    in the batch; non-customer keys must name known customers (``company_ids``).

    With ``try_copy`` (not for customers), the rows are first COPY'd straight into the
    table inside a savepoint: the fastest way in when none of them exists yet (an initial
    load). If one does, the savepoint is rolled back and the batch takes the upsert path.
    Returns whether the direct COPY did it.
    """
    create, copy_sql, upsert_sql, truncate, direct_sql = _statements(kind_spec.kind)
    is_customer = kind_spec.kind == CUSTOMER
    if try_copy and not is_customer and company_ids is not None:
        stamp = timezone.now().isoformat()
        data = "".join([f"{company_ids[key[0]]}\t{tail}\t{stamp}\n" for key, tail in tails.items()])
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                with cursor.cursor.copy(direct_sql) as copy:
                    copy.write(data)
            return True
        except psycopg.errors.UniqueViolation:
            pass  # some rows exist already: upsert
    with connection.cursor() as cursor:
        cursor.execute(create)
        with cursor.cursor.copy(copy_sql) as copy:
            copy.write(
                "".join(
                    [
                        f"{_text(key if is_customer else key[0])}\t{tail}\n"
                        for key, tail in tails.items()
                    ]
                )
            )
        cursor.execute(upsert_sql)
        # ON COMMIT DROP covers real transactions; a savepoint (nested atomic) needs this.
        cursor.execute(truncate)
    return False
