"""A migrated Saleor database, made once per set of migrations and kept as a dump.

Migrating Saleor 3.24 from nothing takes about seven minutes on a 2-core machine (its
~2,000 migrations are CPU-bound Python); restoring a dump of the result takes seconds.
So the tests and the demo start from a template database restored from
``.cache/saleor-db-<key>.dump``, where ``<key>`` fingerprints every installed app's
migration files: when Saleor's or the plugin's migrations change, the key changes and the
database is migrated again. Two levels keep a plugin migration cheap: the *base* dump has
Saleor's own apps only (keyed without the plugin and Saleor's test app), the *full* dump
of a settings module adds what it installs beside them.

Used by ``tests/conftest.py`` (the test database is ``CREATE DATABASE ... TEMPLATE``
of it) and by ``devtools/demo.py``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("CUSTOMER_CENTER_CACHE", ROOT / ".cache"))
PLUGIN_APP = "saleor_customer_center"
# Apps beside Saleor's own that a settings module may add: the plugin, and Saleor's own
# test app (``saleor.tests``, installed by ``saleor.tests.settings``). The base dump holds
# none of them, so every settings module starts from the same base.
EXTRA_APPS = (PLUGIN_APP, "tests")


def migrations_key(exclude: tuple[str, ...] = ()) -> str:
    """Fingerprint of the migration files of every installed app (Django must be set up),
    and of ``POPULATE_DEFAULTS``, which decides what Saleor's data migrations write."""
    from django.apps import apps
    from django.conf import settings

    digest = hashlib.sha256()
    digest.update(f"populate={settings.POPULATE_DEFAULTS}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        if config.label in exclude:
            continue
        folder = Path(config.path) / "migrations"
        if not folder.is_dir():
            continue
        digest.update(config.label.encode())
        for path in sorted(folder.rglob("*.py")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Server:
    """A PostgreSQL server reached with the libpq settings of ``params``."""

    def __init__(self, host: str, port: int | str, user: str, password: str = "") -> None:
        self.host, self.port, self.user, self.password = host, str(port), user, password

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Server:
        return cls(
            settings_dict.get("HOST") or "127.0.0.1",
            settings_dict.get("PORT") or 5432,
            settings_dict.get("USER") or "postgres",
            settings_dict.get("PASSWORD") or "",
        )

    def url(self, database: str) -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"postgres://{auth}@{self.host}:{self.port}/{database}"

    def env(self) -> dict[str, str]:
        env = {**os.environ, "PGHOST": self.host, "PGPORT": self.port, "PGUSER": self.user}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url("postgres"), autocommit=True)

    def exists(self, name: str) -> bool:
        with self._admin() as conn:
            return (
                conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                is not None
            )

    def create(self, name: str, template: str | None = None) -> None:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._admin() as conn:
            conn.execute(query)

    def drop(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def rename(self, old: str, new: str) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(old), sql.Identifier(new)
                )
            )

    def dump(self, database: str, target: Path) -> None:
        partial = target.with_suffix(".partial")
        subprocess.run(
            [_bin("pg_dump"), "-Fc", "-Z", "1", "-f", str(partial), database],
            check=True,
            env=self.env(),
        )
        partial.replace(target)

    def restore(self, source: Path, database: str) -> None:
        subprocess.run(
            [_bin("pg_restore"), "--no-owner", "-d", database, str(source)],
            check=True,
            env=self.env(),
        )


def _bin(name: str) -> str:
    from devtools.pgcluster import find_bindir

    return str(find_bindir() / name)


@contextlib.contextmanager
def _cache_lock() -> Iterator[None]:
    """One migration at a time per clone: a second test run waits and then restores."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "saleor-db.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _migrate(server: Server, database: str, *args: str, log: Path) -> None:
    """``manage.py migrate`` in a child process against ``database`` (Saleor's settings)."""
    env = {**server.env(), "DATABASE_URL": server.url(database)}
    env.pop("DATABASE_URL_REPLICA", None)
    with open(log, "a") as out:
        done = subprocess.run(
            [sys.executable, "-m", "devtools.saleor_db", "migrate", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if done.returncode:
        sys.exit(f"Migrating Saleor failed; see {log}")


def ensure_template(server: Server, say=print) -> str:
    """The name of a database on ``server`` holding Saleor and the plugin, fully migrated.

    Restored from the cached dump when there is one; otherwise migrated (minutes) and
    dumped for the next time.
    """
    from django.apps import apps

    full_key = migrations_key()
    base_key = migrations_key(exclude=EXTRA_APPS)
    labels = {config.label for config in apps.get_app_configs()}
    extras = [label for label in EXTRA_APPS if label in labels]
    name = f"cc_template_{full_key}"
    if server.exists(name):
        return name
    with _cache_lock():
        if server.exists(name):
            return name
        full_dump = CACHE / f"saleor-db-{full_key}.dump"
        base_dump = CACHE / f"saleor-base-{base_key}.dump"
        building = f"{name}_building"
        server.drop(building)
        server.create(building)
        log = CACHE / "migrate.log"
        if full_dump.exists():
            server.restore(full_dump, building)
        else:
            if base_dump.exists():
                say(f"Restoring Saleor's migrated database ({base_dump.name})")
                server.restore(base_dump, building)
            else:
                say(
                    "Migrating Saleor once (about 7 minutes on 2 cores; kept in "
                    f"{CACHE.relative_to(ROOT) if CACHE.is_relative_to(ROOT) else CACHE} "
                    "for later runs) ..."
                )
                _migrate(server, building, log=log)
                for label in extras:
                    _migrate(server, building, label, "zero", log=log)
                server.dump(building, base_dump)
            _migrate(server, building, log=log)
            server.dump(building, full_dump)
        server.rename(building, name)
        _prune(keep={full_dump.name, base_dump.name})
    return name


def _prune(keep: set[str]) -> None:
    """Old dumps are dead weight once the migrations moved on."""
    for path in CACHE.glob("saleor-*.dump"):
        if path.name not in keep and path.stat().st_mtime < _newest_mtime() - 7 * 86400:
            path.unlink(missing_ok=True)


def _newest_mtime() -> float:
    return max((p.stat().st_mtime for p in CACHE.glob("saleor-*.dump")), default=0.0)


def copy_database(name: str) -> str:
    """A fresh database ``name`` from the template; its URL. Django must be set up."""
    from django.conf import settings

    server = Server.from_settings(settings.DATABASES["default"])
    template = ensure_template(server, say=lambda message: print(message, file=sys.stderr))
    server.drop(name)
    server.create(name, template=template)
    return server.url(name)


def _migrate_here(args: list[str]) -> None:
    """``migrate`` as a Saleor process runs it: its URLs (and so its GraphQL schema) loaded
    first, since some of Saleor's migrations import modules that are circular when loaded
    on their own; system checks skipped, as a settings module may legitimately leave the
    plugin out of ``PLUGINS`` (``saleor.tests.settings``)."""
    from django.core.management import call_command

    import_module("saleor.urls")
    call_command("migrate", *args, interactive=False, skip_checks=True)


if __name__ == "__main__":
    # python -m devtools.saleor_db copy NAME: print the URL of a fresh migrated database.
    # python -m devtools.saleor_db migrate [ARGS]: migrate (used by ensure_template).
    import django

    command, arguments = sys.argv[1:2], sys.argv[2:]
    django.setup()
    if command == ["copy"] and len(arguments) == 1:
        print(copy_database(arguments[0]))
    elif command == ["migrate"]:
        _migrate_here(arguments)
    else:
        sys.exit("usage: python -m devtools.saleor_db copy DATABASE_NAME | migrate [ARGS]")
