"""One world per test module, shared by its tests (the permission tables' hundreds of rows;
tests/conftest.py ``built_for_the_module`` keeps each test's writes to that test)."""

from __future__ import annotations

import pytest

from ..conftest import built_for_the_module
from .world import World, build_world


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):  # noqa: ARG001
    yield from built_for_the_module(django_db_blocker, build_world)


@pytest.fixture
def world(shared_world: World, db) -> World:  # noqa: ARG001
    """The module's world, in this test's own savepoint."""
    return shared_world
