"""Django inside the real Saleor, with a database of the benchmark's own, for standalone runs.

Uses the server the environment names (PGHOST...), or starts a throwaway cluster; the
database is a copy of the migrated template (``devtools/saleor_db.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database: str) -> Callable[[], None]:
    """Set Django up on a fresh migrated ``database``; returns the teardown."""
    sys.path[:0] = [str(ROOT)]
    from devtools import saleor_db, saleor_env

    saleor_env.start()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    server = saleor_db.Server.from_settings(connections["default"].settings_dict)
    saleor_db.copy_database(database)
    for alias in connections:
        connections[alias].close()
        connections[alias].settings_dict["NAME"] = database

    def teardown() -> None:
        for alias in connections:
            connections[alias].close()
        server.drop(database)
        saleor_env.stop()

    return teardown
