from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomerCenterConfig(AppConfig):
    name = "saleor_customer_center"
    label = "saleor_customer_center"
    verbose_name = _("Customer center")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
