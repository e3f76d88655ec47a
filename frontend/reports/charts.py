"""Bar and line charts as SVG geometry computed here, drawn by the template: no script, no
external library, nothing but the page and its stylesheet (a strict CSP allows it)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from backend.reports.formats import page_cell
from backend.reports.tables import Column

BAR_WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 22
BAR_GAP = 6
LINE_WIDTH = 640
LINE_HEIGHT = 240
MARGIN = 36
LEFT = 72  # room for the axis' numbers (six digits)
LABELS = 7  # at most this many period labels under the line


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the page writes it ("77,8 %")
    y: float
    width: float
    text_y: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(
    items: Sequence[tuple[str, float]], top: int | None = None, *, percent: bool = False
) -> BarChart:
    """Horizontal bars (long programme names read well), the longest bar `top` (by default
    the largest value); values in per cent with `percent`."""
    top = top or max((value for _, value in items), default=0) or 1
    column = Column("value", "", percent=percent)
    room = BAR_WIDTH - LABEL_WIDTH - 84  # the value is written after the bar
    bars = [
        Bar(
            label=label,
            value=value,
            text=page_cell(value, column),
            y=n * (BAR_HEIGHT + BAR_GAP),
            width=max(1.0, room * value / top) if value else 0.0,
            text_y=n * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT * 0.7,
        )
        for n, (label, value) in enumerate(items)
    ]
    height = max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(bars=bars, width=BAR_WIDTH, height=height, label_width=LABEL_WIDTH)


@dataclass(frozen=True)
class Point:
    label: str
    value: int
    x: float
    y: float
    planned: bool  # the period has not begun: its placements are planned, not done


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class LineChart:
    points: list[Point]
    done: str  # the line through the periods begun
    planned: str  # on from the last period begun through those ahead, drawn dashed
    ticks: list[Tick]
    width: int
    height: int
    left: int
    bottom: float
    # Every how many points a label is written, so that labels do not overlap.
    label_every: int


def line_chart(items: Sequence[tuple[str, int, bool]]) -> LineChart:
    """A line over (label, value, planned) points; the planned ones apart, dashed."""
    top = max((value for _, value, _planned in items), default=0) or 1
    inner_width = LINE_WIDTH - LEFT - MARGIN
    inner_height = LINE_HEIGHT - 2 * MARGIN
    step = inner_width / max(len(items) - 1, 1)
    points = [
        Point(
            label=label,
            value=value,
            x=round(LEFT + n * step, 1),
            y=round(MARGIN + inner_height * (1 - value / top), 1),
            planned=planned,
        )
        for n, (label, value, planned) in enumerate(items)
    ]
    done = [p for p in points if not p.planned]
    ahead = done[-1:] + [p for p in points if p.planned]
    ticks = [
        Tick(value=round(top * share), y=round(MARGIN + inner_height * (1 - share), 1))
        for share in (0, 0.5, 1)
    ]
    return LineChart(
        points=points,
        done=" ".join(f"{p.x},{p.y}" for p in done),
        planned=" ".join(f"{p.x},{p.y}" for p in ahead) if len(ahead) > 1 else "",
        ticks=ticks,
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        left=LEFT,
        bottom=MARGIN + inner_height,
        label_every=max(1, math.ceil(len(points) / LABELS)),
    )
