"""The German catalog (issue 14 item 21): every marked string of pages, emails, PDFs and
messages is translated, the shipped .mo is compiled from the current .po, the wheel carries
it, and the plugin's words win over Saleor's and Django's catalogs for the same msgid.
Extraction runs Django's makemessages (GNU gettext; bin/setup-env installs it)."""

from __future__ import annotations

import gettext
import shutil
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real

from devtools import messages
from saleor_customer_center import languages

ROOT = Path(__file__).resolve().parents[2]
CATALOG = languages.LOCALE / "de" / "LC_MESSAGES"


def test_gettext_is_installed():
    """Without xgettext the completeness test could not extract; bin/setup-env installs it."""
    assert shutil.which("xgettext") and shutil.which("msgmerge") and shutil.which("msgfmt")


def test_every_marked_string_has_a_german_translation():
    assert messages.untranslated() == {"de": []}, "run bin/messages and translate the gaps"


def test_the_untranslated_check_sees_a_new_string(tmp_path):
    """The check above can fail: a template with a new marked string is reported."""
    copy = tmp_path / "pkg"
    shutil.copytree(languages.LOCALE.parent / "locale", copy / "locale")
    (copy / "templates").mkdir()
    (copy / "templates" / "new.html").write_text(
        '{% load i18n %}{% translate "A sentence nobody translated yet" %}'
    )
    assert "A sentence nobody translated yet" in messages.untranslated(copy)["de"]


def test_the_shipped_mo_is_compiled_from_the_current_po():
    """The .mo answers exactly what the .po says (a stale .mo, older than the .po, does not)."""
    with (CATALOG / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in messages.read(CATALOG / "django.po"):
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[key] = entry.msgstr["msgstr"]
        else:
            for name, text in entry.msgstr.items():
                expected[(key, int(name[len("msgstr[") : -1]))] = text
    assert {k: v for k, v in compiled.items() if k != ""} == expected, "run bin/messages"


def test_the_wheel_ships_the_catalogs():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["saleor_customer_center"]
    for name in ("django.po", "django.mo"):
        assert any(fnmatch(f"locale/de/LC_MESSAGES/{name}", pattern) for pattern in patterns)


def test_the_plugins_words_win_over_djangos_for_the_same_msgid():
    """Django's admin translates "This month" as "Diesen Monat"; the Home card says
    "Dieser Monat"."""
    with translation.override("de"):
        assert trans_real.translation("de")._catalog  # Django's catalogs are loaded
    with languages.speaking("de"):
        assert _("This month") == "Dieser Monat"
        assert _("Orders") == "Bestellungen"
    with languages.speaking("de-AT"):
        assert _("Invoice") == "Rechnung"


def test_english_keeps_the_source():
    with languages.speaking("en"):
        assert _("This month") == "This month"


def test_every_saleor_order_status_has_the_plugins_word():
    """Saleor spells "partially fulfilled" with a space; the filter showed its English."""
    from saleor_customer_center import formatting, saleor

    with languages.speaking("de"):
        words = dict(formatting.ORDER_STATUSES)
        for code, _label in saleor.order_status_choices():
            assert code in words, code
        assert formatting.order_status("partially fulfilled") == "Teilweise versandt"
