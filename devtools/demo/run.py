"""Run the demo: the customer center inside a real Saleor, as a shop runs it.

``bin/demo`` starts this. It keeps its state in ``.demo/`` (PostgreSQL data, Redis, the
outbox, keys), so later starts take seconds:

1. a PostgreSQL cluster (``.demo/pg``) and a Redis (``.demo/redis``) of its own;
2. Saleor's database, restored from the migrated template the tests also use
   (``devtools/saleor_db.py``: migrated once, then kept), migrated again only when
   Saleor's or the plugin's migrations changed;
3. the plugin switched on and configured through Saleor's ``pluginUpdate``, and the demo
   data seeded (``devtools/demo/seed.py``);
4. a celery worker and celery beat (``DatabaseScheduler``) on that Redis, and Django's
   server with Saleor's ``/graphql/`` and the plugin's pages; emails land in
   ``.demo/outbox``.

Every failure to start says what to do in one line (details in ``.demo/demo.log``).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import traceback
from pathlib import Path

from devtools.keys import rsa_private_key

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(os.environ.get("DEMO_HOME", ROOT / ".demo"))
PORT = int(os.environ.get("DEMO_PORT", "8000"))
DB_PORT = int(os.environ.get("DEMO_DB_PORT", "54329"))
REDIS_PORT = int(os.environ.get("DEMO_REDIS_PORT", "56379"))
DATABASE = "saleor_demo"
LOG = DEMO / "demo.log"


class StartFailure(Exception):
    """Why the demo cannot start, and what to do: printed as one line."""


def _persistent(name: str, make) -> str:
    path = DEMO / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text()


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _environment(base_url: str) -> dict[str, str]:
    """What Saleor reads from a shop's environment (saleor/settings.py), for the demo."""
    import secrets

    outbox = DEMO / "outbox"
    return {
        "DJANGO_SETTINGS_MODULE": "devtools.demo.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{DB_PORT}/{DATABASE}",
        "SECRET_KEY": _persistent("secret-key", lambda: secrets.token_urlsafe(40)),
        "RSA_PRIVATE_KEY": _persistent("rsa-key.pem", rsa_private_key),
        "DEBUG": "True",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "ALLOWED_CLIENT_HOSTS": "localhost,127.0.0.1",
        "PUBLIC_URL": base_url + "/",
        "SEND_USAGE_TELEMETRY": "False",
        # The demo seeds its own shop; the same migrated template as the tests.
        "POPULATE_DEFAULTS": "False",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        # dj-email-url (Saleor's parser) drops the path's first "/": one more keeps it
        # absolute (with file:///abs the emails went to a relative folder of that name).
        "EMAIL_URL": f"file:///{outbox}",
        "DEFAULT_FROM_EMAIL": "shop@shop.example",
        "JWT_TTL_ACCESS": "1 hour",
        "DEMO_OUTBOX": str(outbox),
    }


