"""Small charts drawn on the server as SVG: no script, no build step, readable offline.

Coordinates are handed to the template as text: a template prints a number in the active
language (``12,5`` in German), which an SVG attribute does not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import formatting
from ..services.order_history import OrderHistory

WIDTH, HEIGHT = 480, 170
TOP, BOTTOM = 18, 22  # room for the counts above the bars and the months below
SLOT = WIDTH // 12


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    center: str
    caption_y: str
    label: str  # the month's short name
    month_name: str  # the month with its year
    title: str  # the month and its value, for the tooltip and the screen reader
    caption: str  # shown above the bar (counts only: amounts do not fit)
    value_text: str


@dataclass(frozen=True)
class BarChart:
    width: str
    height: str
    baseline: str
    bars: list[Bar]
    shows_amounts: bool
    currency: str
    total_count: int
    total_amount: Decimal | None


def _value_text(history: OrderHistory, value: Decimal | int) -> str:
    if history.shows_amounts:
        return formatting.money(value, history.currency)
    return formatting.number(value)


def orders_chart(history: OrderHistory) -> BarChart:
    values = [
        (month.amount or Decimal(0)) if history.shows_amounts else Decimal(month.count)
        for month in history.months
    ]
    peak = max(values, default=Decimal(0)) or Decimal(1)
    plot = HEIGHT - TOP - BOTTOM
    slot = WIDTH / max(len(values), 1)
    bars = []
    for index, (month, value) in enumerate(zip(history.months, values, strict=True)):
        height = float(value / peak) * plot
        if value and height < 2:
            height = 2.0  # a month with orders never looks empty
        x = index * slot + slot * 0.18
        y = TOP + plot - height
        value_text = _value_text(history, value if history.shows_amounts else month.count)
        bars.append(
            Bar(
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                width=f"{slot * 0.64:.1f}",
                height=f"{height:.1f}",
                center=f"{index * slot + slot / 2:.1f}",
                caption_y=f"{y - 4:.1f}",
                label=formatting.month(month.month),
                month_name=formatting.month_year(month.month),
                title=f"{formatting.month_year(month.month)}: {value_text}",
                caption="" if history.shows_amounts or not month.count else str(month.count),
                value_text=value_text,
            )
        )
    return BarChart(
        width=str(WIDTH),
        height=str(HEIGHT),
        baseline=f"{TOP + plot:.1f}",
        bars=bars,
        shows_amounts=history.shows_amounts,
        currency=history.currency,
        total_count=history.total_count,
        total_amount=history.total_amount,
    )
