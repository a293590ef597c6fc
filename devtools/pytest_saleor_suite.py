"""pytest plugin: Saleor's own tests, run with the customer center installed and active.

``bin/test-saleor`` runs a named subset of Saleor's test suite from the same source tree
(``saleor.tests.settings``, Saleor's conftest and fixtures) with this plugin loaded:

- Saleor's test database is a copy of the migrated template (``devtools/saleor_db.py``),
  handed to Saleor's conftest through its own ``PYTEST_DB_URL`` switch;
- before every test, after Saleor's autouse ``setup_dummy_gateway`` (which replaces
  ``settings.PLUGINS``), the customer center is appended to ``PLUGINS`` and stored active
  (a global ``PluginConfiguration`` row), as a shop that installed it would have it. Tests
  that set their own plugin list inside their body run without it, as they run without
  every other plugin;
- the plugin's hooks are counted (a wrapper that calls the real hook), the counts are
  printed at the end, and the run fails when no hook ran at all: a subset that never
  reached the plugin proves nothing.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections import Counter

import pytest

PLUGIN_PATH = "saleor_customer_center.plugin.CustomerCenterPlugin"
HOOKS = ("preprocess_order_creation", "order_created", "order_cancelled", "webhook")
CALLS: Counter[str] = Counter()


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # noqa: ARG001
    from devtools import saleor_env

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor.tests.settings")
    saleor_env.start()
    if not os.environ.get("PYTEST_DB_URL"):
        done = subprocess.run(
            [sys.executable, "-m", "devtools.saleor_db", "copy", "saleor_suite"],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(f"Saleor's test database could not be made:\n{done.stderr[-2000:]}")
        url = done.stdout.strip().splitlines()[-1]
        # Saleor's conftest uses PYTEST_DB_URL as the database as it is (no test copy);
        # its settings read DATABASE_URL for both aliases (default and replica).
        os.environ["PYTEST_DB_URL"] = os.environ["DATABASE_URL"] = url


def pytest_configure(config):  # noqa: ARG001
    from saleor_customer_center.plugin import CustomerCenterPlugin

    for name in HOOKS:
        original = getattr(CustomerCenterPlugin, name)

        @functools.wraps(original)
        def counted(self, *args, __name=name, __original=original, **kwargs):
            CALLS[__name] += 1
            return __original(self, *args, **kwargs)

        setattr(CustomerCenterPlugin, name, counted)


@pytest.fixture(autouse=True)
def customer_center_active(request, setup_dummy_gateway, settings):  # noqa: ARG001
    """The customer center among the shop's plugins, switched on (after Saleor's fixture)."""
    settings.PLUGINS = [*settings.PLUGINS, PLUGIN_PATH]
    uses_db = {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames)
    if uses_db or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        from saleor.plugins.models import PluginConfiguration

        PluginConfiguration.objects.update_or_create(
            identifier="saleor.customer_center",
            channel=None,
            defaults={"name": "Customer center", "active": True, "configuration": []},
        )


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    counts = ", ".join(f"{name} {CALLS[name]}" for name in HOOKS)
    terminalreporter.write_line(f"customer center hooks reached: {counts}")


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001
    if session.testscollected and not sum(CALLS.values()):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\nNo hook of the customer center ran: the subset did not reach the plugin.")
