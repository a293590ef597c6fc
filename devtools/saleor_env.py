"""Saleor's environment for the tests and the benchmarks: a database server and what a shop
gives Saleor's settings module through environment variables.

Saleor's own settings (``saleor.settings``) read everything from the environment; nothing of
them is edited. The plugin is found through its ``saleor.plugins`` entry point, as in a shop.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from devtools.keys import rsa_private_key
from devtools.pgcluster import Cluster

_cluster: Cluster | None = None
_root: str | None = None


def stop() -> None:
    global _cluster
    if _cluster is not None:
        _cluster.stop()
        _cluster = None
    if _root:
        shutil.rmtree(_root, ignore_errors=True)


def start(database: str = "saleor") -> None:
    """A throwaway cluster (unless ``PGHOST`` names a server) and Saleor's environment."""
    global _cluster, _root
    if not os.environ.get("PGHOST"):
        _root = tempfile.mkdtemp(prefix="customer-center-pg-")
        os.chmod(_root, 0o755)
        _cluster = Cluster(root=_root, fast=True).start()
        atexit.register(stop)
        os.environ.update(_cluster.env(database))
    host, port = os.environ["PGHOST"], os.environ.get("PGPORT", "5432")
    user = os.environ.get("PGUSER", "postgres")
    password = os.environ.get("PGPASSWORD", "")
    auth = user + (f":{password}" if password else "")
    # What a shop's environment gives Saleor (saleor/settings.py reads these).
    defaults = {
        "DJANGO_SETTINGS_MODULE": "saleor.settings",
        "DATABASE_URL": f"postgres://{auth}@{host}:{port}/{database}",
        "SECRET_KEY": "customer-center-tests-not-secret",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
        "ALLOWED_CLIENT_HOSTS": "localhost,127.0.0.1",
        "SEND_USAGE_TELEMETRY": "False",
        "EMAIL_URL": "memory://",
        "DEFAULT_FROM_EMAIL": "noreply@shop.example",
        # No default channel, warehouse or product type from Saleor's data migrations: the
        # tests make their own shop (devtools/shop_catalog.py), as Saleor's own tests do.
        "POPULATE_DEFAULTS": "False",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run eagerly unless a test starts a worker
    if "RSA_PRIVATE_KEY" not in os.environ:
        os.environ["RSA_PRIVATE_KEY"] = rsa_private_key()
