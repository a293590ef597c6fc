"""What every customer-center page shares: who is looking, at which company, in which role.

``customer_page`` resolves the signed-in user from Saleor's tokens (refreshing them when
needed), the staff preview, the current company (cookie, then stored preference, then the
only one), checks the role's section and the CSRF token, and hands the view a PageContext.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, roles, security_log, settings_store, templating
from ..models import Membership
from ..roles import Section
from . import csrf, preview, session

URLCONF = "saleor_customer_center.urls"
BASE_PATH = "/plugins/global/saleor.customer_center"
FORM_EXPIRED = gettext_lazy(
    "The form has expired or did not come from this site. Reload the page and try again."
)


def url(name: str, *args: Any) -> str:
    """Absolute path of a page: the plugin's sub-paths hang under Saleor's plugin route."""
    return BASE_PATH + reverse(name, urlconf=URLCONF, args=args)


@dataclass
class PageContext:
    request: HttpRequest
    user: Any  # who signed in
    viewer: Any  # whose customer center is shown (the member, in a staff preview)
    memberships: list[Membership]
    membership: Membership | None = None
    preview: preview.Preview | None = None
    settings: settings_store.PluginSettings = field(default_factory=settings_store.PluginSettings)

    @property
    def company(self):
        return self.membership.company if self.membership else None

    @property
    def read_only(self) -> bool:
        return self.preview is not None

    def can_see(self, section: Section) -> bool:
        return self.membership is not None and roles.can_see(self.membership.role, section)

    @property
    def can_orders(self) -> bool:
        return self.can_see(Section.ORDERS)

    @property
    def can_billing(self) -> bool:
        return self.can_see(Section.BILLING)

    @property
    def can_users(self) -> bool:
        return self.can_see(Section.USERS)

    @property
    def sees_prices(self) -> bool:
        return self.membership is not None and roles.sees_prices(self.membership.role)


def perform(service: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a service in its own transaction: a refusal (an exception) leaves nothing
    written, exactly as the API's mutations do."""
    from django.db import transaction

    with transaction.atomic():
        return service(*args, **kwargs)


def render(ctx: PageContext, template: str, context: dict | None = None, status: int = 200):
    data = {
        "page": ctx,
        "csrf_token": csrf.get_token(ctx.request),
        "csrf_field": csrf.CSRF_FIELD,
        "sections": Section,
        "url": url,
        **(context or {}),
    }
    return templating.render(
        ctx.request, f"saleor_customer_center/web/{template}", data, status=status
    )


def render_plain(request: HttpRequest, template: str, context: dict | None = None, status=200):
    data = {
        "csrf_token": csrf.get_token(request),
        "csrf_field": csrf.CSRF_FIELD,
        "url": url,
        **(context or {}),
    }
    response = templating.render(
        request, f"saleor_customer_center/web/{template}", data, status=status
    )
    csrf.persist(request, response)
    return response


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render_plain(request, "error.html", {"status": status, "message": message}, status)


def _current_membership(request: HttpRequest, viewer, memberships: list[Membership]):
    from ..services import companies

    by_company = {m.company_id: m for m in memberships}
    cookie = request.COOKIES.get(session.COMPANY_COOKIE, "")
    if cookie.isdigit() and int(cookie) in by_company:
        return by_company[int(cookie)]
    current = companies.current_membership(viewer)
    return current


def customer_page(section: Section | None = None, choose_company: bool = True) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            auth = session.authenticate(request)
            if auth.user is None:
                response = HttpResponseRedirect(
                    url("cc-signin") + "?next=" + quote(request.get_full_path())
                )
                session.clear(response, *auth.cookies_to_clear)
                return response
            active_preview = preview.from_request(request, auth.user)
            viewer = active_preview.membership.user if active_preview else auth.user
            memberships = list(
                permissions.active_memberships(viewer)
                .select_related("company")
                .order_by("company__name")
            )
            if active_preview:
                memberships = [active_preview.membership]
            ctx = PageContext(
                request=request,
                user=auth.user,
                viewer=viewer,
                memberships=memberships,
                preview=active_preview,
                settings=getattr(request, "customer_center_settings", None)
                or settings_store.current(),
            )
            ctx.membership = (
                active_preview.membership
                if active_preview
                else _current_membership(request, viewer, memberships)
            )
            if request.method == "POST":
                if ctx.read_only:
                    response = render(
                        ctx,
                        "error.html",
                        {
                            "status": 403,
                            "message": _("The preview is read-only: nothing can be changed."),
                        },
                        status=403,
                    )
                    return _finish(request, response, auth)
                if not csrf.is_valid(request):
                    return _finish(
                        request,
                        error_page(
                            request,
                            403,
                            str(FORM_EXPIRED),
                        ),
                        auth,
                    )
            if not memberships:
                response = render(ctx, "no_company.html", status=403)
            elif ctx.membership is None and choose_company:
                response = HttpResponseRedirect(
                    url("cc-choose") + "?next=" + quote(request.get_full_path())
                )
            elif section is not None and not ctx.can_see(section):
                _report(request, "PERMISSION_DENIED", auth.user)
                response = render(
                    ctx,
                    "error.html",
                    {
                        "status": 403,
                        "message": _(
                            "This part of the customer center is not available for your "
                            "role. Ask your company's administrator."
                        ),
                    },
                    status=403,
                )
            else:
                try:
                    response = view(request, ctx, *args, **kwargs)
                except permissions.NotFound:
                    _report(request, "NOT_FOUND", auth.user)
                    response = render(
                        ctx,
                        "error.html",
                        {
                            "status": 404,
                            "message": _("Page not found."),
                        },
                        status=404,
                    )
                except permissions.PermissionDenied as exc:
                    _report(request, "PERMISSION_DENIED", auth.user)
                    response = render(
                        ctx,
                        "error.html",
                        {
                            "status": 403,
                            "message": str(exc),
                        },
                        status=403,
                    )
            return _finish(request, response, auth)

        return wrapper

    return decorator


def _report(request: HttpRequest, code: str, user: Any) -> None:
    """A refused page is logged for the operator, as the API's refusals are."""
    security_log.refused(code, request.path, user, request.META.get("REMOTE_ADDR"))


def _finish(request: HttpRequest, response: HttpResponse, auth: session.PageAuth) -> HttpResponse:
    if auth.new_access_token:
        session.store_access(request, response, auth.new_access_token)
    csrf.persist(request, response)
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
