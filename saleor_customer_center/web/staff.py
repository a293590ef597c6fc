"""Staff-only pages: every caller without the permission gets a plain 404."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect

from .. import permissions, saleor
from . import csrf, preview, session
from .pages import error_page, perform, url


def staff_page(permission: str = saleor.MANAGE_USERS) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            auth = session.authenticate(request)
            if auth.user is None or not permissions.is_staff_with(auth.user, permission):
                return error_page(request, 404, "Page not found.")
            if request.method == "POST" and not csrf.is_valid(request):
                return error_page(request, 403, "The form has expired. Reload and try again.")
            try:
                response = view(request, auth.user, *args, **kwargs)
            except (permissions.NotFound, Http404):
                response = error_page(request, 404, "Page not found.")
            if auth.new_access_token:
                session.store_access(request, response, auth.new_access_token)
            csrf.persist(request, response)
            return response

        return wrapper

    return decorator


@staff_page()
def preview_start(request: HttpRequest, staff_user, member_id: int) -> HttpResponse:
    from ..services import preview as preview_service

    if request.method != "POST":
        return error_page(request, 405, "Start a preview with the console's button.")
    membership, expires_at = perform(preview_service.start_preview, staff_user, member_id)
    response = HttpResponseRedirect(url("cc-home"))
    session.set_cookie(
        request,
        response,
        session.PREVIEW_COOKIE,
        preview.make_cookie(staff_user, membership, expires_at),
        int(expires_at - time.time()),
    )
    return response


def preview_end(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(url("cc-staff-home"))
    if request.method == "POST" and csrf.is_valid(request):
        session.clear(response, session.PREVIEW_COOKIE)
    return response
