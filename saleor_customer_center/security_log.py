"""Refused authorisations, logged for the operator (issue 6).

One WARNING per refusal on the ``saleor_customer_center.security`` logger: the code
(``PERMISSION_DENIED`` or ``NOT_FOUND``), the operation or page path, the user id and the
client address. No email, name or payload: the user id is enough to look the rest up.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger("saleor_customer_center.security")


def refused(code: str, operation: str, user: Any, client_address: str | None) -> None:
    """Record one refused request; never raises into the request."""
    user_id = getattr(user, "pk", None) if user is not None else None
    logger.warning(
        "Refused %s: operation=%s user_id=%s client=%s",
        code,
        operation,
        user_id if user_id is not None else "anonymous",
        client_address or "-",
        extra={
            "refusal_code": code,
            "operation": operation,
            "user_id": user_id,
            "client_address": client_address,
        },
    )
