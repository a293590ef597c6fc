"""The plugin's translation catalogs (README "Languages"): extract every marked string of
pages, emails, PDFs and messages with Django's ``makemessages`` (keeping the translations the
catalog has), compile the ``.mo`` files the wheel ships, and list what is not translated.

    python -m devtools.messages            extract into locale/<lang>/LC_MESSAGES/django.po
                                           and compile (bin/messages)
    python -m devtools.messages --check    exit 1 when a marked string lacks a translation

Needs GNU gettext (``xgettext``, ``msgmerge``, ``msgfmt``); bin/setup-env installs it.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "saleor_customer_center"
LANGUAGES = ("de",)  # saleor_customer_center/languages.py, English being the source

_RUN = (
    "import django, sys; from django.conf import settings; "
    "settings.configure(USE_I18N=True); django.setup(); "
    "from django.core.management import call_command; "
    "call_command(sys.argv[1], *sys.argv[2:])"
)


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def translated(self) -> bool:
        return "fuzzy" not in self.flags and bool(self.msgstr) and all(self.msgstr.values())


def read(po: Path) -> list[Entry]:
    """The entries of a .po file (the header, msgid "", left out)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key = ""

    def close() -> None:
        if entry is not None and entry.msgid:
            entries.append(entry)

    for line in po.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
            entry = None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            entry = entry or Entry()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        entry = entry or Entry()
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            key = match.group(1)
            _set(entry, key, ast.literal_eval(match.group(2)))
        elif line.startswith('"'):
            _set(entry, key, _get(entry, key) + ast.literal_eval(line))
    close()
    return entries


def _get(entry: Entry, key: str) -> str:
    if key.startswith("msgstr"):
        return entry.msgstr.get(key, "")
    return getattr(entry, key) or ""


def _set(entry: Entry, key: str, value: str) -> None:
    if key.startswith("msgstr"):
        entry.msgstr[key] = value
    else:
        setattr(entry, key, value)


def _manage(cwd: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-c", _RUN, *args], cwd=cwd, check=True, capture_output=True)


def extract(package: Path = PACKAGE) -> None:
    """makemessages over ``package`` (its .py files and templates) into its locale/."""
    (package / "locale").mkdir(exist_ok=True)
    _manage(
        package,
        "makemessages",
        *(f"--locale={code}" for code in LANGUAGES),
        "--no-location",
        "--no-obsolete",
        "--extension=html,txt,py",
    )


def compile_catalogs(package: Path = PACKAGE) -> None:
    _manage(package, "compilemessages")


def untranslated(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Per language, the marked strings of ``package`` its catalog does not translate,
    found by extracting into a copy (the package itself is left as it is)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "pkg"
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        extract(copy)
        return {
            code: [
                entry.msgid
                for entry in read(copy / "locale" / code / "LC_MESSAGES" / "django.po")
                if not entry.translated
            ]
            for code in LANGUAGES
        }


def main(argv: list[str]) -> int:
    if "--check" in argv:
        missing = untranslated()
        for code, msgids in missing.items():
            for msgid in msgids:
                print(f"{code}: not translated: {msgid!r}")
        return 1 if any(missing.values()) else 0
    extract()
    compile_catalogs()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
