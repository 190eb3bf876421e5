"""A small chart per KPI: its baseline, targets and actuals over periods, as inline SVG.

Written by hand rather than with a plotting library: the chart is a few lines and dots, the report
must stay one file with no scripts and no fetches, and every label in it is user text whose
escaping we want to see in one place (`toc.render.text.html_text`). matplotlib would add a heavy
dependency, fonts chosen by the machine, and SVG ids that clash when thirty charts share a page.

Only numbers are drawn. Each value sits at its period: `period`, else `year`, else `date`, else the
`end` of its period; the periods are sorted as text, which orders ISO dates, years, `2025-Q2` and
`2025-26` as a reader expects. A target or actual with no period is placed after the dated ones,
in the order written; the baseline, with or without a year, comes first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toc.render.text import html_text, shorten

if TYPE_CHECKING:
    from toc.model import Actual, Baseline, Kpi, Target

WIDTH, HEIGHT = 260, 130
"""The chart's size in CSS pixels; about a third of an A4 column, so a KPI row stays short."""
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 10, 10, 30
_PERIOD_CHARS = 10
"""Characters of a period's name printed under the axis; the full name is in the tooltip."""
_CHAR_WIDTH = 6.0
"""Roughly the width in pixels of a character of the 10 px axis labels."""
_ACTUAL, _TARGET, _BASELINE = "#1f4e79", "#8c6d00", "#555555"
"""Dark blue, dark gold and grey: told apart in print and by most colour-blind readers, and
each also has its own shape (dot, open diamond, square)."""


@dataclass(frozen=True, slots=True)
class Point:
    """One value to draw: where it sits on the time axis, its number, and what it is."""

    period: str
    value: float
    role: str
    """`baseline`, `target` or `actual`."""


def period_of(record: Baseline | Target | Actual) -> str:
    """The name of the period a value belongs to, or `""` when it names none."""
    for name in ("period", "year", "date", "end"):
        found = getattr(record, name, None)
        if found is not None:
            return str(found)
    return ""


def points(kpi: Kpi, actuals: Sequence[Actual] | None = None) -> list[Point]:
    """The numbers of a KPI to draw: baselines, targets, and actuals (the KPI's own by default).

    `actuals` replaces the KPI's own, for actuals read from a separate file (`--actuals`).
    """
    found: list[Point] = []
    for role, records in (
        ("baseline", kpi.baselines),
        ("target", kpi.targets),
        ("actual", kpi.actuals if actuals is None else actuals),
    ):
        for record in records:
            if record.value is not None and not record.dimensions:
                found.append(Point(period_of(record), float(record.value), role))
    return found


def kpi_chart(kpi: Kpi, actuals: Sequence[Actual] | None = None) -> str | None:
    """An inline `<svg>` of the KPI's numbers over periods, or None when there is nothing to plot.

    Values broken down by dimensions (`{sex: female}`) are left out: a line through them would
    join different populations. They are still listed in the KPI table.
    """
    drawn = points(kpi, actuals)
    if not any(p.role != "baseline" for p in drawn):
        return None
    return chart_svg(drawn, title=f"{kpi.label}: baseline, targets and actuals by period")


_NO_PERIOD = "\x00"
"""The column of values that name no period; no period's name can be this."""


def _column(point: Point) -> str:
    if point.period:
        return point.period
    return "baseline" if point.role == "baseline" else _NO_PERIOD


def _columns(drawn: Sequence[Point]) -> list[str]:
    """The periods along the axis: the baselines' first, then named periods sorted, then none."""
    first = [_column(p) for p in drawn if p.role == "baseline"]
    rest = {_column(p) for p in drawn if p.role != "baseline"} - set(first)
    later = sorted(rest - {_NO_PERIOD}) + ([_NO_PERIOD] if _NO_PERIOD in rest else [])
    return list(dict.fromkeys([*first, *later]))


