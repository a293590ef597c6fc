"""The pages, under /plugins/global/saleor.customer_center/ (staff pages under staff/)."""

from django.urls import path

from . import (
    staff,
    views_account,
    views_billing,
    views_company,
    views_orders,
    views_public,
    views_requests,
    views_staff,
    views_users,
)

urlpatterns = [
    path("", views_company.home, name="cc-home"),
    path("signin/", views_account.signin, name="cc-signin"),
    path("signout/", views_account.signout, name="cc-signout"),
    path("activate/", views_public.activate, name="cc-activate"),
    path("set-password/", views_public.set_password, name="cc-set-password"),
    path("choose/", views_account.choose, name="cc-choose"),
    path("switch/", views_account.switch, name="cc-switch"),
    path("profile/", views_company.profile, name="cc-profile"),
    path("billing/", views_billing.billing_page, name="cc-billing"),
    path(
        "billing/invoices/<int:invoice_id>/pdf/", views_billing.invoice_pdf, name="cc-invoice-pdf"
    ),
    path("orders/", views_orders.order_list, name="cc-orders"),
    path("orders/new/", views_orders.order_new, name="cc-order-new"),
    path("orders/<uuid:order_id>/", views_orders.order_detail, name="cc-order"),
    path("users/", views_users.users, name="cc-users"),
    path("users/<int:member_id>/edit/", views_users.member_edit, name="cc-member-edit"),
    path("requests/", views_requests.requests_page, name="cc-requests"),
    path("grid/<str:name>/", views_company.save_grid, name="cc-grid"),
    path("preview/end/", staff.preview_end, name="cc-staff-preview-end"),
    path("staff/", views_staff.console_home, name="cc-staff-home"),
    path("staff/companies/", views_staff.companies, name="cc-staff-companies"),
    path("staff/companies/<int:company_id>/", views_staff.company_detail, name="cc-staff-company"),
    path(
        "staff/companies/<int:company_id>/block/",
        views_staff.company_block,
        name="cc-staff-company-block",
    ),
    path(
        "staff/companies/<int:company_id>/ownership/",
        views_staff.ownership_transfer,
        name="cc-staff-ownership",
    ),
    path(
        "staff/members/<int:member_id>/access/", views_staff.member_access, name="cc-staff-access"
    ),
    path("staff/preview/<int:member_id>/", staff.preview_start, name="cc-staff-preview"),
    path("staff/requests/", views_staff.request_queue, name="cc-staff-requests"),
    path("staff/erp/", views_staff.erp_health, name="cc-staff-erp"),
]
