from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomerCenterConfig(AppConfig):
    name = "saleor_customer_center"
    label = "saleor_customer_center"
    verbose_name = _("Customer center")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at the top: Django imports this module before the apps (and
        # the models these modules import) are ready.
        from . import checks, saleor  # noqa: F401  (checks registers the system checks)
        from .services import order_links

        # Orders reach the plugin by one path, and only in a shop that runs the plugin
        # (services/order_links.py; docs/architecture.md, "Orders").
        if saleor.plugin_installed():
            saleor.connect_order_signals(order_links.on_order_saved)
