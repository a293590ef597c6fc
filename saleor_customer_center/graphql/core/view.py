"""The plugin's GraphQL endpoint: POST JSON, the caller authenticated by Saleor's token."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from graphql import parse
from graphql.error import GraphQLError, GraphQLSyntaxError

from ... import security_log
from ...door import Caller
from ...permissions import NotFound, PermissionDenied
from ..schema import schema
from . import nesting, text
from .context import Context
from .limits import check_cost, check_length
from .refusals import DocumentRefused

logger = logging.getLogger("saleor_customer_center.graphql")


def _error(message: str, code: str, status: int = 200) -> JsonResponse:
    return JsonResponse(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]},
        status=status,
    )


def _format_error(error: Any) -> dict:
    original = getattr(error, "original_error", None)
    if isinstance(original, NotFound):
        code, message = "NOT_FOUND", str(original)
    elif isinstance(original, PermissionDenied):
        code, message = "PERMISSION_DENIED", str(original)
    elif isinstance(original, ValidationError):
        code, message = "INVALID", " ".join(original.messages)
    elif original is None or isinstance(original, GraphQLError):
        code, message = "GRAPHQL_ERROR", str(error)
    else:
        # Never hand SQL, stack traces or payloads to the caller; the operator has the log.
        logger.exception("Unhandled error in a resolver", exc_info=original)
        code, message = "INTERNAL_ERROR", "Internal error. The shop has been told."
    formatted: dict[str, Any] = {"message": message, "extensions": {"code": code}}
    if getattr(error, "path", None):
        formatted["path"] = error.path
    return formatted


def _report_refusals(errors: list, operation: str | None, user: Any, context: Context) -> None:
    """Each refused field (PERMISSION_DENIED, NOT_FOUND) is logged for the operator."""
    for error in errors:
        original = getattr(error, "original_error", None)
        if isinstance(original, NotFound | PermissionDenied):
            code = "NOT_FOUND" if isinstance(original, NotFound) else "PERMISSION_DENIED"
            path = ".".join(str(part) for part in getattr(error, "path", None) or [])
            security_log.refused(code, path or operation or "-", user, context.client_address)


def graphql_view(request: HttpRequest, caller: Caller) -> HttpResponse:
    """The caller comes from the door (rule ``BEARER``: the Authorization header only)."""
    if request.method != "POST":
        return _error("Send GraphQL queries as POST JSON.", "GRAPHQL_ERROR", status=405)
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error("The request body is not valid JSON.", "GRAPHQL_ERROR", status=400)
    except RecursionError:  # json decodes recursively; nesting.py explains the 400
        return _error("The request body is nested too deeply.", "QUERY_TOO_EXPENSIVE", 400)
    if isinstance(body, list):
        return _error(
            "Batched requests are not accepted: send one operation.", "GRAPHQL_ERROR", 400
        )
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return _error("Give a 'query' string.", "GRAPHQL_ERROR", status=400)
    variables = body.get("variables") or {}
    if not isinstance(variables, dict):
        return _error("'variables' must be an object.", "GRAPHQL_ERROR", status=400)

    user = caller.user
    try:
        check_length(body["query"])
        nesting.check_query_text(body["query"])
        nesting.check_json_value(variables)
        text.check_variables(variables)
        document = parse(body["query"])
        text.check_document(document)
        check_cost(document, variables, schema)
    except GraphQLSyntaxError as exc:
        return _error(f"Syntax error: {exc.message}", "GRAPHQL_ERROR", status=400)
    except DocumentRefused as exc:
        return _error(str(exc), exc.code, status=400)

    context = Context(
        request=request,
        user=user,
        settings=caller.settings,
        links=caller.links,
        client_address=caller.client_address,
    )
    result = schema.execute(
        document,
        variable_values=variables,
        operation_name=body.get("operationName"),
        context_value=context,
    )
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [_format_error(error) for error in result.errors]
        _report_refusals(result.errors, body.get("operationName"), user, context)
    return JsonResponse(payload)
