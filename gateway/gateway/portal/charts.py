"""Charts drawn on the server as SVG: no script, no build step, nothing fetched from elsewhere.

Each chart is a figure of daily values (orders per day as bars, a stock level or value as steps).
It names itself for screen readers (`role="img"` with a title and a description giving the figures
that matter) and every bar or step carries its own date and value on hover; the page puts the
full figures beside it in a table (`figures`). Dates and numbers are written in the reader's
locale (Babel), and the drawing is sized in its own units (a viewBox) with text large enough to
read when a phone shrinks it to 360 pixels. Colours come from the stylesheet (classes only: the
portal's Content-Security-Policy allows no style attributes)."""
import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import ceil, floor, log10

from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

WIDTH, HEIGHT = 480, 210
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 34  # room for the axes' labels
FONT = 15
_ids = itertools.count(1)


@dataclass(frozen=True)
class Figure:
    day: date
    value: int | Decimal


def nice_ceiling(value: float, whole: bool = False) -> float:
    """The top of the axis: the first of 1, 2, 2.5, 5 or 10 times a power of ten at or above
    `value` (at least 1), so that the axis' middle is a round number too. For counts (`whole`) the
    middle is a whole number as well: no half an order at 0.5 or 2.5."""
    if whole and value <= 10:
        return max(2, 2 * ceil(value / 2))
    if value <= 1:
        return 1
    power = 10 ** floor(log10(value))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    return next(step * power for step in steps if step * power >= value)


def number(value, locale: str, money: bool = False) -> str:
    return format_decimal(value, format="#,##0.00" if money else "#,##0.##", locale=locale)


def day_label(day: date, locale: str) -> str:
    """1 dec / 1 Dec: short enough for the axis, in the reader's language."""
    return format_date(day, "d MMM", locale=locale)


def long_day(day: date, locale: str) -> str:
    return format_date(day, "long", locale=locale)


def figures(series: list[Figure], locale: str, money: bool = False, changes_only: bool = False) -> list[tuple[str, str]]:
    """The chart's figures for its table: (date, value), as the reader writes them; with
    `changes_only` (a level held for days) the first day, each day it changed, and the last."""
    kept = [figure for index, figure in enumerate(series)
            if not changes_only or index in (0, len(series) - 1) or figure.value != series[index - 1].value]
    return [(long_day(figure.day, locale), number(figure.value, locale, money)) for figure in kept]


def _scale(series: list[Figure]):
    top = nice_ceiling(float(max((figure.value for figure in series), default=0)),
                       whole=all(isinstance(figure.value, int) for figure in series))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(series), 1)

    def y(value) -> float:
        return round(TOP + plot_height * (1 - float(value) / top), 1)

    return top, slot, y


def _axes(series: list[Figure], top: float, slot: float, y, locale: str, money: bool) -> list[str]:
    parts = []
    for value in (0, top / 2, top):
        parts.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value)}" y2="{y(value)}"/>')
        label = number(Decimal(str(value)), locale)
        parts.append(f'<text class="chart-label" x="{LEFT - 6}" y="{y(value) + 5}" text-anchor="end" '
                     f'font-size="{FONT}">{escape(label)}</text>')
    if series:  # the first, middle and last day: more would not fit on a phone
        for index in sorted({0, len(series) // 2, len(series) - 1}):
            anchor = "start" if index == 0 else "end" if index == len(series) - 1 else "middle"
            x = LEFT if index == 0 else WIDTH - RIGHT if index == len(series) - 1 else LEFT + slot * (index + .5)
            parts.append(f'<text class="chart-label" x="{round(x, 1)}" y="{HEIGHT - 10}" text-anchor="{anchor}" '
                         f'font-size="{FONT}">{escape(day_label(series[index].day, locale))}</text>')
    return parts


def _svg(kind: str, title: str, description: str, parts: list[str]) -> Markup:
    chart_id = f"chart-{next(_ids)}"
    return Markup(
        f'<svg class="chart chart-{kind}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(parts) + "</svg>")


def _hover(figure: Figure, locale: str, money: bool) -> str:
    return f"<title>{escape(long_day(figure.day, locale))}: {escape(number(figure.value, locale, money))}</title>"


def bar_chart(series: list[Figure], *, title: str, description: str, locale: str) -> Markup:
    """A bar per day (orders per day)."""
    top, slot, y = _scale(series)
    parts = _axes(series, top, slot, y, locale, money=False)
    gap = min(2.0, slot / 4)
    for index, figure in enumerate(series):
        height = round(y(0) - y(figure.value), 1)
        x = round(LEFT + slot * index + gap / 2, 1)
        parts.append(f'<rect class="chart-bar" x="{x}" y="{y(figure.value)}" width="{round(slot - gap, 1)}" '
                     f'height="{height}">{_hover(figure, locale, False)}</rect>')
    return _svg("bars", title, description, parts)


def step_chart(series: list[Figure], *, title: str, description: str, locale: str, money: bool = False) -> Markup:
    """A level through the days (stock, stock value): each day's value held until the next."""
    top, slot, y = _scale(series)
    parts = _axes(series, top, slot, y, locale, money)
    points = []
    for index, figure in enumerate(series):
        points += [(LEFT + slot * index, y(figure.value)), (LEFT + slot * (index + 1), y(figure.value))]
    if points:
        line = " ".join(f"{round(x, 1)},{yy}" for x, yy in points)
        parts.append(f'<polygon class="chart-area" points="{LEFT},{y(0)} {line} {WIDTH - RIGHT},{y(0)}"/>')
        parts.append(f'<polyline class="chart-line" points="{line}"/>')
    for index, figure in enumerate(series):  # hover targets, one per day, the plot's full height
        parts.append(f'<rect class="chart-hover" x="{round(LEFT + slot * index, 1)}" y="{TOP}" '
                     f'width="{round(slot, 1)}" height="{HEIGHT - TOP - BOTTOM}">{_hover(figure, locale, money)}</rect>')
    return _svg("steps", title, description, parts)
