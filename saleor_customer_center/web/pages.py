"""What every customer-center page shares, once the door has let the caller in.

The door (door/) has resolved who is calling from the page session, checked the CSRF token
and the read-only preview. ``customer_page`` then does the page's own jobs, each named:

1. :func:`page_context`: which companies the viewer works for and which one is current
   (the cookie, then the stored preference, then the only one);
2. :func:`company_gate`: no company at all (403), or several and none chosen yet (to the
   chooser);
3. :func:`section_gate`: the role's section (403);
4. the view, with another company's object or a refused action rendered as 404/403 inside
   the page's own frame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.translation import gettext as _

from .. import permissions, roles, security_log, templating
from ..door import Caller
from ..door.answers import error_page as door_error_page
from ..door.csrf import FIELD as CSRF_FIELD
from ..links import Links, path
from ..models import Membership
from ..roles import Section
from ..services import companies
from ..settings_store import PluginSettings
from . import notices

url = path  # the templates' name for the link builder's paths


@dataclass
class PageContext:
    caller: Caller
    memberships: list[Membership]
    membership: Membership | None = None

    @property
    def request(self) -> HttpRequest:
        return self.caller.request

    @property
    def user(self) -> Any:
        """Who signed in."""
        return self.caller.user

    @property
    def viewer(self) -> Any:
        """Whose customer center is shown (the member, in a staff preview)."""
        return self.caller.viewer

    @property
    def preview(self) -> Any:
        return self.caller.preview

    @property
    def settings(self) -> PluginSettings:
        return self.caller.settings

    @property
    def links(self) -> Links:
        return self.caller.links

    @property
    def company(self) -> Any:
        return self.membership.company if self.membership else None

    @property
    def member(self) -> Membership:
        """The current membership, on a page that has one: every page that chooses a
        company (``company_gate``) and every page of a section (``section_gate``)."""
        if self.membership is None:
            raise permissions.NotFound("company")
        return self.membership

    @property
    def read_only(self) -> bool:
        return self.caller.read_only

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
    def can_quotes(self) -> bool:
        return self.membership is not None and permissions.can_see_quotes(self.membership)

    @property
    def sees_prices(self) -> bool:
        return self.membership is not None and roles.sees_prices(self.membership.role)


def exports_links(name: str, filters: QueryDict | None = None) -> dict[str, str]:
    """{format: link} of a list's export, carrying the list's current filter."""
    query = filters.urlencode() if filters else ""
    return {
        fmt: path("cc-export", name, fmt) + (f"?{query}" if query else "")
        for fmt in ("csv", "xlsx")
    }


def perform(service: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call a service in its own transaction: a refusal (an exception) leaves nothing
    written, exactly as the API's mutations do."""
    with transaction.atomic():
        return service(*args, **kwargs)


def render(ctx: PageContext, template: str, context: dict | None = None, status: int = 200):
    data = {
        "notice": notices.text(ctx.caller.take_notice()),
        "page": ctx,
        "csrf_token": ctx.caller.csrf_token,
        "csrf_field": CSRF_FIELD,
        "sections": Section,
        "url": url,
        **(context or {}),
    }
    return templating.render(
        ctx.request, f"saleor_customer_center/web/{template}", data, status=status
    )


def render_plain(caller: Caller, template: str, context: dict | None = None, status: int = 200):
    """A page without the customer center's frame (sign-in, activation, set-password)."""
    data = {
        "notice": notices.text(caller.take_notice()),
        "shop_name": caller.settings.shop_name,
        "shop_url": caller.links.storefront_home(),
        "csrf_token": caller.csrf_token,
        "csrf_field": CSRF_FIELD,
        "url": url,
        **(context or {}),
    }
    return templating.render(
        caller.request, f"saleor_customer_center/web/{template}", data, status=status
    )


def redirect(caller: Caller, name: str, *args: Any, notice: str = "") -> HttpResponse:
    """Redirect after a POST; ``notice`` (a key of web/notices.py) shows on the next page."""
    if notice:
        caller.notify(notice)
    return HttpResponseRedirect(path(name, *args))


def error_page(caller: Caller, status: int, message: str) -> HttpResponse:
    return door_error_page(caller.request, status, message, caller.csrf_token)


# The jobs of a customer page ---------------------------------------------------------------


def page_context(caller: Caller) -> PageContext:
    """1. The viewer's companies and the current one (a preview shows one member's)."""
    if caller.preview is not None:
        membership = caller.preview.membership
        return PageContext(caller, [membership], membership)
    memberships = list(
        permissions.active_memberships(caller.viewer)
        .select_related("company")
        .order_by("company__name")
    )
    by_company = {m.company_id: m for m in memberships}
    chosen = caller.chosen_company()
    current = by_company.get(chosen) if chosen is not None else None
    if current is None:
        current = companies.current_membership(caller.viewer, memberships)
    return PageContext(caller, memberships, current)


def company_gate(ctx: PageContext, choose_company: bool) -> HttpResponse | None:
    """2. A viewer without a company is told so; with several, picks one first."""
    if not ctx.memberships:
        suspended = companies.suspended_companies(ctx.viewer)
        context: dict[str, Any] = {"suspended": suspended}
        if suspended:
            context["contact"] = companies.shop_contact(ctx.settings)
        return render(ctx, "no_company.html", context, status=403)
    if ctx.membership is None and choose_company:
        return HttpResponseRedirect(path("cc-choose", query={"next": ctx.request.get_full_path()}))
    return None


def section_gate(ctx: PageContext, section: Section | None) -> HttpResponse | None:
    """3. The role's sections (roles.py); a refusal is logged like the API's."""
    if section is None or ctx.can_see(section):
        return None
    _report(ctx, "PERMISSION_DENIED")
    message = _(
        "This part of the customer center is not available for your role. "
        "Ask your company's administrator."
    )
    return render(ctx, "error.html", {"status": 403, "message": message}, status=403)


def customer_page(section: Section | None = None, choose_company: bool = True) -> Callable:
    """A view of the customer center: ``view(request, ctx, **kwargs)``."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def page_view(request: HttpRequest, caller: Caller, **kwargs: Any) -> HttpResponse:
            ctx = page_context(caller)
            refusal = company_gate(ctx, choose_company) or section_gate(ctx, section)
            if refusal is not None:
                return refusal
            try:
                return view(request, ctx, **kwargs)
            except permissions.NotFound:
                _report(ctx, "NOT_FOUND")
                message = _("Page not found.")
                return render(ctx, "error.html", {"status": 404, "message": message}, 404)
            except permissions.PermissionDenied as exc:
                _report(ctx, "PERMISSION_DENIED")
                return render(ctx, "error.html", {"status": 403, "message": str(exc)}, 403)

        return page_view

    return decorator


def _report(ctx: PageContext, code: str) -> None:
    """A refused page is logged for the operator, as the API's refusals are."""
    security_log.refused(code, ctx.request.path, ctx.user, ctx.caller.client_address)
