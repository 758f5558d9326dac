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


def dot_strip(
    points: list[dict],
    median: float | None,
    mad: float | None,
    *,
    title: str,
    description: str,
    mads: float = 2.0,
    width: int = 720,
    height: int = 150,
    reverse: bool = False,
    chart_id: str = "chart",
) -> str:
    """One dot per member. ``points``: [{"label", "value", "highlight": bool}].

    ``reverse`` draws the axis from high to low, used so "better" is always to the right for measures
    where lower is better. Returns the wide drawing and a narrow one for small screens (see
    :func:`_pair`)."""
    wide = _dot_strip_wide(
        points,
        median,
        mad,
        title=title,
        description=description,
        mads=mads,
        width=width,
        height=height,
        reverse=reverse,
        chart_id=chart_id,
    )
    narrow = _dot_strip_narrow(
        points,
        median,
        mad,
        title=title,
        description=description,
        mads=mads,
        reverse=reverse,
        chart_id=f"{chart_id}-narrow",
    )
    return _pair(wide, narrow)


def _strip_scale(values, median, mad, mads, left, right, reverse):
    """The value axis of a dot strip (wide or narrow): every value and the whole band fit, with a
    little room either side. Returns the value-to-x function and the axis' ends."""
    lo, hi = min(values), max(values)
    if median is not None and mad:
        lo, hi = min(lo, median - mads * mad), max(hi, median + mads * mad)
    pad = (hi - lo) * 0.04 or 1
    lo, hi = lo - pad, hi + pad
    return (_scale(hi, lo, left, right) if reverse else _scale(lo, hi, left, right)), lo, hi


