from __future__ import annotations

from typing import Any

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ... import security_log
from ...error_codes import CustomerCenterErrorCode
from ...permissions import NotFound, PermissionDenied

CustomerCenterErrorCodeEnum = graphene.Enum.from_enum(
    CustomerCenterErrorCode, description="Error codes of the customer center API."
)


class CustomerCenterError(graphene.ObjectType):
    field = graphene.String(
        description="The input field the error is about; null for the whole operation."
    )
    code = CustomerCenterErrorCodeEnum(required=True)
    message = graphene.String(required=True)


def _code(value: str | None) -> str:
    try:
        return CustomerCenterErrorCode(value).value
    except ValueError:
        return CustomerCenterErrorCode.INVALID.value


def to_camel(name: str | None) -> str | None:
    if not name or name == NON_FIELD_ERRORS:
        return None
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def report_refusal(info: Any, exc: Exception) -> None:
    """Log a refused mutation for the operator (``saleor_customer_center.security``)."""
    if isinstance(exc, NotFound | PermissionDenied):
        code = "NOT_FOUND" if isinstance(exc, NotFound) else "PERMISSION_DENIED"
        context = info.context
        security_log.refused(
            code,
            info.field_name,
            getattr(context, "user", None),
            getattr(context, "client_address", None),
        )


def errors_from_exception(exc: Exception) -> list[dict]:
    """Translate the services' exceptions into ``errors { field code message }``."""
    if isinstance(exc, NotFound):
        return [
            {
                "field": exc.field,
                "code": CustomerCenterErrorCode.NOT_FOUND.value,
                "message": str(exc),
            }
        ]
    if isinstance(exc, PermissionDenied):
        return [
            {
                "field": None,
                "code": CustomerCenterErrorCode.PERMISSION_DENIED.value,
                "message": str(exc),
            }
        ]
    if isinstance(exc, ValidationError):
        errors = []
        if hasattr(exc, "error_dict"):
            for name, field_errors in exc.error_dict.items():
                for error in field_errors:
                    errors.append(
                        {
                            "field": to_camel(name),
                            "code": _code(error.code),
                            "message": " ".join(error.messages),
                        }
                    )
        else:
            for error in exc.error_list:
                errors.append(
                    {"field": None, "code": _code(error.code), "message": " ".join(error.messages)}
                )
        return errors
    raise exc
