"""Writing one parsed batch: COPY straight into the table, or COPY into a staging table and
one set-based ``MERGE``. Call inside the batch's transaction.

- First load: while none of a batch's rows exists, the batch is COPY'd straight into the
  table inside a savepoint, the same work PostgreSQL does for a plain COPY. The first batch
  that meets an existing row rolls the savepoint back and the run merges from then on.
- Updates: the batch is COPY'd into a temporary table (temporary tables are unlogged and
  private to the session; kept for the session, emptied at commit) and merged with one
  ``MERGE``: rows that did not change are not rewritten (``IS DISTINCT FROM``), so a replay
  writes nothing and ``updated_at`` means "the ERP changed it". The ERP tables keep free
  room in their pages (fillfactor, migration 0004) so that an update that touches no indexed
  column is a HOT update: no new index entries (the profile in the README).
- Operator columns of a company (its block) get their defaults on insert and are never
  touched after.

Only quoted identifiers from the models go into the statements, never data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

import psycopg
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .records import CONTACT, CUSTOMER, spec

# Operator-owned company columns: their values on insert, never updated by the ERP.
OPERATOR_COLUMNS = {"is_blocked": "false", "blocked_reason": "''"}


def named_rows(cursor: Any) -> list[dict[str, Any]]:
    """The cursor's remaining rows as dicts by column name (rows are read by name)."""
    names = [column.name for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def model(kind: str):
    return apps.get_model("saleor_customer_center", spec(kind).table_model)


@dataclass(frozen=True)
class Statements:
    table: str
    stage: str
    create_stage: str
    copy_stage: str
    merge: str
    empty_stage: str
    copy_direct: str
    direct_suffix: str  # appended to each row of a direct COPY (updated_at, operator columns)
    linked_names: str  # contacts: members whose user's name the batch changes


@cache
def statements(kind: str) -> Statements:
    kind_spec = spec(kind)
    quote = connection.ops.quote_name
    table = quote(model(kind)._meta.db_table)
    names = [*kind_spec.columns, "erp_extra"]
    columns = [quote(c) for c in names]
    shape = hashlib.sha1(",".join(names).encode(), usedforsecurity=False).hexdigest()[:8]
    stage = quote(f"cc_stage_{kind.lower()}_{shape}")
    keys = columns[:1] if kind == CUSTOMER else columns[:2]
    updated = [c for c in columns if c not in keys]
    on = " AND ".join(f"t.{c} = s.{c}" for c in keys)
    insert_only = {"updated_at": "now()"}
    direct_suffix = "\t{stamp}"
    if kind == CUSTOMER:
        insert_only |= {**OPERATOR_COLUMNS, "created_at": "now()"}
        direct_suffix = "\t{stamp}\tf\t\t{stamp}"  # updated_at, is_blocked, reason, created_at
    insert_columns = [*columns, *(quote(c) for c in insert_only)]
    insert_values = [*(f"s.{c}" for c in columns), *insert_only.values()]
    changed = (
        f"({', '.join(f't.{c}' for c in updated)}) IS DISTINCT FROM "
        f"({', '.join(f's.{c}' for c in updated)})"
    )
    assignments = ", ".join([*(f"{c} = s.{c}" for c in updated), f"{quote('updated_at')} = now()"])
    merge = (
        f"MERGE INTO {table} AS t USING {stage} AS s ON {on} "  # noqa: S608
        f"WHEN MATCHED AND {changed} THEN UPDATE SET {assignments} "
        f"WHEN NOT MATCHED THEN INSERT ({', '.join(insert_columns)}) "
        f"VALUES ({', '.join(insert_values)})"
    )
    linked_names = ""
    if kind == CONTACT:
        membership = quote(apps.get_model("saleor_customer_center", "Membership")._meta.db_table)
        linked_names = (
            f"SELECT m.user_id, s.first_name, s.last_name FROM {stage} AS s "  # noqa: S608
            f"JOIN {table} AS t ON {on} JOIN {membership} AS m ON m.erp_contact_id = t.id "
            "WHERE (t.first_name, t.last_name) IS DISTINCT FROM (s.first_name, s.last_name)"
        )
    direct_columns = [*columns, *(quote(c) for c in insert_only)]
    return Statements(
        table=table,
        stage=stage,
        create_stage=(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "  # noqa: S608
            f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA"
        ),
        copy_stage=f"COPY {stage} ({', '.join(columns)}) FROM STDIN",
        merge=merge,
        empty_stage=f"DELETE FROM {stage}",  # noqa: S608
        copy_direct=f"COPY {table} ({', '.join(direct_columns)}) FROM STDIN",
        direct_suffix=direct_suffix,
        linked_names=linked_names,
    )


def copy_direct(kind: str, data: bytes) -> bool:
    """COPY the rows straight into the table, in a savepoint; False (and nothing written)
    when one of them exists already. ``data``: the rows as COPY text, one line each."""
    sql = statements(kind)
    suffix = sql.direct_suffix.format(stamp=timezone.now().isoformat()) + "\n"
    try:
        with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(sql.copy_direct) as copy:
                # A line break in COPY text only ends a row (values escape theirs).
                copy.write(data.replace(b"\n", suffix.encode()))
        return True
    except IntegrityError as exc:
        if isinstance(exc.__cause__, psycopg.errors.UniqueViolation):
            return False
        raise


def stage(kind: str, data: bytes) -> None:
    """COPY the rows (COPY text, one line each) into the kind's staging table (created
    once per session)."""
    sql = statements(kind)
    with connection.cursor() as cursor:
        cursor.execute(sql.create_stage)
        with connection.wrap_database_errors, cursor.cursor.copy(sql.copy_stage) as copy:
            copy.write(data)


def linked_name_changes(kind: str) -> dict[int, tuple[str, str]]:
    """Staged contacts whose new name differs and who are linked to a member: user id to
    the new (first, last) name. Read before the merge, set-based."""
    with connection.cursor() as cursor:
        cursor.execute(statements(kind).linked_names)
        return {row["user_id"]: (row["first_name"], row["last_name"]) for row in named_rows(cursor)}


class Written(NamedTuple):
    """What writing rows did: COPY'd straight in, or merged; for contacts the linked users
    to rename (applied by the caller, on the batch's own connection)."""

    copied: bool
    renames: dict[int, tuple[str, str]]


def write_rows(kind: str, data: bytes, try_copy: bool) -> Written:
    """Write the rows (COPY text, one line each): straight in while ``try_copy`` and none of
    them exists yet, else staged and merged."""
    if try_copy and copy_direct(kind, data):
        return Written(True, {})
    stage(kind, data)
    renames = linked_name_changes(kind) if kind == CONTACT else {}
    merge(kind)
    return Written(False, renames)


def check_constraints() -> None:
    """Check the transaction's deferred constraints now (Django defers foreign keys to the
    commit): the two halves of a batch check theirs at once, each on its connection."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def merge(kind: str) -> None:
    """Merge the staged rows into the table; the stage is empty afterwards."""
    sql = statements(kind)
    with connection.cursor() as cursor:
        cursor.execute(sql.merge)
        if connection.savepoint_ids:
            # Inside an outer transaction (a caller's atomic block) the commit that empties
            # the stage (ON COMMIT DELETE ROWS) is not this batch's: empty it now.
            cursor.execute(sql.empty_stage)
