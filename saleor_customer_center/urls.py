"""Sub-paths served by the plugin's ``webhook()`` under /plugins/global/saleor.customer_center/."""

from django.urls import path

from .graphql.core.view import graphql_view
from .views import health

urlpatterns = [
    path("health/", health, name="health"),
    path("graphql/", graphql_view, name="graphql"),
]