def chart_svg(drawn: Sequence[Point], *, title: str) -> str:
    """Draw points as SVG: a line and dots per role over the periods, with a y-axis scale."""
    columns = _columns(drawn)
    values = [p.value for p in drawn]
    low, high = min(0.0, *values), max(values)
    if high == low:
        high = low + 1.0
    inner_w, inner_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = inner_w / max(len(columns), 1)

    def x(point: Point) -> float:
        return _LEFT + step * (columns.index(_column(point)) + 0.5)

    def y(value: float) -> float:
        return _TOP + inner_h * (1 - (value - low) / (high - low))

    parts = [
        f'<svg class="toc-chart" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img">',
        f"<title>{html_text(title)}</title>",
        f'<line x1="{_LEFT}" y1="{_TOP + inner_h}" x2="{WIDTH - _RIGHT}" y2="{_TOP + inner_h}" '
        'stroke="#999" stroke-width="1"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + inner_h}" stroke="#999" '
        'stroke-width="1"/>',
    ]
    for value in (low, high):
        parts.append(
            f'<text x="{_LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="10" '
            f'fill="#333">{html_text(_number(value))}</text>'
        )
    names = ["no period" if period == _NO_PERIOD else period for period in columns]
    every = _label_every(step, [shorten(name, _PERIOD_CHARS) for name in names])
    for index, name in enumerate(names):
        last = len(names) - 1
        if index != last and (index % every or last - index < every):
            continue  # too many periods to name each: every n-th one, and the last
        parts.append(
            f'<text x="{_LEFT + step * (index + 0.5):.1f}" y="{HEIGHT - _BOTTOM + 14}" '
            f'text-anchor="middle" font-size="10" fill="#333">'
            f"{html_text(shorten(name, _PERIOD_CHARS))}<title>{html_text(name)}</title></text>"
        )
    for role, colour in (("target", _TARGET), ("actual", _ACTUAL), ("baseline", _BASELINE)):
        mine = [p for p in drawn if p.role == role]
        if len(mine) > 1 and role != "baseline":
            line = " ".join(f"{x(p):.1f},{y(p.value):.1f}" for p in mine)
            dash = ' stroke-dasharray="4 3"' if role == "target" else ""
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.5"'
                f"{dash}/>"
            )
        for p in mine:
            parts.append(_marker(role, colour, x(p), y(p.value), p))
    parts.append("</svg>")
    return "".join(parts)


def _marker(role: str, colour: str, cx: float, cy: float, point: Point) -> str:
    when = f" {point.period}" if point.period else ""
    tip = f"<title>{html_text(f'{role}{when}: {_number(point.value)}')}</title>"
    if role == "actual":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}">{tip}</circle>'
    if role == "baseline":
        return (
            f'<rect x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7" '
            f'fill="{colour}">{tip}</rect>'
        )
    corners = f"{cx:.1f},{cy - 4.5:.1f} {cx + 4.5:.1f},{cy:.1f} {cx:.1f},{cy + 4.5:.1f} " + (
        f"{cx - 4.5:.1f},{cy:.1f}"
    )
    return (
        f'<polygon points="{corners}" fill="#fff" stroke="{colour}" stroke-width="1.5">'
        f"{tip}</polygon>"
    )


def _label_every(step: float, labels: Sequence[str]) -> int:
    """Name every n-th period so labels do not overlap: about 6 px a character at 10 px."""
    widest = max((len(label) for label in labels), default=0) * _CHAR_WIDTH + 4
    return max(1, math.ceil(widest / step)) if step > 0 else 1


def _number(value: float) -> str:
    """A value as a reader writes it: `85`, not `85.0`; `0.25`, not `0.25000000001`."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"


LEGEND = (
    f'<span class="toc-legend"><svg width="12" height="12" aria-hidden="true">'
    f'<rect x="2.5" y="2.5" width="7" height="7" fill="{_BASELINE}"/></svg> baseline '
    f'<svg width="12" height="12" aria-hidden="true"><polygon points="6,1.5 10.5,6 6,10.5 1.5,6" '
    f'fill="#fff" stroke="{_TARGET}" stroke-width="1.5"/></svg> target '
    f'<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="3.5" '
    f'fill="{_ACTUAL}"/></svg> actual</span>'
)
"""The key to the charts' shapes, printed once above the KPI table."""
