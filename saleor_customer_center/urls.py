"""Every route the plugin serves under /plugins/global/saleor.customer_center/, each with its
credential rule (docs/architecture.md, "The door"). A pattern without a rule does not load:
``door.urlpatterns`` refuses it at import.
"""

from .door import Answer, route
from .door import urlpatterns as declared
from .door.rules import (
    ANONYMOUS,
    BEARER,
    PUBLIC_FORM,
    PUSH_SIGNATURE,
    SESSION,
    SESSION_OR_BEARER,
    staff,
)
from .graphql.core.view import graphql_view
from .views import favicon, health
from .web import (
    views_account,
    views_activity,
    views_billing,
    views_company,
    views_downloads,
    views_erp_push,
    views_exports,
    views_language,
    views_member_import,
    views_orders,
    views_public,
    views_quotes,
    views_requests,
    views_staff,
    views_statement,
    views_users,
)

GET, POST = ("GET",), ("POST",)
STAFF = staff()  # MANAGE_USERS; acting on the sync also needs MANAGE_PLUGINS (erp/health.py)

urlpatterns = declared(
    [
        # The API and the machine endpoints.
        route("health/", health, ANONYMOUS, "health", answers=Answer.JSON, methods=GET),
        route("favicon.ico", favicon, ANONYMOUS, "cc-favicon", methods=GET),
        route("graphql/", graphql_view, BEARER, "graphql", answers=Answer.GRAPHQL),
        route(
            "erp/push/<str:kind>/",
            views_erp_push.push,
            PUSH_SIGNATURE,
            "erp-push",
            answers=Answer.JSON,
            methods=POST,
        ),
        route(
            "orders/<str:order_id>/pdf/",
            views_downloads.order_pdf,
            SESSION_OR_BEARER,
            "order-pdf",
            answers=Answer.JSON,
            methods=GET,
        ),
        route(
            "billing/invoices/<int:invoice_id>/pdf/",
            views_downloads.invoice_pdf,
            SESSION_OR_BEARER,
            "cc-invoice-pdf",
            methods=GET,
        ),
        route(
            "export/<str:name>/<str:fmt>/",
            views_exports.export,
            SESSION_OR_BEARER,
            "cc-export",
            methods=GET,
        ),
        # Pages for visitors.
        route("signin/", views_account.signin, PUBLIC_FORM, "cc-signin"),
        route("signout/", views_account.signout, PUBLIC_FORM, "cc-signout", methods=POST),
        route("activate/", views_public.activate, PUBLIC_FORM, "cc-activate"),
        route("set-password/", views_public.set_password, PUBLIC_FORM, "cc-set-password"),
        route(
            "language/", views_language.switch_language, PUBLIC_FORM, "cc-language", methods=POST
        ),
        # The customer center.
        route("", views_company.home, SESSION, "cc-home"),
        route("choose/", views_account.choose, SESSION, "cc-choose", methods=GET),
        route("switch/", views_account.switch, SESSION, "cc-switch", methods=POST),
        route("profile/", views_company.profile, SESSION, "cc-profile", methods=GET),
        route("billing/", views_billing.billing_page, SESSION, "cc-billing", methods=GET),
        route(
            "billing/statement/",
            views_statement.statement_pdf,
            SESSION,
            "cc-statement",
            methods=GET,
        ),
        route("orders/", views_orders.order_list, SESSION, "cc-orders", methods=GET),
        route("orders/new/", views_orders.order_new, SESSION, "cc-order-new"),
        route("orders/<uuid:order_id>/", views_orders.order_detail, SESSION, "cc-order"),
        route(
            "orders/<uuid:order_id>/reorder/",
            views_orders.order_reorder,
            SESSION,
            "cc-order-reorder",
            methods=GET,
        ),
        route("users/", views_users.users, SESSION, "cc-users"),
        route("users/<int:member_id>/edit/", views_users.member_edit, SESSION, "cc-member-edit"),
        route("users/import/", views_member_import.member_import_page, SESSION, "cc-member-import"),
        route(
            "users/import/<int:import_id>/",
            views_member_import.member_import_status,
            SESSION,
            "cc-member-import-status",
            methods=GET,
        ),
        route("requests/", views_requests.requests_page, SESSION, "cc-requests"),
        route("quotes/", views_quotes.quote_list, SESSION, "cc-quotes", methods=GET),
        route("quotes/new/", views_quotes.quote_new, SESSION, "cc-quote-new"),
        route("quotes/<int:quote_id>/", views_quotes.quote_detail, SESSION, "cc-quote"),
        route("activity/", views_activity.activity_page, SESSION, "cc-activity", methods=GET),
        route("grid/<str:name>/", views_company.save_grid, SESSION, "cc-grid", methods=POST),
        # The operator's console.
        route("staff/", views_staff.console_home, STAFF, "cc-staff-home", methods=GET),
        route("staff/companies/", views_staff.companies, STAFF, "cc-staff-companies", methods=GET),
        route(
            "staff/companies/<int:company_id>/",
            views_staff.company_detail,
            STAFF,
            "cc-staff-company",
            methods=GET,
        ),
        route(
            "staff/companies/<int:company_id>/block/",
            views_staff.company_block,
            STAFF,
            "cc-staff-company-block",
            methods=POST,
        ),
        route(
            "staff/companies/<int:company_id>/ownership/",
            views_staff.ownership_transfer,
            STAFF,
            "cc-staff-ownership",
            methods=POST,
        ),
        route(
            "staff/members/<int:member_id>/access/",
            views_staff.member_access,
            STAFF,
            "cc-staff-access",
            methods=POST,
        ),
        route(
            "staff/preview/<int:member_id>/",
            views_staff.preview_start,
            STAFF,
            "cc-staff-preview",
            methods=POST,
        ),
        route("preview/end/", views_staff.preview_end, STAFF, "cc-staff-preview-end", methods=POST),
        route("staff/requests/", views_staff.request_queue, STAFF, "cc-staff-requests"),
        route("staff/erp/", views_staff.erp_health, STAFF, "cc-staff-erp"),
        route("staff/quotes/<int:quote_id>/", views_staff.quote_answer, STAFF, "cc-staff-quote"),
        route(
            "staff/orders/<uuid:order_id>/",
            views_staff.staff_order,
            STAFF,
            "cc-staff-order",
            methods=GET,
        ),
    ]
)
