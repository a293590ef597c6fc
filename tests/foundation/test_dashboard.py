"""The plugin as Saleor's Dashboard sees it: Saleor's own ``plugins``, ``plugin(id:)`` and
``pluginUpdate``, called by a staff user holding MANAGE_PLUGINS (and refused without it)."""

from __future__ import annotations

import pytest
from saleor.permission.models import Permission
from saleor.plugins.models import PluginConfiguration

from saleor_customer_center.plugin import CustomerCenterPlugin
from tests import shop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PLUGIN = """query { plugin(id: "saleor.customer_center") {
  id name description
  globalConfiguration { active configuration { name label helpText type value } }
} }"""
PLUGINS = """query { plugins(first: 50) { edges { node { id name } } } }"""
UPDATE = """mutation($input: PluginUpdateInput!) {
  pluginUpdate(id: "saleor.customer_center", input: $input) {
    plugin { globalConfiguration { active configuration { name value } } }
    errors { field code message } } }"""


@pytest.fixture
def operator():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="manage_plugins", content_type__app_label="plugins")
    )
    return shop.Storefront(user)


def _update(operator, active=None, **values):
    payload: dict = {"configuration": [{"name": k, "value": v} for k, v in values.items()]}
    if active is not None:
        payload["active"] = active
    return operator.gql(UPDATE, {"input": payload})["pluginUpdate"]


def test_the_dashboard_lists_the_plugin(operator):
    names = [edge["node"]["id"] for edge in operator.gql(PLUGINS)["plugins"]["edges"]]

    assert "saleor.customer_center" in names


def test_every_setting_has_its_label_help_text_and_type(operator):
    plugin = operator.gql(PLUGIN)["plugin"]

    fields = {item["name"]: item for item in plugin["globalConfiguration"]["configuration"]}
    assert plugin["name"] == "Customer center"
    assert plugin["globalConfiguration"]["active"] is False  # off until the operator acts
    assert set(fields) == set(CustomerCenterPlugin.CONFIG_STRUCTURE)
    for name, structure in CustomerCenterPlugin.CONFIG_STRUCTURE.items():
        assert (fields[name]["label"], fields[name]["helpText"]) == (
            structure["label"],
            structure["help_text"],
        )
    assert fields["new_orders_enabled"]["type"] == "BOOLEAN"
    assert fields["shop_name"]["type"] == "STRING"
    assert fields["erp_api_token"]["type"] == "SECRET"
    assert fields["email_esp_api_key"]["type"] == "SECRET"
    assert fields["erp_push_secret"]["type"] == "PASSWORD"


def test_plugin_update_switches_it_on_and_changes_settings(operator):
    answer = _update(operator, active=True, shop_name="Hardware Shop", new_orders_enabled="true")

    assert answer["errors"] == []
    row = PluginConfiguration.objects.get(identifier="saleor.customer_center", channel=None)
    stored = {item["name"]: item["value"] for item in row.configuration}
    assert row.active is True
    assert (stored["shop_name"], stored["new_orders_enabled"]) == ("Hardware Shop", True)


def test_secrets_are_never_answered_in_clear(operator):
    token, push, esp = "erp-token-0123456789", "push-secret-abcdefghij", "esp-key-zyxwvuts"

    answer = _update(operator, erp_api_token=token, erp_push_secret=push, email_esp_api_key=esp)
    read = operator.gql(PLUGIN)

    assert answer["errors"] == []
    for text in (str(answer), str(read)):
        assert token not in text and push not in text and esp not in text
    fields = {
        item["name"]: item["value"]
        for item in read["plugin"]["globalConfiguration"]["configuration"]
    }
    assert fields["erp_push_secret"] == ""  # a password: not even its end
    assert fields["erp_api_token"] == token[-4:]  # Saleor's hint for secrets
    row = PluginConfiguration.objects.get(identifier="saleor.customer_center", channel=None)
    assert {i["name"]: i["value"] for i in row.configuration}["erp_push_secret"] == push


def test_a_bad_setting_is_refused_with_the_field_named(operator):
    answer = _update(operator, budget_alert_threshold="250")

    assert answer["errors"][0]["field"] == "budgetAlertThreshold"  # Saleor's camelCase
    assert "between 1 and 100" in answer["errors"][0]["message"]


def test_without_manage_plugins_the_dashboard_refuses(operator):
    clerk = shop.Storefront(UserFactory(is_staff=True))

    with pytest.raises(shop.ShopApiError, match="MANAGE_PLUGINS"):
        clerk.gql(UPDATE, {"input": {"active": True}})
    assert not PluginConfiguration.objects.filter(
        identifier="saleor.customer_center", active=True
    ).exists()
