"""pytest plugin: the real Saleor as the host, on a throwaway PostgreSQL cluster.

Loaded with ``-p devtools.pytest_saleor`` (pyproject.toml) before Django is set up: it starts
the database server and sets Saleor's environment (``devtools/saleor_env.py``). The test
database itself is a copy of a migrated template (``devtools/saleor_db.py``, used from
``tests/conftest.py``).
"""

from __future__ import annotations

import pytest

from devtools import saleor_env


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # noqa: ARG001
    saleor_env.start()


def pytest_unconfigure(config):  # noqa: ARG001
    saleor_env.stop()
