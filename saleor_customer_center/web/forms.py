"""Turning posted forms into the dicts the services take (the services validate)."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict


def person(post: QueryDict) -> dict[str, Any]:
    """A person's fields; ``budget`` only when the form sets or clears one (its absence
    leaves the budget as it is)."""
    data: dict[str, Any] = {
        "salutation": post.get("salutation", ""),
        "first_name": post.get("first_name", ""),
        "last_name": post.get("last_name", ""),
        "email": post.get("email", ""),
        "role": post.get("role") or None,
    }
    chosen = budget(post)
    if chosen is not None:
        data["budget"] = chosen
    return data


def budget(post: QueryDict) -> dict[str, Any] | None:
    """No amount given: no budget (clearing is explicit, with ``budget_clear``)."""
    if post.get("budget_clear"):
        return {"amount": None}
    amount = (post.get("budget_amount") or "").strip()
    if not amount:
        return None
    return {
        "amount": amount,
        "currency": (post.get("budget_currency") or "").strip().upper() or None,
        "period": post.get("budget_period") or None,
    }


def error_messages(exc: Exception) -> dict[str, list[str]]:
    """Field name -> messages, '__all__' for the rest (for the form templates)."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return {
            name: [m for e in errors for m in e.messages] for name, errors in exc.error_dict.items()
        }
    if isinstance(exc, ValidationError):
        return {"__all__": list(exc.messages)}
    return {"__all__": [str(exc)]}
