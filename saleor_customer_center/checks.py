"""System checks with stable ids: what an installer gets wrong, said at startup."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from . import conf
from .plugin import CustomerCenterPlugin


@register()
def check_plugin_setup(app_configs, **kwargs):
    messages = []
    plugin_path = "saleor_customer_center.plugin.CustomerCenterPlugin"
    if plugin_path not in getattr(settings, "PLUGINS", []):
        messages.append(
            Error(
                "The customer center plugin class is not in settings.PLUGINS.",
                hint="Install the package: Saleor discovers its 'saleor.plugins' entry point.",
                id="customer_center.E001",
            )
        )
    if CustomerCenterPlugin.CONFIGURATION_PER_CHANNEL:
        messages.append(
            Error(
                "The customer center plugin is configured per channel; its global URL would 404.",
                id="customer_center.E002",
            )
        )
    if not getattr(settings, "CELERY_BROKER_URL", None) and not getattr(
        settings, "CELERY_TASK_ALWAYS_EAGER", False
    ):
        messages.append(
            Warning(
                "No CELERY_BROKER_URL: emails and the ERP sync will not run in the background.",
                id="customer_center.W001",
            )
        )
    if not getattr(settings, "EMAIL_BACKEND", ""):
        # Saleor builds EMAIL_BACKEND from EMAIL_URL and leaves it "" when that is unset.
        messages.append(
            Warning(
                "EMAIL_BACKEND is empty (Saleor's EMAIL_URL is not set): the customer center's "
                "emails fail unless an email service is chosen in its configuration.",
                hint="Set EMAIL_URL (e.g. smtp://user:password@host:587/?tls=True) or choose an "
                "ESP (email_esp) in the plugin's settings.",
                id="customer_center.W002",
            )
        )
    unknown = conf.unknown_keys()
    if unknown:
        messages.append(
            Error(
                f"Unknown keys in settings.CUSTOMER_CENTER: {', '.join(unknown)}.",
                hint="Known keys: "
                + ", ".join(sorted(conf.DEFAULTS))
                + " (README, Configuration).",
                id="customer_center.E003",
            )
        )
    return messages
