from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomerCenterConfig(AppConfig):
    name = "saleor_customer_center"
    label = "saleor_customer_center"
    verbose_name = _("Customer center")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, saleor  # noqa: F401  (checks registers the system checks)
        from .services import checkout_budget

        # Links orders and gives cancelled ones back even without the deprecated hooks.
        saleor.connect_order_signals(checkout_budget.on_order_saved)
