"""The Saleor plugin class: configuration fields, hooks and the HTTP endpoint, nothing else."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponseNotFound
from django.http.response import HttpResponseBase
from saleor.plugins.base_plugin import BasePlugin, ConfigurationTypeField

from . import door, saleor, settings_store
from .services import checkout_budget, order_links
from .settings_store import OVER_BUDGET_ASK_APPROVAL, OVER_BUDGET_BLOCK, PluginSettings

STRING = ConfigurationTypeField.STRING
BOOLEAN = ConfigurationTypeField.BOOLEAN
SECRET = ConfigurationTypeField.SECRET
PASSWORD = ConfigurationTypeField.PASSWORD


class CustomerCenterPlugin(BasePlugin):
    PLUGIN_ID = saleor.PLUGIN_ID
    PLUGIN_NAME = saleor.PLUGIN_NAME
    PLUGIN_DESCRIPTION = (
        "B2B customer center: ERP-fed company accounts, company administrators, roles, "
        "order budgets, invoices and due payments."
    )
    # Shop-wide: a per-channel plugin is not served at /plugins/global/<id>/.
    CONFIGURATION_PER_CHANNEL = False
    DEFAULT_ACTIVE = False

    DEFAULT_CONFIGURATION = settings_store.DEFAULT_CONFIGURATION
    CONFIG_STRUCTURE = {
        "shop_name": {
            "type": STRING,
            "label": "Shop name",
            "help_text": "Shown on every page, PDF and email of the customer center.",
        },
        "logo_url": {
            "type": STRING,
            "label": "Logo URL",
            "help_text": "Full https:// address of the shop's logo image, shown beside the "
            "shop name on pages, PDFs and emails. Empty: the name alone.",
        },
        "primary_color": {
            "type": STRING,
            "label": "Primary colour",
            "help_text": "Colour of buttons, the current section and headings, as #rrggbb "
            "(e.g. #2251a3). Empty: the customer center's blue.",
        },
        "sender_email": {
            "type": STRING,
            "label": "Sender email",
            "help_text": "From address of the customer center's emails; empty: the shop's "
            "DEFAULT_FROM_EMAIL.",
        },
        "storefront_url": {
            "type": STRING,
            "label": "Storefront URL",
            "help_text": "Base of the links in emails (set password, sign in). Empty: the "
            "plugin's own pages.",
        },
        "new_orders_enabled": {
            "type": BOOLEAN,
            "label": "New orders enabled",
            "help_text": "Let company members place new orders from the customer center.",
        },
        "over_budget_behaviour": {
            "type": STRING,
            "label": "Over-budget behaviour",
            "help_text": f"'{OVER_BUDGET_BLOCK}': refuse the order; '{OVER_BUDGET_ASK_APPROVAL}': "
            "raise an approval request to the company's admins.",
        },
        "budget_alert_threshold": {
            "type": STRING,
            "label": "Budget alert threshold (%)",
            "help_text": "Spending share of a budget that sends one alert per period.",
        },
        "new_users_need_approval": {
            "type": BOOLEAN,
            "label": "New users need the shop's approval",
            "help_text": "Queue admins' new-user requests for the shop instead of creating them.",
        },
        "erp_base_url": {"type": STRING, "label": "ERP base URL", "help_text": "HTTP pull."},
        "erp_api_token": {"type": SECRET, "label": "ERP API token", "help_text": "HTTP pull."},
        "erp_push_secret": {
            # A shared signing key: shown to nobody once stored (Saleor answers "").
            "type": PASSWORD,
            "label": "ERP push secret",
            "help_text": "Shared secret of the HMAC-SHA256 signature of pushed batches.",
        },
        "erp_page_size": {"type": STRING, "label": "ERP page size", "help_text": "HTTP pull."},
        "email_esp": {
            "type": STRING,
            "label": "Email service (anymail)",
            "help_text": "An anymail ESP name (e.g. 'mailgun', 'postmark'); empty: the shop's "
            "own email backend.",
        },
        "email_esp_api_key": {
            "type": SECRET,
            "label": "Email service API key",
            "help_text": "API key of the chosen ESP.",
        },
    }

    @property
    def settings(self) -> PluginSettings:
        return PluginSettings.from_configuration(self.configuration)

    @classmethod
    def validate_plugin_configuration(cls, plugin_configuration, **kwargs: Any) -> None:
        values = {item["name"]: item["value"] for item in plugin_configuration.configuration}
        errors = PluginSettings.validate(values)
        if errors:
            raise ValidationError(errors)

    # Budgets and company orders (services/checkout_budget.py does the work) -------------

    def preprocess_order_creation(self, checkout_info, lines, previous_value):
        """Refuse an over-budget checkout (ValidationError) or reserve its amount, with this
        plugin's own configuration."""
        checkout_budget.check_and_reserve(
            checkout_info.checkout,
            checkout_info.user,
            self.settings,
            reprice=lambda: saleor.refresh_checkout_total(checkout_info, lines),
        )
        return previous_value

    def order_created(self, order, previous_value, webhooks=None):
        """Deprecated in Saleor. Orders are linked by the post_save receiver (one path,
        services/order_links.py); this acts only where a host disconnected it."""
        if not saleor.order_receiver_connected():
            order_links.order_changed(order, self.settings, created=True)
        return previous_value

    def order_cancelled(self, order, previous_value, webhooks=None):
        """Deprecated in Saleor; as :meth:`order_created`."""
        if not saleor.order_receiver_connected():
            order_links.order_changed(order, self.settings)
        return previous_value

    def webhook(self, request, path: str, previous_value) -> HttpResponseBase:
        """Every request under the plugin's path goes through the door, with this plugin's
        configuration read once (docs/architecture.md, "The door")."""
        # Saleor's legacy /plugins/<id>/ route does not check that the plugin is active.
        if not self.active:
            return HttpResponseNotFound()
        return door.serve(request, path, self.settings)
