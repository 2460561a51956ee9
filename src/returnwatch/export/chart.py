"""An SVG step chart of running totals over time, drawn here so the dashboard needs no library."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

# Okabe & Ito's colour-blind-safe palette (black last: it is also the axis colour).
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442")
WIDTH, HEIGHT = 960, 360
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 16, 40
MAX_MARKERS = 400
"""A series with more points than this is drawn as its line only (no marker per point),
so the page stays small for thousands of dates."""


@dataclass
class Series:
    key: str
    label: str
    colour: str
    points: list[tuple[date, int]] = field(default_factory=list)


def step_chart(series: list[Series], title: str) -> str:
    """Each series as steps (a total holds until its next change), to the last date shown."""
    dates = [d for s in series for d, _ in s.points]
    start, end = min(dates), max(dates)
    if start == end:
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    top = _nice_ceiling(max([v for s in series for _, v in s.points] + [1]))
    span = (end - start).days

    def x(d: date) -> float:
        return LEFT + (d - start).days / span * (WIDTH - LEFT - RIGHT)

    def y(v: float) -> float:
        return HEIGHT - BOTTOM - v / top * (HEIGHT - TOP - BOTTOM)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<rect class="plot-area" x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
        f'height="{HEIGHT - TOP - BOTTOM}" fill="#ffffff"/>',
        *_y_axis(top, y),
        *_x_axis(start, end, x),
    ]
    for s in series:
        parts += _series(s, end, x, y)
    parts.append("</svg>")
    return "\n".join(parts)


def _series(s: Series, end: date, x, y) -> list[str]:
    points = sorted(s.points)
    path = f"M{x(points[0][0]):.1f},{y(points[0][1]):.1f}"
    for d, v in points[1:]:
        path += f" H{x(d):.1f} V{y(v):.1f}"
    path += f" H{x(end):.1f}"
    out = [
        f'<g class="series" data-key="{escape(s.key)}" data-colour="{s.colour}">',
        f'<path d="{path}" fill="none" stroke="{s.colour}" stroke-width="3"/>',
    ]
    for d, v in points if len(points) <= MAX_MARKERS else []:
        out.append(
            f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="5" fill="{s.colour}">'
            f"<title>{escape(s.label)}: {v:,} on {d.isoformat()}</title></circle>"
        )
    out.append("</g>")
    return out


def _y_axis(top: int, y) -> list[str]:
    out = []
    for i in range(5):
        value = top * i / 4
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,.0f}</text>'
        )
    return out


def _x_axis(start: date, end: date, x) -> list[str]:
    span = (end - start).days
    ticks = sorted({start + timedelta(days=round(span * i / 4)) for i in range(5)})
    base = HEIGHT - BOTTOM
    out = [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#333"/>']
    for tick in ticks:
        anchor = "start" if tick == start else "end" if tick == end else "middle"
        out.append(
            f'<text x="{x(tick):.1f}" y="{base + 20}" text-anchor="{anchor}">{tick.isoformat()}</text>'
        )
    return out


def _nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 times 10^k at or above ``value``."""
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    return int(10 * magnitude)
