"""Field errors that keep their code: ``ValidationError({field: msg}, code=...)`` would
drop the code (Django keeps codes only on the inner errors), so build them here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def field_error(field: str, message: StrOrPromise | list[str], code: str) -> ValidationError:
    """One field's error(s); ``message`` is a text (plain or lazily translated) or a list."""
    messages = [message] if isinstance(message, str | Promise) else list(message)
    return ValidationError({field: [ValidationError(text, code=code) for text in messages]})
