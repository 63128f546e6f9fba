"""The geometry of the dashboard's weekly bar chart, worked out here so that it can be tested
and the template only draws what it is given (an inline SVG: no JavaScript needed).

Coordinates are SVG user units in a fixed viewBox; CSS scales the drawing to the page.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from records_app.reports import Week

WIDTH, HEIGHT = 720, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 8, 16, 28
SERIES = ("received", "fulfilled")
# The share of each week's slot that its bars fill; the rest keeps the weeks apart.
BARS_SHARE = 0.7


@dataclass(frozen=True)
class Bar:
    series: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class WeekSlot:
    label: str
    label_x: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: float
    right: float
    top: float
    baseline: float
    scale_max: int
    weeks: tuple[WeekSlot, ...]


def weekly_bar_chart(weeks: Sequence[Week]) -> BarChart:
    """One slot per week, a bar per series side by side, the tallest reaching the top.

    The scale is at least 1 so that a quiet quarter draws flat bars, not a division by zero.
    """
    scale_max = max([1] + [getattr(week, series) for week in weeks for series in SERIES])
    right = WIDTH - MARGIN_RIGHT
    baseline = HEIGHT - MARGIN_BOTTOM
    slot_width = (right - MARGIN_LEFT) / len(weeks)
    bar_width = slot_width * BARS_SHARE / len(SERIES)
    slots = []
    for index, week in enumerate(weeks):
        slot_left = MARGIN_LEFT + index * slot_width
        first_bar_x = slot_left + slot_width * (1 - BARS_SHARE) / 2
        bars = tuple(
            _bar(series, getattr(week, series), first_bar_x + n * bar_width, bar_width, scale_max)
            for n, series in enumerate(SERIES)
        )
        label = f"{week.starts_on:%b} {week.starts_on.day}"
        slots.append(WeekSlot(label, round(slot_left + slot_width / 2, 1), bars))
    return BarChart(
        WIDTH, HEIGHT, MARGIN_LEFT, right, MARGIN_TOP, baseline, scale_max, tuple(slots)
    )


def _bar(series: str, value: int, x: float, width: float, scale_max: int) -> Bar:
    height = (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) * value / scale_max
    return Bar(
        series=series,
        value=value,
        x=round(x, 1),
        y=round(HEIGHT - MARGIN_BOTTOM - height, 1),
        width=round(width, 1),
        height=round(height, 1),
    )
