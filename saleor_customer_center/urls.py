"""Sub-paths served by the plugin's ``webhook()`` under /plugins/global/saleor.customer_center/."""

from django.urls import path

from .views import health

urlpatterns = [
    path("health/", health, name="health"),
]
