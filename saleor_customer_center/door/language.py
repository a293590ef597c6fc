"""Which language an answer speaks (docs/architecture.md, "The door").

The visitor's own choice (the language switch in the page header, kept in a cookie), else
the first language of the browser's ``Accept-Language`` the plugin has a translation for,
else Saleor's ``LANGUAGE_CODE``; English when none of them is translated. Saleor installs
no ``LocaleMiddleware``, so the door activates the language around each request.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import trans_real

from ..languages import LANGUAGES, supported
from . import cookies

__all__ = ["LANGUAGES", "MAX_AGE", "default", "of_request", "supported"]

MAX_AGE = 60 * 60 * 24 * 365


def default() -> str:
    """Saleor's ``LANGUAGE_CODE`` when the plugin speaks it, else English."""
    return supported(settings.LANGUAGE_CODE) or "en"


def of_request(request: HttpRequest) -> str:
    chosen = supported(request.COOKIES.get(cookies.LANGUAGE))
    if chosen:
        return chosen
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        found = supported(code) if code != "*" else None
        if found:
            return found
    return default()
