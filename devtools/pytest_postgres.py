"""pytest plugin: start a throwaway PostgreSQL cluster before Django is set up.

Loaded with ``-p devtools.pytest_postgres`` (see pyproject.toml).  When ``PGHOST`` is
already set the suite uses that server instead, so a developer may point it at one.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

from devtools.pgcluster import Cluster

_cluster: Cluster | None = None
_root: str | None = None


def _stop() -> None:
    global _cluster
    if _cluster is not None:
        _cluster.stop()
        _cluster = None
    if _root:
        shutil.rmtree(_root, ignore_errors=True)


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):  # noqa: ARG001
    global _cluster, _root
    if os.environ.get("PGHOST"):
        return
    _root = tempfile.mkdtemp(prefix="customer-center-pg-")
    os.chmod(_root, 0o755)
    _cluster = Cluster(root=_root, fast=True).start()
    atexit.register(_stop)
    os.environ.update(_cluster.env("customer_center"))


def pytest_unconfigure(config):  # noqa: ARG001
    _stop()
