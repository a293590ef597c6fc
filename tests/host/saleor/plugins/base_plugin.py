"""The parts of saleor/plugins/base_plugin.py the customer center relies on."""

from collections.abc import Callable
from copy import copy
from typing import Any

from django.utils.functional import SimpleLazyObject

PluginConfigurationType = list[dict[str, Any]]


class ConfigurationTypeField:
    STRING = "String"
    MULTILINE = "Multiline"
    BOOLEAN = "Boolean"
    SECRET = "Secret"
    SECRET_MULTILINE = "SecretMultiline"
    PASSWORD = "Password"
    OUTPUT = "OUTPUT"


class BasePlugin:
    PLUGIN_NAME = ""
    PLUGIN_ID = ""
    PLUGIN_DESCRIPTION = ""
    CONFIG_STRUCTURE: dict[str, dict[str, Any]] | None = None
    CONFIGURATION_PER_CHANNEL = True
    DEFAULT_CONFIGURATION: PluginConfigurationType = []
    DEFAULT_ACTIVE = False
    HIDDEN = False

    def __init__(
        self,
        *,
        configuration: PluginConfigurationType,
        active: bool,
        channel=None,
        requestor_getter: Callable | None = None,
        db_config=None,
        allow_replica: bool = True,
    ):
        self.configuration = self.get_plugin_configuration(configuration)
        self.active = active
        self.channel = channel
        self.requestor = SimpleLazyObject(requestor_getter) if requestor_getter else None
        self.db_config = db_config
        self.allow_replica = allow_replica

    def __str__(self):
        return self.PLUGIN_NAME

    @classmethod
    def validate_plugin_configuration(cls, plugin_configuration, **kwargs):
        """Raise ValidationError to refuse a configuration in the Dashboard."""

    @classmethod
    def get_default_active(cls):
        return cls.DEFAULT_ACTIVE

    def get_plugin_configuration(
        self, configuration: PluginConfigurationType | None
    ) -> PluginConfigurationType:
        # An instance method in Saleor 3.24 (not callable on the class). Saleor keeps the
        # stored fields named in CONFIG_STRUCTURE and appends defaults for the missing ones.
        structure = self.CONFIG_STRUCTURE or {}
        configuration = [copy(item) for item in (configuration or []) if item["name"] in structure]
        names = {item["name"] for item in configuration}
        for item in self.DEFAULT_CONFIGURATION:
            if item["name"] in structure and item["name"] not in names:
                configuration.append(copy(item))
        return configuration
