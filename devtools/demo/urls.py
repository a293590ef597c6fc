"""Saleor's own URLs (``/graphql/``, ``/plugins/...``) behind the demo's three pages."""

from django.urls import path
from saleor.urls import urlpatterns as saleor_urlpatterns

from .views import checkout_page, set_password_page, start_page

urlpatterns = [
    path("", start_page, name="demo-start"),
    path("demo-storefront/checkout/", checkout_page, name="demo-checkout"),
    path("demo-storefront/set-password/", set_password_page, name="demo-set-password"),
    *saleor_urlpatterns,
]
