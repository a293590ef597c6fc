"""A small PluginsManager: loads PLUGINS, and calls hooks the way Saleor's does."""

from typing import Any

from django.conf import settings
from django.http import HttpResponseNotFound
from django.utils.module_loading import import_string

from .models import PluginConfiguration


class PluginsManager:
    def __init__(self, plugins: list[str], requestor_getter=None):
        self.all_plugins = []
        stored = {
            conf.identifier: conf
            for conf in PluginConfiguration.objects.filter(channel__isnull=True)
        }
        for path in plugins:
            plugin_class = import_string(path)
            db_config = stored.get(plugin_class.PLUGIN_ID)
            self.all_plugins.append(
                plugin_class(
                    configuration=(db_config.configuration if db_config else None) or [],
                    active=db_config.active if db_config else plugin_class.get_default_active(),
                    channel=None,
                    requestor_getter=requestor_getter,
                    db_config=db_config,
                )
            )
        self.global_plugins = [p for p in self.all_plugins if not p.CONFIGURATION_PER_CHANNEL]

    def __run_method_on_plugins(self, method_name: str, default_value: Any, *args, **kwargs):
        value = default_value
        for plugin in self.all_plugins:
            if not plugin.active:
                continue
            method = getattr(plugin, method_name, None)
            if method is None:
                continue
            returned = method(*args, **kwargs, previous_value=value)
            if returned is not NotImplemented:
                value = returned
        return value

    def get_plugin(self, plugin_id: str, channel_slug: str | None = None):
        plugins = self.global_plugins if channel_slug is None else self.all_plugins
        for plugin in plugins:
            if plugin.PLUGIN_ID == plugin_id:
                return plugin
        return None

    def webhook_endpoint_without_channel(self, request, plugin_id):
        # Saleor's legacy route: it does not check that the plugin is active.
        for plugin in self.all_plugins:
            if plugin.PLUGIN_ID == plugin_id:
                path = request.path.split(plugin_id, maxsplit=1)[1]
                return plugin.webhook(request, path, previous_value=HttpResponseNotFound())
        return HttpResponseNotFound()

    def webhook(self, request, plugin_id, channel_slug=None):
        plugin = self.get_plugin(plugin_id, channel_slug)
        if not plugin or not plugin.active:
            return HttpResponseNotFound()
        path = request.path.split(plugin_id, maxsplit=1)[1]
        return plugin.webhook(request, path, previous_value=HttpResponseNotFound())

    # hooks
    def preprocess_order_creation(self, checkout_info, lines=None):
        return self.__run_method_on_plugins("preprocess_order_creation", None, checkout_info, lines)

    def order_created(self, order, webhooks=None):
        return self.__run_method_on_plugins("order_created", None, order, webhooks=webhooks)

    def order_cancelled(self, order, webhooks=None):
        return self.__run_method_on_plugins("order_cancelled", None, order, webhooks=webhooks)

    def checkout_created(self, checkout, webhooks=None):
        return self.__run_method_on_plugins("checkout_created", None, checkout, webhooks=webhooks)

    def customer_created(self, customer, webhooks=None):
        return self.__run_method_on_plugins("customer_created", None, customer, webhooks=webhooks)


def get_plugins_manager(allow_replica: bool = True, requestor_getter=None) -> PluginsManager:
    return PluginsManager(settings.PLUGINS, requestor_getter=requestor_getter)
