"""The languages the customer center speaks: one catalog each under locale/ (English is the
source; bin/messages refreshes the catalogs). Read by the door (which language a request
gets), the header's switch and the emails.

Django merges the catalogs of every installed app and of Saleor's ``LOCALE_PATHS``; the
plugin comes last in ``INSTALLED_APPS``, so any of them translating one of our msgids
("This month": Django's admin says "Diesen Monat") would win over ours. ``speaking()`` puts
the plugin's catalog on top of the language it activates (README "Languages").
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils import translation
from django.utils.translation import to_locale, trans_real

LOCALE = Path(__file__).resolve().parent / "locale"

# code: the language's name in itself, as the switch offers it
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}

_ON_TOP = "_customer_center_on_top"


def supported(code: str | None) -> str | None:
    """The language of ``code`` (``de``, ``de-AT``, ``de_CH``) when the plugin speaks it."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """``translation.override(code)`` with the plugin's catalog winning over Saleor's and
    Django's for the same msgid."""
    with translation.override(code):
        _plugin_on_top(translation.get_language())
        yield


def _plugin_on_top(code: str | None) -> None:
    if not code:
        return
    spoken = trans_real.translation(code)
    if getattr(spoken, _ON_TOP, False):
        return
    ours = gettext.translation(
        "django", localedir=str(LOCALE), languages=[to_locale(code)], fallback=True
    )
    spoken.merge(ours)  # on top: DjangoTranslation.merge puts the later catalog first
    setattr(spoken, _ON_TOP, True)
