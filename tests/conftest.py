import json

import pytest

from saleor_customer_center import saleor

from .factories import CompanyFactory, MembershipFactory, UserFactory

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
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True, email="staff@example.com")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_users", content_type__app_label="account")
    )
    return user


@pytest.fixture
def api(client, plugin_configuration):
    """An anonymous API client of an active plugin; ``api.as_user(user)`` signs in."""
    return ApiClient(client)
