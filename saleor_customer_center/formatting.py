"""How dates, money, durations and status words read on every page, PDF and email.

One layer so that a date never prints three ways (docs/architecture.md, "Formatting"):
every value follows the active language (Django's ``get_language()``), through Babel's
CLDR data, which Saleor already installs. Templates reach it through the filters in
``templatetags/customer_center.py``; Python code (PDFs, emails, CSV) calls it directly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel import units as babel_units
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models.budget import BudgetPeriod

EMPTY = "—"

# Saleor's order statuses (saleor/order/__init__.py, OrderStatus) in the buyer's words.
ORDER_STATUSES = {
    "draft": _("Draft"),
    "unconfirmed": _("Unconfirmed"),
    "unfulfilled": _("Unfulfilled"),
    "partially fulfilled": _("Partially fulfilled"),  # Saleor spells it with a space
    "partially_returned": _("Partially returned"),
    "returned": _("Returned"),
    "fulfilled": _("Fulfilled"),
    "canceled": _("Cancelled"),
    "expired": _("Expired"),
}


def locale() -> Locale:
    """The CLDR locale of the active language, English when Babel does not know it."""
    code = translation.get_language() or settings.LANGUAGE_CODE or "en"
    try:
        return Locale.parse(translation.to_locale(code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money(amount: object, currency: str = "") -> str:
    """An amount with its currency as the language writes it: ``1,234.50 USD`` / ``1.234,50 USD``.

    The ISO code, not a symbol: a B2B buyer compares figures with invoices that carry it.
    """
    value = _decimal(amount)
    if value is None:
        return ""
    if not currency:
        return number(value, decimals=2)
    return babel_numbers.format_currency(
        value, currency, format="#,##0.00 ¤¤", locale=locale(), currency_digits=False
    )


def number(value: object, decimals: int | None = None) -> str:
    parsed = _decimal(value)
    if parsed is None:
        return ""
    if decimals is None:
        return babel_numbers.format_decimal(parsed, locale=locale())
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel_numbers.format_decimal(
        parsed, format=pattern, locale=locale(), decimal_quantization=True
    )


def percent(value: object) -> str:
    parsed = _decimal(value)
    if parsed is None:
        return ""
    return babel_numbers.format_percent(parsed / 100, format="#,##0.##%", locale=locale())


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def date(value: object) -> str:
    """A calendar day, e.g. ``30 Nov 2026`` / ``30.11.2026``: never ambiguous about the month."""
    day = _as_date(value)
    return babel_dates.format_date(day, format="medium", locale=locale()) if day else ""


def datetime(value: object) -> str:
    """A moment in the shop's time zone, to the minute."""
    if isinstance(value, str) and value:
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return ""
    if not isinstance(value, dt.datetime):
        return date(value)
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    current = locale()
    day = babel_dates.format_date(moment.date(), format="medium", locale=current)
    time = babel_dates.format_time(moment.time(), format="short", locale=current)
    return f"{day}, {time}"


def duration(value: object) -> str:
    """A span in the largest two units that matter: ``4 sec``, ``2 min, 5 sec``, ``1 hr, 3 min``.

    Sync runs last seconds; rounding them to minutes made every run read "0 minutes".
    """
    if value is None:
        return ""
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(str(value))
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "duration-hour"), (minutes, "duration-minute"), (secs, "duration-second")]
    shown = [(n, unit) for n, unit in parts if n][:2] or [(0, "duration-second")]
    current = locale()
    words = [babel_units.format_unit(n, unit, length="short", locale=current) for n, unit in shown]
    return babel_lists.format_list(words, style="unit-short", locale=current)


def order_status(value: object) -> str:
    """Saleor's order status code as a word, e.g. ``unfulfilled`` → ``Unfulfilled``."""
    if not value:
        return EMPTY
    label = ORDER_STATUSES.get(str(value))
    return str(label) if label is not None else str(value).replace("_", " ").capitalize()


def period(value: object) -> str:
    """A budget period code as a word, e.g. ``monthly`` → ``Monthly``."""
    try:
        return str(BudgetPeriod(str(value)).label)
    except ValueError:
        return str(value or EMPTY)


def month(value: object) -> str:
    """A month's short name for a chart's axis, e.g. ``Nov`` / ``Nov.``."""
    day = _as_date(value)
    return babel_dates.format_date(day, format="LLL", locale=locale()) if day else ""


def month_year(value: object) -> str:
    """A month with its year, e.g. ``November 2026``."""
    day = _as_date(value)
    return babel_dates.format_date(day, format="LLLL y", locale=locale()) if day else ""
