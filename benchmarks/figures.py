"""Charts (and maps) as files to download: SVG, or PNG rasterised on the server (resvg), each with its
title drawn above and its source and licence below, so a copy pasted into a report still says what it
shows and where the figures come from.

Generic over the drawing: :func:`figure_response` takes any function that returns an SVG drawing (a
chart from benchmarks.charts, a map), so every page offers its figures the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

import resvg_py
from django.http import HttpResponse

LICENCE_LINE = "Contains public sector information licensed under the Open Government Licence v3.0."
FONT = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"
PNG_SCALE = 2  # twice the drawing's size, sharp on a high-density screen or in print
_FIRST_SVG = re.compile(r"<svg\b([^>]*)>(.*?)</svg>", re.S)
_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')
FORMATS = ("svg", "png")


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and len(candidate) * size * 0.55 > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def standalone_svg(drawing: str, *, title: str, source: str) -> str:
    """The first drawing in ``drawing`` (a chart's wide drawing) as a complete SVG file: the title above,
    then the drawing at its own size, then the source and the licence."""
    match = _FIRST_SVG.search(str(drawing))
    if not match:
        raise ValueError("No SVG drawing to download")
    attributes, body = match.groups()
    box = _VIEWBOX.search(attributes)
    width, height = (float(box[1]), float(box[2])) if box else (720.0, 300.0)
    title_lines = _wrap(title, width - 20, 18)
    foot_lines = _wrap(source, width - 20, 12) + _wrap(LICENCE_LINE, width - 20, 12)
    top = 14 + len(title_lines) * 24
    total = top + height + 10 + len(foot_lines) * 16 + 6

    def lines(texts, y, size, bold=False):
        weight = ' font-weight="bold"' if bold else ""
        spans = "".join(f'<tspan x="10" dy="{0 if i == 0 else 1.3}em">{escape(t)}</tspan>' for i, t in enumerate(texts))
        return f'<text x="10" y="{y:.0f}" font-size="{size}"{weight} fill="#0b0c0c">{spans}</text>'

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{total:.0f}" '
        f'viewBox="0 0 {width:.0f} {total:.0f}" font-family="{escape(FONT)}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
        + lines(title_lines, 30, 18, bold=True)
        + f'<svg x="0" y="{top:.0f}" width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
        + body
        + "</svg>"
        + lines(foot_lines, top + height + 22, 12)
        + "</svg>"
    )


def png_bytes(svg: str) -> bytes:
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff", zoom=PNG_SCALE))


def figure_response(drawing: Callable[[], str], fmt: str, filename: str, *, title: str, source: str):
    """A download of the drawing that ``drawing()`` returns, as ``filename``.svg or .png."""
    svg = standalone_svg(drawing(), title=title, source=source)
    if fmt == "png":
        response = HttpResponse(png_bytes(svg), content_type="image/png")
    else:
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
