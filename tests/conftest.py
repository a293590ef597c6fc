"""Fixtures shared by every test: the real Saleor host, its database, and API clients.

The host is Saleor itself, run with its own settings module (``saleor.settings``) and
configured through the environment by ``devtools/pytest_saleor.py``. The test database is a
copy of a migrated template (``devtools/saleor_db.py``): Saleor is migrated once per set of
migrations, not once per run.
"""

import json
import os
from collections.abc import Callable, Iterator

import django.test
import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import override_settings
from saleor.tests.utils import prepare_test_db_connections

from devtools import saleor_db
from saleor_customer_center import saleor

from .factories import CompanyFactory, MembershipFactory, UserFactory

# Saleor reads through its "replica" alias. In tests it is one connection with "default"
# (Saleor's own test utility), so reads see the test's uncommitted rows; and every test case
# may reach both aliases, as in Saleor's own test suite.
prepare_test_db_connections()
TEST_DATABASES = {
    settings.DATABASE_CONNECTION_DEFAULT_NAME,
    settings.DATABASE_CONNECTION_REPLICA_NAME,
}
django.test.TransactionTestCase.databases = TEST_DATABASES
django.test.TestCase.databases = TEST_DATABASES

# Hashing cost is not under test: a fast hasher keeps thousands of sign-ins quick (Saleor's
# own test settings do the same with a dummy hasher).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The tests that run for a minute or more (a subprocess or a celery worker that starts a
# whole Saleor, wheels built and installed, benchmarks, browsers) go to the two xdist
# workers first within their group: started last, one of them alone kept a worker busy
# after the other ended. pytest-django's grouping still applies after this sort (database
# tests, then transactional ones, then the rest, as Django orders them): a database test
# run after a transactional one finds the test connection's savepoints broken.
LONG_FIRST = (
    "tests/erp/test_celery_worker.py",
    "tests/erp/test_killed_import.py",
    "tests/foundation/test_project.py",
    "tests/orders/test_benchmark.py",
    "tests/erp/test_benchmark.py",
    "tests/orders/test_concurrency.py",
    "tests/web/",
)


@pytest.hookimpl(tryfirst=True)  # before pytest-django's stable grouping sort
def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        path = item.nodeid
        return next((n for n, prefix in enumerate(LONG_FIRST) if path.startswith(prefix)), 99)

    items.sort(key=rank)  # stable: the order within each group stays


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):  # noqa: ARG001
    """The test database: ``CREATE DATABASE ... TEMPLATE`` of the migrated Saleor."""
    default = connections[settings.DATABASE_CONNECTION_DEFAULT_NAME]
    server = saleor_db.Server.from_settings(default.settings_dict)
    # One database per pytest-xdist worker (bin/test runs two), all from one template.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    test_name = f"test_{default.settings_dict['NAME']}{'_' + worker if worker else ''}"
    with django_db_blocker.unblock():
        template = saleor_db.ensure_template(server)
        server.drop(test_name)
        server.create(test_name, template=template)
    for alias in connections:
        connections[alias].close()
    # Every alias reading this database (the replica mirrors default) now names the copy,
    # for this thread's connections and for those other threads open later.
    for alias, database in settings.DATABASES.items():
        if alias == default.alias or database.get("TEST", {}).get("MIRROR") == default.alias:
            database["NAME"] = test_name
            connections.settings[alias]["NAME"] = test_name
    default.settings_dict["NAME"] = test_name
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            connections[alias].close()
        server.drop(test_name)


@pytest.fixture(autouse=True)
def _shop_site(request, settings):
    """What every Saleor shop has: its Site and SiteSettings (a transactional test's flush
    removes them), and emails through anymail's test backend."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    uses_db = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if not uses_db and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("_django_db_helper")  # the database first, whichever kind
    ensure_shop_site()


def built_for_the_module[T](django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """Data many tests of a module read, built once (a module-scoped fixture yields from it).

    It is built inside a transaction that stays open for the module; each test runs in a
    savepoint within it (pytest-django's own ``db`` atomic nests), so whatever a test
    writes is rolled back before the next one, and the data itself at the module's end.
    Tests that need committed data (``transaction=True``) cannot use it.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(EMAIL_BACKEND="anymail.backends.test.EmailBackend"),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ensure_shop_site()
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def ensure_shop_site() -> None:
    from django.contrib.sites.models import Site
    from saleor.site.models import SiteSettings

    site, _ = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "shop.example", "name": "Shop"}
    )
    SiteSettings.objects.get_or_create(site=site)
    Site.objects.clear_cache()


PLUGIN_URL = "/plugins/global/saleor.customer_center/"
GRAPHQL_URL = PLUGIN_URL + "graphql/"


class ApiClient:
    """Talks to the plugin's GraphQL endpoint over HTTP, as a storefront does."""

    def __init__(self, client, user=None):
        self.client = client
        self.user = user

    def token_for(self, user) -> str:
        return saleor.create_tokens(user)["token"]

    def post(self, query, variables=None, user=..., raw=False, **headers):
        user = self.user if user is ... else user
        if user is not None:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {self.token_for(user)}")
        response = self.client.post(
            GRAPHQL_URL,
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        return response if raw else response.json()

    def as_user(self, user) -> "ApiClient":
        return ApiClient(self.client, user)


@pytest.fixture
def plugin_configuration(db):
    """Store the plugin as active, with the given configuration values (Dashboard-style)."""

    def configure(active: bool = True, **values):
        saleor.save_plugin_configuration(active, values)

    configure()
    return configure


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def other_company(db):
    return CompanyFactory()


@pytest.fixture
def member_factory(db):
    def make(company, role, **kwargs):
        return MembershipFactory(company=company, role=role, **kwargs)

    return make


@pytest.fixture
def staff_user(db):
    from saleor.permission.models import Permission

    user = UserFactory(is_staff=True, email="staff@example.com")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account")
    )
    return user


@pytest.fixture
def api(client, plugin_configuration):
    """An anonymous API client of an active plugin; ``api.as_user(user)`` signs in."""
    return ApiClient(client)
