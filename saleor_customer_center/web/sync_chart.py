"""The ERP page's chart: records stored and rejected per day, as a small inline SVG.

Server-rendered (no script on the console): bars per day, stored in the accent colour and
rejected in red on top. The SVG carries a <title> and <desc> for screen readers; the page
shows the same numbers as a table beside it (staff/erp.html), so the chart is never the
only way to read them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .. import formatting
from ..services.console import SyncDay

WIDTH = 720
HEIGHT = 180
TOP = 12
BOTTOM = 24  # room for the first and last day's labels
LEFT = 36  # room for the scale


def _scale_max(days: Sequence[SyncDay]) -> int:
    """The top of the scale: the busiest day, rounded up to a readable number."""
    most = max((d.stored + d.rejected for d in days), default=0)
    if most <= 0:
        return 1
    step = 10 ** (len(str(most)) - 1)
    return ((most + step - 1) // step) * step


def render(days: Sequence[SyncDay]) -> SafeString:
    """The chart as SVG markup, safe to place in a template."""
    if not days:
        return SafeString("")
    top = _scale_max(days)
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / len(days)
    bar = max(2.0, slot * 0.7)
    total_stored = sum(d.stored for d in days)
    total_rejected = sum(d.rejected for d in days)
    title = _("ERP records per day, last %(days)s days") % {"days": len(days)}
    desc = _("%(stored)s records stored and %(rejected)s rejected from %(first)s to %(last)s.") % {
        "stored": total_stored,
        "rejected": total_rejected,
        "first": formatting.date(days[0].day),
        "last": formatting.date(days[-1].day),
    }
    parts: list[SafeString] = [
        format_html(
            '<svg class="sync-chart" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="sync-chart-title sync-chart-desc" data-testid="sync-chart">'
            '<title id="sync-chart-title">{}</title><desc id="sync-chart-desc">{}</desc>',
            WIDTH,
            HEIGHT,
            title,
            desc,
        ),
        # the scale: zero and the top, with a faint line for each
        format_html(
            '<g class="axis" font-size="11" fill="#52606d">'
            '<line x1="{left}" x2="{w}" y1="{y0}" y2="{y0}" stroke="#9aa5b1"/>'
            '<line x1="{left}" x2="{w}" y1="{yt}" y2="{yt}" stroke="#d9e2ec"/>'
            '<text x="{lx}" y="{y0}" text-anchor="end" dy="4">0</text>'
            '<text x="{lx}" y="{yt}" text-anchor="end" dy="4">{top}</text>'
            '<text x="{left}" y="{h}" dy="-6">{first}</text>'
            '<text x="{w}" y="{h}" dy="-6" text-anchor="end">{last}</text></g>',
            left=LEFT,
            w=WIDTH,
            y0=TOP + plot_h,
            yt=TOP,
            lx=LEFT - 4,
            top=top,
            h=HEIGHT,
            first=formatting.date(days[0].day),
            last=formatting.date(days[-1].day),
        ),
    ]
    for index, d in enumerate(days):
        x = LEFT + index * slot + (slot - bar) / 2
        stored_h = plot_h * d.stored / top
        rejected_h = plot_h * d.rejected / top
        base = TOP + plot_h
        label = _("%(day)s: %(stored)s stored, %(rejected)s rejected") % {
            "day": formatting.date(d.day),
            "stored": d.stored,
            "rejected": d.rejected,
        }
        parts.append(
            format_html(
                "<g><title>{}</title>"
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#2251a3"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#b42318"/></g>',
                label,
                *(
                    f"{n:.1f}"
                    for n in (
                        x,
                        base - stored_h,
                        bar,
                        stored_h,
                        x,
                        base - stored_h - rejected_h,
                        bar,
                        rejected_h,
                    )
                ),
            )
        )
    return format_html("{}</svg>", format_html_join("", "{}", ((part,) for part in parts)))
