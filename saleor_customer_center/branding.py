"""The shop's brand on every page, PDF and email: its name, logo and primary colour.

The operator sets them in the Dashboard (the plugin's configuration fields ``shop_name``,
``logo_url``, ``primary_color``; settings_store.py). The door puts the brand of the
request's settings in place for the request (``using``), the email task for its email; the
template engine hands it to every template as ``brand`` (templating.py), so no view passes
it along. A colour or URL that could carry markup or script never gets here: both are
validated when saved (``validate``) and dropped when read if they are not valid.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator


class BrandSettings(Protocol):
    """What a brand reads of the plugin's settings (settings_store.PluginSettings, which
    imports this module to validate them: named here by shape, not imported)."""

    @property
    def shop_name(self) -> str: ...

    @property
    def logo_url(self) -> str: ...

    @property
    def primary_color(self) -> str: ...


COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
DEFAULT_COLOR = "#2251a3"
INK = "#1f2933"  # the pages' text colour (_styles.css --ink)
MAX_URL_LENGTH = 1000
# Characters that could leave an attribute or a CSS value; a logo URL never needs them.
UNSAFE_IN_URL = re.compile(r"[\"'<>\\\s`()]")


def color_problem(value: str) -> str | None:
    if not value or COLOR.match(value):
        return None
    return "Give the colour as #rrggbb (e.g. #2251a3)."


def logo_url_problem(value: str) -> str | None:
    if not value:
        return None
    if len(value) > MAX_URL_LENGTH or UNSAFE_IN_URL.search(value):
        return "Give the full https:// address of an image, without quotes or spaces."
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        return "Give the full https:// address of an image, without quotes or spaces."
    return None


def validate(values: dict[str, Any]) -> dict[str, str]:
    """The brand fields' problems by field name (empty: all valid)."""
    problems = {
        "primary_color": color_problem(str(values.get("primary_color") or "").strip()),
        "logo_url": logo_url_problem(str(values.get("logo_url") or "").strip()),
    }
    return {name: problem for name, problem in problems.items() if problem}


def _luminance(color: str) -> float:
    """WCAG relative luminance of #rgb or #rrggbb."""
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Brand:
    name: str = "Shop"
    logo_url: str = ""
    color: str = DEFAULT_COLOR

    @property
    def on_color(self) -> str:
        """Text on the colour (buttons, the current section): white or ink, the more legible."""
        return "#ffffff" if _contrast(self.color, "#ffffff") >= _contrast(self.color, INK) else INK

    @property
    def text_color(self) -> str:
        """The colour for links and text on white: the brand's when it is legible (WCAG AA
        4.5:1), else the pages' ink."""
        return self.color if _contrast(self.color, "#ffffff") >= 4.5 else INK

    @classmethod
    def of(cls, settings: BrandSettings) -> Brand:
        return cls(
            name=settings.shop_name or "Shop",
            logo_url=settings.logo_url if not logo_url_problem(settings.logo_url) else "",
            color=settings.primary_color
            if settings.primary_color and not color_problem(settings.primary_color)
            else DEFAULT_COLOR,
        )


_current: contextvars.ContextVar[Brand] = contextvars.ContextVar(
    "customer_center_brand",
    default=Brand(),  # noqa: B039 (Brand is frozen)
)


@contextmanager
def using(brand: Brand) -> Iterator[Brand]:
    token = _current.set(brand)
    try:
        yield brand
    finally:
        _current.reset(token)


def current() -> Brand:
    return _current.get()