def _band_and_median(x, median, mad, mads, mid) -> list[str]:
    """The band of ``mads`` median absolute deviations and the dashed median line."""
    shapes = []
    if median is not None and mad:
        x1, x2 = sorted((x(median - mads * mad), x(median + mads * mad)))
        shapes.append(f'<rect x="{x1:.1f}" y="{mid - 30}" width="{x2 - x1:.1f}" height="60" fill="{BAND}"/>')
    if median is not None:
        shapes.append(
            f'<line x1="{x(median):.1f}" x2="{x(median):.1f}" y1="{mid - 38}" y2="{mid + 38}" '
            f'stroke="{MEDIAN}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
    return shapes


def _dot_strip_wide(points, median, mad, *, title, description, mads, width, height, reverse, chart_id) -> str:
    values = [p["value"] for p in points if p.get("value") is not None]
    left, right, mid = 20, width - 20, height / 2 - 10
    parts = [
        f'<svg class="pe-chart pe-chart--wide" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    if not values:
        parts.append(
            f'<text x="{width / 2}" y="{mid}" text-anchor="middle" font-size="14">No figures to show</text></svg>'
        )
        return "".join(parts)
    x, lo, hi = _strip_scale(values, median, mad, mads, left, right, reverse)
    parts += _band_and_median(x, median, mad, mads, mid)
    if median is not None:
        median_text = f"median {_fmt(median)}"
        parts.append(
            f'<text {_inside(x(median), median_text, 12, width)} y="{mid - 42}" '
            f'font-size="12">{escape(median_text)}</text>'
        )
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
        position = _inside(cx, point["label"], 12, width, bold=True)
        parts.append(
            f'<text {position} y="{mid + 26}" font-size="12" font-weight="bold">{escape(point["label"])}</text>'
        )
    axis_y = height - 22
    parts.append(f'<line x1="{left}" x2="{right}" y1="{axis_y}" y2="{axis_y}" stroke="#505a5f"/>')
    for tick in _ticks(lo, hi):
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#505a5f"/>')
        parts.append(
            f'<text {_inside(tx, _fmt(tick), 11, width)} y="{axis_y + 16}" font-size="11">{escape(_fmt(tick))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _runs(points: list[dict], present) -> list[list[int]]:
    """The indices of each unbroken run of years for which ``present(point)`` holds. A year without
    a figure ends a run (a gap), and so does a definition change (the run starts again in that year):
    no line or band is ever drawn across either."""
    runs, run = [], []
    for i, p in enumerate(points):
        if run and (not present(p) or p.get("break")):
            runs.append(run)
            run = []
        if present(p):
            run.append(i)
    return [*runs, run] if run else runs


def _quartile_band(points: list[dict], xy) -> list[str]:
    """The interquartile band as one polygon per unbroken run of years; ``xy(i, value)`` places a
    year's value (the wide and narrow trend charts differ only in that)."""
    polygons = []
    for run in _runs(points, lambda p: p.get("q1") is not None and p.get("q3") is not None):
        if len(run) < 2:
            continue
        upper = " ".join("{:.1f},{:.1f}".format(*xy(j, points[j]["q3"])) for j in run)
        lower = " ".join("{:.1f},{:.1f}".format(*xy(j, points[j]["q1"])) for j in reversed(run))
        polygons.append(f'<polygon points="{upper} {lower}" fill="{QUARTILE_BAND}"/>')
    return polygons


def _series(points: list[dict], key: str, colour: str, xy, dash: str = "") -> list[str]:
    """One line per unbroken run of years with a ``key`` value (see :func:`_runs`), and a dot at
    every value."""
    shapes = []
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    for run in _runs(points, lambda p: p.get(key) is not None):
        if len(run) > 1:
            line = " ".join("{:.1f},{:.1f}".format(*xy(i, points[i][key])) for i in run)
            shapes.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="3"{dash_attr}/>')
    for i, p in enumerate(points):
        if p.get(key) is not None:
            shapes.append('<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"/>'.format(*xy(i, p[key]), colour))
    return shapes


def on_time_axis(points: list[dict]) -> list[dict]:
    """Every financial year from the first point's to the last's, in order, each with ``start`` (its
    start year): a year missing from ``points`` is added with no figures, so that the years sit on a
    true time axis (x proportional to the year) and a missing year is a gap, never a line across."""

    def start(p):
        return p.get("start") or int(str(p["year"])[:4])

    by_start = {start(p): p for p in points}
    if not by_start:
        return []
    filled = []
    for year in range(min(by_start), max(by_start) + 1):
        point = by_start.get(year) or {
            "year": f"{year}-{(year + 1) % 100:02d}",
            "value": None,
            "median": None,
            "q1": None,
            "q3": None,
            "break": "",
            "note": "No figures published for this year",
            "missing": True,
        }
        filled.append({**point, "start": year})
    return filled


def _gap_runs(points: list[dict]) -> list[list[int]]:
    """Runs of years in which the council has no figure (drawn and labelled as gaps)."""
    runs, run = [], []
    for i, p in enumerate(points):
        if p.get("value") is None:
            run.append(i)
        elif run:
            runs.append(run)
            run = []
    return [*runs, run] if run else runs


COMBINED_LEGEND = "predecessor councils combined"


def _has_combined(points: list[dict]) -> bool:
    return any(p.get("combined") and p.get("value") is not None for p in points)


def _council_series(points: list[dict], xy) -> list[str]:
    """The council's own figures as a solid line with dots; years shown as its predecessor councils
    combined (before it existed) as a dotted line with hollow dots, so the two are never read as one."""
    own = [{**p, "value": None} if p.get("combined") else p for p in points]
    shapes = _series(own, "value", COUNCIL_LINE, xy)
    combined = [p if p.get("combined") else {**p, "value": None} for p in points]
    for shape in _series(combined, "value", COUNCIL_LINE, xy, "2 4"):
        if shape.startswith("<circle"):
            shape = shape.replace("<circle cx=", '<circle class="pe-combined" cx=').replace(
                f'fill="{COUNCIL_LINE}"', f'fill="#ffffff" stroke="{COUNCIL_LINE}" stroke-width="2"'
            )
        shapes.append(shape)
    return shapes


def _gaps_wide(points, px, step, top, bottom, left, right) -> list[str]:
    """A shaded column over each run of years without a figure for the council, labelled."""
    shapes = []
    for run in _gap_runs(points):
        x1 = max(px(run[0]) - step / 2, left)
        x2 = min(px(run[-1]) + step / 2, right)
        label = ["no", "figure" if len(run) == 1 else "figures"]
        shapes.append(
            f'<rect class="pe-gap" x="{x1:.1f}" y="{top}" width="{x2 - x1:.1f}" height="{bottom - top}" '
            f'fill="#f3f2f1" stroke="#b1b4b6" stroke-dasharray="2 2"/>'
        )
        spans = "".join(
            f'<tspan x="{(x1 + x2) / 2:.1f}" dy="{0 if i == 0 else 1.2}em">{text}</tspan>'
            for i, text in enumerate(label)
        )
        shapes.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(top + bottom) / 2:.1f}" text-anchor="middle" font-size="11" '
            f'fill="#0b0c0c">{spans}</text>'
        )
    return shapes


def _combined_legend_wide(x: float, y: float) -> str:
    return (
        f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="{COUNCIL_LINE}" stroke-width="3" '
        f'stroke-dasharray="2 4"/><circle cx="{x + 12}" cy="{y - 4}" r="4" fill="#ffffff" stroke="{COUNCIL_LINE}" '
        f'stroke-width="2"/><text x="{x + 30}" y="{y}" font-size="12">{COMBINED_LEGEND}</text>'
    )


def trend_chart(
    points: list[dict],
    *,
    title: str,
    description: str,
    council_label: str,
    width: int = 720,
    height: int = 300,
    chart_id: str = "trend",
) -> str:
    """Council line, group median line and an interquartile band over years; dashed verticals mark
    definition breaks. ``points``: [{"year": label, "start": start year, "value", "median", "q1", "q3",
    "break": text}]. Years are on a true time axis (:func:`on_time_axis`): a year without a figure is
    a shaded, labelled gap, and no line crosses a gap or a definition change.
    Returns the wide drawing and a narrow one for small screens (see :func:`_pair`)."""
    points = on_time_axis(points)
    wide = _trend_wide(
        points,
        title=title,
        description=description,
        council_label=council_label,
        width=width,
        height=height,
        chart_id=chart_id,
    )
    narrow = _trend_narrow(
        points, title=title, description=description, council_label=council_label, chart_id=f"{chart_id}-narrow"
    )
    return _pair(wide, narrow)


def _trend_wide(points, *, title, description, council_label, width, height, chart_id) -> str:
    left, right, top, bottom = 60, width - 20, 20, height - 40
    numbers = [p[k] for p in points for k in ("value", "median", "q1", "q3") if p.get(k) is not None]
    combined = _has_combined(points)  # a second legend row below the usual one
    parts = [
        f'<svg class="pe-chart pe-chart--wide" id="{escape(chart_id)}" viewBox="0 0 {width} {height + 18 * combined}" '
        f'width="100%" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    if not numbers or not points:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="14">No figures to show</text></svg>'
        )
        return "".join(parts)
    lo, hi = min(min(numbers), 0), max(numbers)
    hi = hi + (hi - lo) * 0.05 or 1
    step = (right - left) / max(len(points) - 1, 1)

    def px(i):
        return left + i * step if len(points) > 1 else (left + right) / 2

    def py(v):
        return bottom - (v - lo) / ((hi - lo) or 1) * (bottom - top)

    for tick in _ticks(lo, hi):
        parts.append(f'<line x1="{left}" x2="{right}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" stroke="#e5e6e7"/>')
        parts.append(
            f'<text x="{left - 6}" y="{py(tick) + 4:.1f}" text-anchor="end" font-size="11">{escape(_fmt(tick))}</text>'
        )

    def xy(i, value):
        return px(i), py(value)

    parts += _gaps_wide(points, px, step, top, bottom, left, right)
    parts += _quartile_band(points, xy)
    parts += _series(points, "median", MEDIAN, xy, "6 4")
    parts += _council_series(points, xy)
    # Every year's label when there is room, else every other year's (the table has them all).
    label_every = 1 if step >= 52 else 2
    for i, p in enumerate(points):
        if p.get("break"):
            parts.append(
                f'<line x1="{px(i) - step / 2:.1f}" x2="{px(i) - step / 2:.1f}" y1="{top}" y2="{bottom}" '
                f'stroke="{HIGHLIGHT}" stroke-width="2" stroke-dasharray="3 3"/>'
            )
            label_x = px(i) - step / 2 + 4
            position = (
                f'x="{label_x:.1f}"'
                if label_x + _text_width("definition change", 11) < width - 2
                else f'x="{px(i) - step / 2 - 4:.1f}" text-anchor="end"'
            )
            parts.append(f'<text {position} y="{top + 12}" font-size="11" fill="#0b0c0c">definition change</text>')
        parts.append(f'<line x1="{px(i):.1f}" x2="{px(i):.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#505a5f"/>')
        if i % label_every == 0:
            parts.append(
                f'<text {_inside(px(i), str(p["year"]), 11, width)} y="{bottom + 18}" font-size="11">'
                f"{escape(str(p['year']))}</text>"
            )
    legend_y = height - 6
    parts.append(
        f'<line x1="{left}" x2="{left + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{COUNCIL_LINE}" stroke-width="3"/>'
        f'<text x="{left + 30}" y="{legend_y}" font-size="12">{escape(council_label)}</text>'
    )
    parts.append(
        f'<line x1="{left + 260}" x2="{left + 284}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{MEDIAN}" '
        f'stroke-width="3" stroke-dasharray="6 4"/><text x="{left + 290}" y="{legend_y}" font-size="12">group median</text>'
    )
    parts.append(
        f'<rect x="{left + 400}" y="{legend_y - 10}" width="24" height="10" fill="{QUARTILE_BAND}"/>'
        f'<text x="{left + 430}" y="{legend_y}" font-size="12">lower to upper quartile</text>'
    )
    if combined:
        parts.append(_combined_legend_wide(left, legend_y + 18))
    parts.append("</svg>")
    return "".join(parts)


# Small screens. The wide drawings above are 720 units across and scale with the page, so on a phone
# (about 290px for the chart) their text would render at 5-6px. Each chart therefore also comes as a
# narrow drawing, NARROW units across with NARROW_FONT-unit text (set in CSS as well), which the
# stylesheet shows instead below a breakpoint: at the narrowest place a chart sits on a 320px screen
# (about 265px, in a details element) its text is still 13px. The figures are the same; only the
# geometry differs. CSS shows one of the pair and hides the other (display: none), so a screen
# reader meets one image with one title and description.
NARROW = 320
NARROW_FONT = 16


def _pair(wide: str, narrow: str) -> str:
    return mark_safe(wide + narrow)  # noqa: S308 - every dynamic value in both drawings is escaped


def _open_narrow(chart_id: str, title: str, description: str, height: float) -> list[str]:
    return [
        f'<svg class="pe-chart pe-chart--narrow" id="{escape(chart_id)}" viewBox="0 0 {NARROW} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _text_width(text: str, size: float = NARROW_FONT, bold: bool = False) -> float:
    """A generous estimate of how wide ``text`` is drawn (in our system font stack), to keep it inside."""
    return len(text) * size * (0.62 if bold else 0.58)


def _inside(x: float, text: str, size: float, width: float, bold: bool = False) -> str:
    """x and text-anchor attributes that keep ``text`` (centred on x where it fits) inside a drawing
    ``width`` units across: near an edge it is anchored to the edge itself, so an estimate of its
    width that is off does not matter."""
    half = _text_width(text, size, bold) / 2
    if x - half < 2:
        return 'x="2" text-anchor="start"'
    if x + half > width - 2:
        return f'x="{width - 2}" text-anchor="end"'
    return f'x="{x:.1f}" text-anchor="middle"'


def _wrap(text: str, width: float, bold: bool = False) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and _text_width(candidate, bold=bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines or [""]


def _centred_text(x: float, y: float, lines: list[str], *, bold: bool = False) -> str:
    """Text centred on ``x`` but moved in so that it stays inside the drawing; one tspan per line."""
    widest = max(_text_width(line, bold=bold) for line in lines)
    half = min(widest / 2, NARROW / 2 - 2)
    tx = min(max(x, 2 + half), NARROW - 2 - half)
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{tx:.1f}" dy="{0 if i == 0 else 1.2}em">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{tx:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{NARROW_FONT}"{weight}>{spans}</text>'


def _spaced_ticks(ticks: list[float], x, gap: float = 10) -> list[float]:
    """Every other tick until their labels no longer touch."""
    while len(ticks) > 2:
        widths = [_text_width(_fmt(t)) for t in ticks]
        if all(
            abs(x(b) - x(a)) >= (wa + wb) / 2 + gap
            for a, b, wa, wb in zip(ticks, ticks[1:], widths, widths[1:], strict=False)
        ):
            break
        ticks = ticks[::2]
    return ticks


def _dot_strip_narrow(points, median, mad, *, title, description, mads, reverse, chart_id) -> str:
    values = [p["value"] for p in points if p.get("value") is not None]
    left, right = 12, NARROW - 12
    line = NARROW_FONT * 1.2
    if not values:
        parts = _open_narrow(chart_id, title, description, 60)
        parts.append(_centred_text(NARROW / 2, 36, ["No figures to show"]) + "</svg>")
        return "".join(parts)
    highlighted = [p for p in points if p.get("value") is not None and p.get("highlight")]
    labels = [_wrap(p["label"], NARROW - 8, bold=True) for p in highlighted]
    label_lines = sum(len(lines) for lines in labels)
    # median label, the band with the dots, the highlighted councils' names under it, then the axis.
    mid = 26 + 38
    below = mid + 38 + label_lines * line
    axis_y = below + 8
    height = axis_y + 4 + line + 6
    parts = _open_narrow(chart_id, title, description, height)
    x, lo, hi = _strip_scale(values, median, mad, mads, left, right, reverse)
    parts += _band_and_median(x, median, mad, mads, mid)
    if median is not None:
        parts.append(_centred_text(x(median), mid - 44, [f"median {_fmt(median)}"]))
    for point in points:
        if point.get("value") is not None and not point.get("highlight"):
            parts.append(f'<circle cx="{x(point["value"]):.1f}" cy="{mid}" r="5" fill="{DOT}" fill-opacity="0.55"/>')
    y = mid + 38 + NARROW_FONT
    for point, lines in zip(highlighted, labels, strict=True):
        cx = x(point["value"])
        parts.append(f'<circle cx="{cx:.1f}" cy="{mid}" r="8" fill="{HIGHLIGHT}" stroke="#0b0c0c" stroke-width="1.5"/>')
        # A short leader from the dot down to its name, which sits below the band.
        parts.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{mid + 8}" y2="{mid + 38}" stroke="#0b0c0c"/>')
        parts.append(_centred_text(cx, y, lines, bold=True))
        y += len(lines) * line
    parts.append(f'<line x1="{left}" x2="{right}" y1="{axis_y:.1f}" y2="{axis_y:.1f}" stroke="#505a5f"/>')
    for tick in _spaced_ticks(_ticks(lo, hi, 3), x):
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{axis_y:.1f}" y2="{axis_y + 4:.1f}" stroke="#505a5f"/>')
        parts.append(_centred_text(tx, axis_y + 4 + NARROW_FONT, [_fmt(tick)]))
    parts.append("</svg>")
    return "".join(parts)


def _trend_narrow(points, *, title, description, council_label, chart_id) -> str:
    """The trend chart turned on its side: one row per year, down the page, with the value axis across
    it, so that thirteen years of labels fit in 320 units. Lines, band and breaks are as in the wide
    drawing; a definition change is a dashed line across the chart, with its label, between two years."""
    numbers = [p[k] for p in points for k in ("value", "median", "q1", "q3") if p.get(k) is not None]
    line = NARROW_FONT * 1.2
    if not numbers or not points:
        parts = _open_narrow(chart_id, title, description, 60)
        parts.append(_centred_text(NARROW / 2, 36, ["No figures to show"]) + "</svg>")
        return "".join(parts)
    year_width = max(_text_width(str(p["year"])) for p in points)
    left, right, top, row = min(year_width + 12, NARROW / 3), NARROW - 16, 8, 30
    lo, hi = min(min(numbers), 0), max(numbers)
    hi = hi + (hi - lo) * 0.05 or 1

    def px(v):
        return left + (v - lo) / ((hi - lo) or 1) * (right - left)

    centres, y = [], top
    for p in points:
        if p.get("break"):
            y += line + 4  # room for the definition change line and its label
        centres.append(y + row / 2)
        y += row
    bottom = y
    legend = [_wrap(council_label, NARROW - 40), ["group median"], ["lower to upper quartile"]]
    if _has_combined(points):
        legend.append(_wrap(COMBINED_LEGEND, NARROW - 40))
    legend_top = bottom + 8 + line + 16
    height = legend_top + sum(len(lines) for lines in legend) * line + 8
    parts = _open_narrow(chart_id, title, description, height)

    ticks = _spaced_ticks(_ticks(lo, hi, 3), px)
    for tick in ticks:
        parts.append(f'<line x1="{px(tick):.1f}" x2="{px(tick):.1f}" y1="{top}" y2="{bottom:.1f}" stroke="#e5e6e7"/>')

    def xy(i, value):
        return px(value), centres[i]

    parts += _quartile_band(points, xy)
    parts += _series(points, "median", MEDIAN, xy, "6 4")
    parts += _council_series(points, xy)
    for i, p in enumerate(points):
        if p.get("break"):
            y = centres[i] - row / 2 - 2
            parts.append(
                f'<line x1="2" x2="{NARROW - 2}" y1="{y:.1f}" y2="{y:.1f}" stroke="{HIGHLIGHT}" '
                f'stroke-width="2" stroke-dasharray="3 3"/>'
            )
            parts.append(
                f'<text x="{NARROW - 2}" y="{y - 5:.1f}" text-anchor="end" font-size="{NARROW_FONT}" '
                f'fill="#0b0c0c">definition change</text>'
            )
        parts.append(
            f'<text x="{left - 8:.1f}" y="{centres[i] + NARROW_FONT * 0.35:.1f}" text-anchor="end" '
            f'font-size="{NARROW_FONT}">{escape(str(p["year"]))}</text>'
        )
        if p.get("value") is None:  # a gap: labelled, as in the wide drawing
            parts.append(
                f'<text x="{left + 4:.1f}" y="{centres[i] + NARROW_FONT * 0.35:.1f}" font-size="{NARROW_FONT}" '
                f'fill="#505a5f">no figure</text>'
            )
    parts.append(f'<line x1="{left:.1f}" x2="{right}" y1="{bottom:.1f}" y2="{bottom:.1f}" stroke="#505a5f"/>')
    for tick in ticks:
        parts.append(
            f'<line x1="{px(tick):.1f}" x2="{px(tick):.1f}" y1="{bottom:.1f}" y2="{bottom + 4:.1f}" stroke="#505a5f"/>'
        )
        parts.append(_centred_text(px(tick), bottom + 4 + NARROW_FONT, [_fmt(tick)]))
    y = legend_top
    samples = [
        f'<line x1="4" x2="28" y1="{{y}}" y2="{{y}}" stroke="{COUNCIL_LINE}" stroke-width="3"/>',
        f'<line x1="4" x2="28" y1="{{y}}" y2="{{y}}" stroke="{MEDIAN}" stroke-width="3" stroke-dasharray="6 4"/>',
        f'<rect x="4" y="{{top}}" width="24" height="10" fill="{QUARTILE_BAND}"/>',
        f'<line x1="4" x2="28" y1="{{y}}" y2="{{y}}" stroke="{COUNCIL_LINE}" stroke-width="3" stroke-dasharray="2 4"/>'
        f'<circle cx="16" cy="{{y}}" r="4" fill="#ffffff" stroke="{COUNCIL_LINE}" stroke-width="2"/>',
    ][: len(legend)]
    for sample, lines in zip(samples, legend, strict=True):
        parts.append(sample.format(y=f"{y - 5:.1f}", top=f"{y - 10:.1f}"))
        spans = "".join(
            f'<tspan x="36" dy="{0 if i == 0 else 1.2}em">{escape(text)}</tspan>' for i, text in enumerate(lines)
        )
        parts.append(f'<text x="36" y="{y:.1f}" font-size="{NARROW_FONT}">{spans}</text>')
        y += len(lines) * line
    parts.append("</svg>")
    return "".join(parts)


# --- the profile at a glance -----------------------------------------------------------------------

RANGE_LINE = "#505a5f"
MINI_WIDTH, MINI_HEIGHT = 160, 28


def mini_strip(stats, value: float | None, *, label: str) -> str:
    """A small dot strip for one row of the council profile: the group's range (grey line), its middle
    half (band from the lower to the upper quartile), its median (black tick) and the council (red dot
    ringed in black). One scale per row, from the group's lowest to highest value (and the council's,
    when it is outside the group). No text inside, so it is legible at any width; ``label`` is its
    accessible name, and the table beside it holds the same figures."""
    values = [v for v in (stats.minimum, stats.maximum, value) if v is not None]
    if stats.median is None or not values:
        return ""
    lo, hi = min(values), max(values)
    x = _scale(lo, hi, 8, MINI_WIDTH - 8)
    mid = MINI_HEIGHT / 2
    parts = [
        f'<svg class="pe-mini-strip" viewBox="0 0 {MINI_WIDTH} {MINI_HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" focusable="false" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{x(stats.minimum):.1f}" x2="{x(stats.maximum):.1f}" y1="{mid}" y2="{mid}" '
        f'stroke="{RANGE_LINE}" stroke-width="2"/>',
    ]
    if stats.q1 is not None and stats.q3 is not None:
        parts.append(
            f'<rect class="pe-mini-quartiles" x="{x(stats.q1):.1f}" y="{mid - 7}" '
            f'width="{max(x(stats.q3) - x(stats.q1), 1):.1f}" height="14" fill="{BAND}" stroke="{COUNCIL_LINE}"/>'
        )
    parts.append(
        f'<line class="pe-mini-median" x1="{x(stats.median):.1f}" x2="{x(stats.median):.1f}" y1="{mid - 10}" '
        f'y2="{mid + 10}" stroke="{MEDIAN}" stroke-width="3"/>'
    )
    if value is not None:
        parts.append(
            f'<circle class="pe-mini-council" cx="{x(value):.1f}" cy="{mid}" r="6" fill="{HIGHLIGHT}" '
            f'stroke="#0b0c0c" stroke-width="1.5"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - the only text, the label, is escaped
