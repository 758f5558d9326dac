"""Charts as SVG rendered on the server: no JavaScript or CDN needed, and each chart is paired with a
data table and a text summary in the template. The SVG itself is one image (role="img") with a
title and description; the numbers are read from the table next to it."""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import mark_safe

HIGHLIGHT = "#d4351c"
DOT = "#505a5f"
MEDIAN = "#0b0c0c"
BAND = "#c8e1ef"
QUARTILE_BAND = "#dbe8f0"
COUNCIL_LINE = "#1d70b8"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _scale(lo: float, hi: float, left: float, right: float):
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    span = hi - lo

    def x(value: float) -> float:
        return left + (value - lo) / span * (right - left)

    return x


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi == lo:
        return [lo]
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    start = math.ceil(lo / step) * step
    ticks = []
    value = start
    while value <= hi + 1e-9 and len(ticks) < 12:
        ticks.append(round(value, 10))
        value += step
    return ticks


def dot_strip(points: list[dict], median: float | None, mad: float | None, *, title: str, description: str,
              unit: str = "£ per head", mads: float = 2.0, width: int = 720, height: int = 150,
              reverse: bool = False, chart_id: str = "chart") -> str:
    """One dot per member. ``points``: [{"label", "value", "highlight": bool}].

    ``reverse`` draws the axis from high to low, used so "better" is always to the right for measures
    where lower is better."""
    values = [p["value"] for p in points if p.get("value") is not None]
    left, right, mid = 20, width - 20, height / 2 - 10
    parts = [
        f'<svg class="pe-chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    if not values:
        parts.append(f'<text x="{width / 2}" y="{mid}" text-anchor="middle" font-size="14">No figures to show</text></svg>')
        return mark_safe("".join(parts))  # noqa: S308 - every dynamic value above is escaped
    lo, hi = min(values), max(values)
    if median is not None and mad:
        lo, hi = min(lo, median - mads * mad), max(hi, median + mads * mad)
    pad = (hi - lo) * 0.04 or 1
    lo, hi = lo - pad, hi + pad
    x = _scale(hi, lo, left, right) if reverse else _scale(lo, hi, left, right)
    if median is not None and mad:
        x1, x2 = sorted((x(median - mads * mad), x(median + mads * mad)))
        parts.append(f'<rect x="{x1:.1f}" y="{mid - 30}" width="{x2 - x1:.1f}" height="60" fill="{BAND}"/>')
    if median is not None:
        parts.append(f'<line x1="{x(median):.1f}" x2="{x(median):.1f}" y1="{mid - 38}" y2="{mid + 38}" '
                     f'stroke="{MEDIAN}" stroke-width="2" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x(median):.1f}" y="{mid - 42}" text-anchor="middle" font-size="12">'
                     f'median {escape(_fmt(median))}</text>')
    highlighted = []
    for point in points:
        if point.get("value") is None:
            continue
        if point.get("highlight"):
            highlighted.append(point)
            continue
        parts.append(f'<circle cx="{x(point["value"]):.1f}" cy="{mid}" r="5" fill="{DOT}" fill-opacity="0.55"/>')
    for point in highlighted:
        cx = x(point["value"])
        parts.append(f'<circle cx="{cx:.1f}" cy="{mid}" r="8" fill="{HIGHLIGHT}" stroke="#0b0c0c" stroke-width="1.5"/>')
        parts.append(f'<text x="{cx:.1f}" y="{mid + 26}" text-anchor="middle" font-size="12" font-weight="bold">'
                     f'{escape(point["label"])}</text>')
    axis_y = height - 22
    parts.append(f'<line x1="{left}" x2="{right}" y1="{axis_y}" y2="{axis_y}" stroke="#505a5f"/>')
    for tick in _ticks(lo, hi):
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#505a5f"/>')
        parts.append(f'<text x="{tx:.1f}" y="{axis_y + 16}" text-anchor="middle" font-size="11">{escape(_fmt(tick))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every dynamic value above is escaped


def trend_chart(points: list[dict], *, title: str, description: str, council_label: str, width: int = 720,
                height: int = 300, chart_id: str = "trend") -> str:
    """Council line, group median line and an interquartile band over years; dashed verticals mark
    definition breaks. ``points``: [{"year": label, "value", "median", "q1", "q3", "break": text}]."""
    left, right, top, bottom = 60, width - 20, 20, height - 40
    numbers = [p[k] for p in points for k in ("value", "median", "q1", "q3") if p.get(k) is not None]
    parts = [
        f'<svg class="pe-chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    if not numbers or not points:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="14">No figures to show</text></svg>')
        return mark_safe("".join(parts))  # noqa: S308
    lo, hi = min(min(numbers), 0), max(numbers)
    hi = hi + (hi - lo) * 0.05 or 1
    step = (right - left) / max(len(points) - 1, 1)

    def px(i):
        return left + i * step if len(points) > 1 else (left + right) / 2

    def py(v):
        return bottom - (v - lo) / ((hi - lo) or 1) * (bottom - top)

    for tick in _ticks(lo, hi):
        parts.append(f'<line x1="{left}" x2="{right}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" stroke="#e5e6e7"/>')
        parts.append(f'<text x="{left - 6}" y="{py(tick) + 4:.1f}" text-anchor="end" font-size="11">{escape(_fmt(tick))}</text>')
    # Interquartile band drawn as one polygon per unbroken run of years.
    run = []
    for i, p in enumerate(points + [{}]):
        if p.get("q1") is not None and p.get("q3") is not None:
            run.append((i, p))
            continue
        if run:
            upper = " ".join(f"{px(j):.1f},{py(q['q3']):.1f}" for j, q in run)
            lower = " ".join(f"{px(j):.1f},{py(q['q1']):.1f}" for j, q in reversed(run))
            parts.append(f'<polygon points="{upper} {lower}" fill="{QUARTILE_BAND}"/>')
            run = []

    def polyline(key, colour, dash=""):
        segment = []
        for i, p in enumerate(points + [{}]):
            if p.get(key) is not None:
                segment.append(f"{px(i):.1f},{py(p[key]):.1f}")
                continue
            if segment:
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
                             f'stroke-width="3"{dash_attr}/>')
                segment = []
        for i, p in enumerate(points):
            if p.get(key) is not None:
                parts.append(f'<circle cx="{px(i):.1f}" cy="{py(p[key]):.1f}" r="4" fill="{colour}"/>')

    polyline("median", MEDIAN, "6 4")
    polyline("value", COUNCIL_LINE)
    for i, p in enumerate(points):
        if p.get("break"):
            parts.append(f'<line x1="{px(i) - step / 2:.1f}" x2="{px(i) - step / 2:.1f}" y1="{top}" y2="{bottom}" '
                         f'stroke="{HIGHLIGHT}" stroke-width="2" stroke-dasharray="3 3"/>')
            parts.append(f'<text x="{px(i) - step / 2 + 4:.1f}" y="{top + 12}" font-size="11" fill="#0b0c0c">'
                         f'definition change</text>')
        parts.append(f'<text x="{px(i):.1f}" y="{bottom + 18}" text-anchor="middle" font-size="11">{escape(str(p["year"]))}</text>')
    legend_y = height - 6
    parts.append(f'<line x1="{left}" x2="{left + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{COUNCIL_LINE}" stroke-width="3"/>'
                 f'<text x="{left + 30}" y="{legend_y}" font-size="12">{escape(council_label)}</text>')
    parts.append(f'<line x1="{left + 260}" x2="{left + 284}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{MEDIAN}" '
                 f'stroke-width="3" stroke-dasharray="6 4"/><text x="{left + 290}" y="{legend_y}" font-size="12">group median</text>')
    parts.append(f'<rect x="{left + 400}" y="{legend_y - 10}" width="24" height="10" fill="{QUARTILE_BAND}"/>'
                 f'<text x="{left + 430}" y="{legend_y}" font-size="12">lower to upper quartile</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every dynamic value above is escaped