def _start_redis() -> subprocess.Popen:
    folder = DEMO / "redis"
    folder.mkdir(exist_ok=True)
    with open(DEMO / "redis.log", "a") as log:
        process = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
            + ["--dir", str(folder), "--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    for _ in range(100):
        if not _port_free(REDIS_PORT):
            return process
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise StartFailure(f"Redis did not start on port {REDIS_PORT}: see {DEMO / 'redis.log'}")


def _prepare_database(cluster, say) -> None:
    """Saleor's demo database: from the migrated template once, migrated when it moved on."""
    import django

    django.setup()
    from devtools import saleor_db

    server = saleor_db.Server("127.0.0.1", DB_PORT, "postgres")
    key = saleor_db.migrations_key()
    stamp = DEMO / "database-migrations"
    if not server.exists(DATABASE):
        template = saleor_db.ensure_template(server, say=say)
        server.create(DATABASE, template=template)
    elif not stamp.exists() or stamp.read_text() != key:
        say("Saleor's or the plugin's migrations changed: migrating the demo database ...")
        with open(LOG, "a") as log:
            done = subprocess.run(
                [sys.executable, "-m", "devtools.saleor_db", "migrate"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if done.returncode:
            raise StartFailure(f"migrating the demo database failed: see {LOG}")
    stamp.write_text(key)


def _spawn(args: list[str], name: str, env: dict[str, str]) -> subprocess.Popen:
    log = open(DEMO / f"{name}.log", "a")  # noqa: SIM115 - open for the child's life
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)


def main() -> int:
    DEMO.mkdir(exist_ok=True)
    (DEMO / "outbox").mkdir(exist_ok=True)
    logging.basicConfig(filename=LOG, level=logging.INFO)
    base_url = f"http://127.0.0.1:{PORT}"
    children: list[subprocess.Popen] = []
    cluster = None

    def say(message: str) -> None:
        print(message, flush=True)

    try:
        for port, what in (
            (PORT, "DEMO_PORT"),
            (DB_PORT, "DEMO_DB_PORT"),
            (REDIS_PORT, "DEMO_REDIS_PORT"),
        ):
            if not _port_free(port):
                raise StartFailure(
                    f"port {port} is in use (another demo?): stop it, or set {what} to a free port"
                )
        os.environ.update(_environment(base_url))
        from devtools.pgcluster import Cluster

        cluster = Cluster(root=DEMO / "pg", port=DB_PORT)
        if cluster.root != (DEMO / "pg").resolve():
            say(f"PostgreSQL cannot enter {DEMO}; its data lives in {cluster.root} instead.")
        cluster.start()
        children.append(_start_redis())
        _prepare_database(cluster, say)

        from devtools.demo.seed import seed, storefront_app_token

        seed(base_url, say=say)
        env = {**os.environ, "DEMO_STOREFRONT_APP_TOKEN": storefront_app_token()}
        from django.core.management import call_command

        call_command("customer_center_schedule", verbosity=0)
        python = [sys.executable, "-m"]
        celery = [*python, "celery", "--app", "saleor.celeryconf:app"]
        children.append(
            _spawn([*celery, "worker", "--loglevel", "INFO", "--concurrency", "1"], "worker", env)
        )
        children.append(
            _spawn(
                [
                    *celery,
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--scheduler",
                    "django_celery_beat.schedulers:DatabaseScheduler",
                    "--schedule",
                    str(DEMO / "celerybeat-schedule"),
                ],
                "beat",
                env,
            )
        )
        server = _spawn(
            [*python, "django", "runserver", f"127.0.0.1:{PORT}", "--noreload"], "server", env
        )
        children.append(server)
        for _ in range(300):
            if not _port_free(PORT) or server.poll() is not None:
                break
            time.sleep(0.1)
        if server.poll() is not None:
            raise StartFailure(f"the web server stopped at once: see {DEMO / 'server.log'}")
        say(
            f"\nCustomer center demo: {base_url}/  (Saleor's API: {base_url}/graphql/)\n"
            f"Logs in {DEMO}/ (server, worker, beat); emails in {DEMO / 'outbox'}. "
            "Ctrl-C stops it all.\n"
        )
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            stopped = next(child for child in children if child.poll() is not None)
            raise StartFailure(f"{' '.join(map(str, stopped.args[:6]))} stopped: see {DEMO}/*.log")
        except KeyboardInterrupt:
            return 0
    except StartFailure as failure:
        print(f"demo: {failure}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one line for the person, the trace in the log
        with open(LOG, "a") as log:
            traceback.print_exc(file=log)
        print(
            f"demo: could not start ({type(exc).__name__}: {exc}); details in {LOG}",
            file=sys.stderr,
        )
        return 1
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        if cluster is not None:
            cluster.stop()
            print("Demo stopped (database and Redis too).", flush=True)


if __name__ == "__main__":
    sys.exit(main())
