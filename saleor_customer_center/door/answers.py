"""How a route answers a refusal or an error: a page, JSON, or a GraphQL error document.

Every answer the door gives on a view's behalf is a 4xx with a message a person can act on;
nothing of the exception (SQL, stack, payload) reaches the caller (README "Security").
"""

from __future__ import annotations

from enum import Enum

from django.http import HttpRequest, HttpResponse, JsonResponse

from .. import templating
from ..links import path
from . import csrf


class Answer(Enum):
    PAGE = "page"
    JSON = "json"
    GRAPHQL = "graphql"

    def error(
        self, request: HttpRequest, status: int, message: str, code: str = ""
    ) -> HttpResponse:
        if self is Answer.JSON:
            return JsonResponse({"detail": message}, status=status)
        if self is Answer.GRAPHQL:
            error = {"message": message, "extensions": {"code": code or "GRAPHQL_ERROR"}}
            return JsonResponse({"data": None, "errors": [error]}, status=status)
        return error_page(request, status, message, csrf_token="")


def error_page(request: HttpRequest, status: int, message: str, csrf_token: str) -> HttpResponse:
    """The plain error page (no navigation): for visitors and for refusals at the door."""
    return templating.render(
        request,
        "saleor_customer_center/web/error.html",
        {
            "status": status,
            "message": message,
            "csrf_token": csrf_token,
            "csrf_field": csrf.FIELD,
            "url": path,
        },
        status=status,
    )
