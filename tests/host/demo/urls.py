from django.urls import path

from .storefront import checkout_page, set_password_page
from .views import start_page

urlpatterns = [
    path("", start_page, name="demo-start"),
    path("demo-storefront/checkout/", checkout_page, name="demo-checkout"),
    path("demo-storefront/set-password/", set_password_page, name="demo-set-password"),
]
