"""Sub-paths served by the plugin's ``webhook()`` under /plugins/global/saleor.customer_center/."""

from django.urls import include, path

from .erp.views import push as erp_push
from .graphql.core.view import graphql_view
from .order_views import order_pdf_view
from .views import health

urlpatterns = [
    path("health/", health, name="health"),
    path("graphql/", graphql_view, name="graphql"),
    path("erp/push/<str:kind>/", erp_push, name="erp-push"),
    path("orders/<str:order_id>/pdf/", order_pdf_view, name="order-pdf"),
    # The pages last: the API routes above win.
    path("", include("saleor_customer_center.web.urls")),
]
