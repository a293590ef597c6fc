"""The languages the customer center speaks: one catalog each under locale/ (English is the
source). Read by the door (which language a request gets) and by the header's switch."""

from __future__ import annotations

# code: the language's name in itself, as the switch offers it
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}


def supported(code: str | None) -> str | None:
    """The language of ``code`` (``de``, ``de-AT``, ``de_CH``) when the plugin speaks it."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None
