"""Django on the test host, with a database of the benchmark's own, for standalone runs.

Uses the server the environment names (PGHOST...), or starts a throwaway cluster.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database: str) -> Callable[[], None]:
    """Set Django up and create ``database``; returns the teardown."""
    sys.path[:0] = [str(ROOT / "tests" / "host"), str(ROOT)]
    stop_cluster: Callable[[], None] = lambda: None  # noqa: E731
    if not os.environ.get("PGHOST"):
        from devtools.pgcluster import Cluster

        root = tempfile.mkdtemp(prefix="benchmark-pg-")
        os.chmod(root, 0o755)
        cluster = Cluster(root=root, fast=True).start()
        os.environ.update(cluster.env("customer_center"))
        stop_cluster = cluster.stop
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor.settings")
    os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
    import django

    django.setup()
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    connections["default"].settings_dict["TEST"]["NAME"] = database
    old = setup_databases(verbosity=0, interactive=False)

    def teardown() -> None:
        teardown_databases(old, verbosity=0)
        stop_cluster()

    return teardown
