"""The formatting layer: one way to print each kind of value, following the active language."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from saleor_customer_center import formatting
from saleor_customer_center.templating import PACKAGE_TEMPLATES


@pytest.mark.parametrize(
    ("language", "money", "day", "duration"),
    [
        ("en", "1,234.50 USD", "Nov 30, 2026", "2 min, 5 sec"),
        ("de", "1.234,50 USD", "30.11.2026", "2 Min., 5 Sek."),
    ],
)
def test_values_follow_the_active_language(language, money, day, duration):
    with translation.override(language):
        assert formatting.money(Decimal("1234.5"), "USD") == money
        assert formatting.date(dt.date(2026, 11, 30)) == day
        assert formatting.duration(dt.timedelta(seconds=125)) == duration


def test_short_runs_read_in_seconds_not_zero_minutes():
    with translation.override("en"):
        assert formatting.duration(dt.timedelta(seconds=4)) == "4 sec"
        assert formatting.duration(0) == "0 sec"
        assert formatting.duration(dt.timedelta(hours=1, minutes=3, seconds=9)) == "1 hr, 3 min"


def test_status_and_period_codes_read_as_words():
    with translation.override("en"):
        assert formatting.order_status("unfulfilled") == "Unfulfilled"
        assert formatting.order_status("canceled") == "Cancelled"
        assert formatting.period("monthly") == "Monthly"
        assert formatting.money(None, "USD") == ""


def test_moments_print_in_the_shop_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    moment = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    with translation.override("de"):
        assert formatting.datetime(moment) == "01.12.2026, 00:30"


def test_templates_format_only_through_the_layer():
    """Django's own date and float filters print one more way each: they are not used."""
    offenders = []
    for template in Path(PACKAGE_TEMPLATES).rglob("*.*"):
        text = template.read_text()
        for match in re.finditer(r"\|(date|floatformat|timeuntil|timesince)\b", text):
            offenders.append(f"{template.name}: {match.group(0)}")
    assert offenders == []
