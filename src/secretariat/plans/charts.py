"""SVG charts made on the server: no script, no network, each with words and a table.

Every chart comes with a text alternative (what a screen reader announces and what the
figure's caption says) and the rows of a table showing the same numbers. Colours are
never the only carrier: every bar and point is labelled with its value. No template and no
database: figures only take the reader's number format.
"""

import math
from dataclasses import dataclass
from html import escape

from django.utils.formats import number_format

COLOURS = {
    "green": "#1d6b3a",
    "amber": "#8a5a00",
    "red": "#a4262c",
    "none": "#6b7785",
    "count": "#0b4f8a",
}
TARGET_COLOUR, ACTUAL_COLOUR, INK, GRID = "#4f5b6a", "#0b4f8a", "#1b2430", "#d5dbe3"


@dataclass(frozen=True)
class Chart:
    svg: str
    description: str
    headers: tuple
    rows: tuple


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int | None  # None: no data yet
    status: str
    status_label: str


def _attr(value) -> str:
    return escape(str(value), quote=True)


def bar_chart(*, title: str, bars: list[Bar], no_data: str, headers: tuple, summary: str) -> Chart:
    """Horizontal bars of progress (0-100%), one per row, labelled with value and status."""
    row_height, label_width, bar_width = 34, 260, 300
    height = max(1, len(bars)) * row_height + 30
    width = label_width + bar_width + 130
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_attr(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + bar_width * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 22}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
            f'fill="{INK}">{tick}%</text>'
        )
    for i, bar in enumerate(bars):
        y = i * row_height + 6
        label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" font-size="12" text-anchor="end" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        value = no_data if bar.percent is None else f"{bar.percent}% · {bar.status_label}"
        length = bar_width * (bar.percent or 0) / 100
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="22" '
            f'fill="{COLOURS.get(bar.status, COLOURS["none"])}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" font-size="12" '
            f'fill="{INK}">{escape(value)}</text>'
        )
    parts.append("</svg>")
    rows = tuple(
        (b.label, no_data if b.percent is None else f"{b.percent}%", b.status_label) for b in bars
    )
    return Chart("".join(parts), summary, headers, rows)


def fmt(value) -> str:
    """A figure without trailing zeros, in the reader's number format: 4.15, or 4,15 in French."""
    if value is None:
        return "–"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return number_format(float(text), decimal_pos=None if "." in text else 0)


def _nice_step(span: float) -> float:
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about four intervals."""
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude * 1.000001)


def _value_range(values, from_zero):
    """The axis's bounds and step: round figures around the values, from zero if asked (or
    when the values are near it)."""
    if not values:
        return 0.0, 1.0, 0.25
    low, high = min(values), max(values)
    room = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    low = 0.0 if from_zero or (low >= 0 and low - room < 0) else low - room
    step = _nice_step(max(high - low, room, 1e-6))
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    return low, (high if high > low else low + step), step


def trend_chart(
    *,
    title: str,
    periods: list[str],
    targets: list[float | None],
    actuals: list[float | None],
    legend: tuple[str, str],
    headers: tuple,
    summary: str,
    from_zero: bool = False,
) -> Chart:
    """Targets (dashed, grey) and approved values (solid, blue) over the periods.

    At each period the higher figure's label sits above its point and the lower one's
    below, so that close or equal figures stay legible.
    """
    width, height, left, right, top, bottom = 640, 260, 60, 60, 20, 50
    values = [v for v in (*targets, *actuals) if v is not None]
    low, high, tick = _value_range(values, from_zero)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(periods) - 1) if len(periods) > 1 else 0

    def x(i):
        return left + (i * step if len(periods) > 1 else plot_w / 2)

    def y(v):
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_attr(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for k in range(round((high - low) / tick) + 1):
        v = low + tick * k
        parts.append(
            f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="{INK}">{escape(fmt(v))}</text>'
        )
    for i, label in enumerate(periods):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" font-size="11" '
            f'text-anchor="middle" fill="{INK}">{escape(label)}</text>'
        )
    for series, other, colour, dash in (
        (targets, actuals, TARGET_COLOUR, ' stroke-dasharray="6 4"'),
        (actuals, targets, ACTUAL_COLOUR, ""),
    ):
        points = [(i, x(i), y(v), v) for i, v in enumerate(series) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for _, px, py, _ in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            )
        for i, px, py, v in points:
            # Below when the other series is higher here, or equal and this is the target.
            below = other[i] is not None and (other[i] > v or (other[i] == v and series is targets))
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>'
                f'<text x="{px + 6:.1f}" y="{py + (16 if below else -8):.1f}" font-size="11" '
                f'fill="{colour}">{escape(fmt(v))}</text>'
            )
    legend_y = height - 10
    parts.append(
        f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 24}" y2="{legend_y - 4}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{left + 30}" y="{legend_y}" font-size="11" fill="{INK}">'
        f"{escape(legend[0])}</text>"
        f'<line x1="{left + 160}" y1="{legend_y - 4}" x2="{left + 184}" y2="{legend_y - 4}" '
        f'stroke="{ACTUAL_COLOUR}" stroke-width="2"/>'
        f'<text x="{left + 190}" y="{legend_y}" font-size="11" fill="{INK}">'
        f"{escape(legend[1])}</text>"
    )
    parts.append("</svg>")
    rows = tuple(
        (label, fmt(t), fmt(a)) for label, t, a in zip(periods, targets, actuals, strict=True)
    )
    return Chart("".join(parts), summary, headers, rows)
