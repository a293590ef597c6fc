"""The plugin as Saleor sees it: discovery, configuration and its HTTP endpoint."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from saleor_customer_center.plugin import CustomerCenterPlugin

pytestmark = pytest.mark.django_db

GLOBAL = "/plugins/global/saleor.customer_center/"
LEGACY = "/plugins/saleor.customer_center/"


def test_discovered_through_the_entry_point_as_plugin_and_app():
    assert "saleor_customer_center.plugin.CustomerCenterPlugin" in settings.PLUGINS
    assert "saleor_customer_center" in settings.INSTALLED_APPS


def test_plugin_is_shop_wide_and_off_until_activated():
    assert CustomerCenterPlugin.PLUGIN_ID == "saleor.customer_center"
    assert CustomerCenterPlugin.CONFIGURATION_PER_CHANNEL is False
    assert CustomerCenterPlugin.DEFAULT_ACTIVE is False


def test_new_orders_are_off_by_default():
    plugin = CustomerCenterPlugin(configuration=[], active=True)
    assert plugin.settings.new_orders_enabled is False
    assert plugin.settings.over_budget_behaviour == "block"


def test_every_default_has_a_dashboard_field():
    names = {item["name"] for item in CustomerCenterPlugin.DEFAULT_CONFIGURATION}
    assert names == set(CustomerCenterPlugin.CONFIG_STRUCTURE)


def test_global_url_serves_when_active(client, plugin_configuration):
    response = client.get(GLOBAL + "health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_unknown_sub_path_is_404(client, plugin_configuration):
    assert client.get(GLOBAL + "no-such-page/").status_code == 404


@pytest.mark.parametrize("url", [GLOBAL + "health/", LEGACY + "health/"], ids=["global", "legacy"])
def test_inactive_plugin_answers_404_on_every_route(client, plugin_configuration, url):
    plugin_configuration(active=False)
    assert client.get(url).status_code == 404


def test_never_configured_plugin_answers_404(client, db):
    assert client.get(GLOBAL + "health/").status_code == 404


class _Stored:
    def __init__(self, **values):
        self.configuration = [{"name": k, "value": v} for k, v in values.items()]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"over_budget_behaviour": "ignore"}, "over_budget_behaviour"),
        ({"budget_alert_threshold": "150"}, "budget_alert_threshold"),
        ({"erp_page_size": "zero"}, "erp_page_size"),
    ],
    ids=["behaviour_case", "threshold_case", "page_size_case"],
)
def test_dashboard_refuses_bad_configuration(values, field):
    with pytest.raises(ValidationError) as error:
        CustomerCenterPlugin.validate_plugin_configuration(_Stored(**values))
    assert field in error.value.message_dict
