"""Bulk idempotent upserts of one batch: COPY into a temporary table, then one
``INSERT ... SELECT ... ON CONFLICT DO UPDATE`` keyed by the ERP numbers.

COPY is PostgreSQL's fastest way in; the single INSERT ... SELECT lets the server do the
upsert set-wise. Rows that did not change are not rewritten (``WHERE ... IS DISTINCT
FROM``), so replaying a feed costs reads, not writes, and ``updated_at`` means "the ERP
changed it". Call inside the batch's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from django.apps import apps
from django.db import connection

from .records import CUSTOMER, KindSpec, spec

JSON_TYPES = ("objects", "strings")


@cache
def _statements(kind: str) -> tuple[str, str, str, str, tuple[int, ...]]:
    """(create stage, copy, upsert, truncate, indexes of json columns) of one kind."""
    kind_spec = spec(kind)
    model = apps.get_model("saleor_customer_center", kind_spec.table_model)
    table = connection.ops.quote_name(model._meta.db_table)
    stage = connection.ops.quote_name(f"cc_stage_{kind_spec.kind.lower()}")
    columns = [*kind_spec.columns, "erp_extra"]
    quoted = [connection.ops.quote_name(c) for c in columns]
    column_list = ", ".join(quoted)
    if kind_spec.kind == CUSTOMER:
        conflict = [connection.ops.quote_name("customer_number")]
        # Operator-owned columns get their defaults on insert and are never touched after.
        insert_only = {"is_blocked": "false", "blocked_reason": "''", "created_at": "now()"}
    else:
        conflict = [quoted[0], quoted[1]]  # company_id and the ERP number
        insert_only = {}
    updated = [q for q in quoted if q not in conflict]
    insert_columns = [*quoted, '"updated_at"', *(f'"{c}"' for c in insert_only)]
    select_values = [*quoted, "now()", *insert_only.values()]
    # Only quoted identifiers from the models go into these statements, never data.
    create = (
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
        f"SELECT {column_list} FROM {table} WITH NO DATA"
    )
    copy = f"COPY {stage} ({column_list}) FROM STDIN"
    upsert = (
        f"INSERT INTO {table} AS t ({', '.join(insert_columns)}) "  # noqa: S608
        f"SELECT {', '.join(select_values)} FROM {stage} "
        f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in [*updated, '"updated_at"'])
        + f" WHERE ({', '.join(f't.{c}' for c in updated)}) IS DISTINCT FROM "
        f"({', '.join(f'EXCLUDED.{c}' for c in updated)})"
    )
    truncate = f"TRUNCATE {stage}"
    json_indexes = tuple(i for i, f in enumerate(kind_spec.fields) if f.type in JSON_TYPES)
    return create, copy, upsert, truncate, json_indexes


def upsert(kind_spec: KindSpec, rows: Iterable[Sequence[Any]]) -> int:
    """Write rows (values in ``columns`` order, then erp_extra as JSON text); return the
    number of rows inserted or changed. Keys must be unique within ``rows``."""
    create, copy_sql, upsert_sql, truncate, json_indexes = _statements(kind_spec.kind)
    with connection.cursor() as cursor:
        cursor.execute(create)
        with cursor.cursor.copy(copy_sql) as copy:
            write_row = copy.write_row
            if json_indexes:
                for row in rows:
                    row = list(row)
                    for index in json_indexes:
                        row[index] = json.dumps(row[index])
                    write_row(row)
            else:
                for row in rows:
                    write_row(row)
        cursor.execute(upsert_sql)
        changed = cursor.rowcount
        # ON COMMIT DROP covers real transactions; a savepoint (nested atomic) needs this.
        cursor.execute(truncate)
    return changed
