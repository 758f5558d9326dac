"""Choropleth maps of England drawn on the server as SVG (no tiles, no CDN, no script needed).

The outlines are the ONS boundaries, projected and simplified once at import (benchmarks/importers/
boundaries.py) and read from memory (store.boundaries). Upper-tier services are drawn on counties and
unitary authorities, every other service on districts and unitaries (benchmarks.ro's tiers).

Each area is a link to that council's service view whose accessible name is the council and its
value; colours are quintile classes (analysis.class_breaks) in a colour-blind-safe sequential palette
set by CSS classes; councils with no return are hatched, never coloured as zero; the selected council
and its comparison group are outlined. The template pairs the drawing with a legend, a text summary
and a table of every council, which carry the same information for screen readers and for print.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from urllib.parse import urlencode

import numpy as np
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import analysis
from .models import BoundaryLayer
from .ro import UPPER_TIER_SERVICES
from .store import NoDeflator, YearDataset, boundaries, derived, price_series, service_by_code, year_dataset

# Council types drawn on each layer (a county's districts are not on the counties layer, and the other way).
LAYER_TYPES = {
    BoundaryLayer.COUNTIES: {"CTY", "UA", "MD", "LBO", "CC"},
    BoundaryLayer.DISTRICTS: {"NMD", "UA", "MD", "LBO", "CC"},
}
NO_RETURN = "no_return"
NOT_COMPARED = "not_compared"
NO_FIGURES = "no_figures"
OUTSIDE = "outside"
STATE_CLASSES = {NO_RETURN: "pe-nr", NOT_COMPARED: "pe-nc", NO_FIGURES: "pe-nf", OUTSIDE: "pe-nf"}
STATE_TEXT = {
    OUTSIDE: "not in this group",
    NO_RETURN: "no return",
    NOT_COMPARED: "not compared (no spending on this service reported)",
    NO_FIGURES: "no figures for this council this year",
}
BAND_NAMES = ["lowest fifth", "second fifth", "middle fifth", "fourth fifth", "highest fifth"]
ZOOM_MARGIN = 20  # map units around a group's areas


def layer_for_service(code: str) -> str:
    return BoundaryLayer.COUNTIES if code in UPPER_TIER_SERVICES else BoundaryLayer.DISTRICTS


def layer_for_council(authority_type: str, code: str) -> str:
    """The layer a council's own group map is drawn on: its own type's, else the service's."""
    if authority_type == "CTY":
        return BoundaryLayer.COUNTIES
    if authority_type == "NMD":
        return BoundaryLayer.DISTRICTS
    return layer_for_service(code)


def money(value: float) -> str:
    return f"£{value:,.2f}"


@dataclass
class MapCouncil:
    id: int | None  # None: an area on the boundaries with no council in this year's figures
    gss_code: str
    name: str
    region: str
    value: float | None
    state: str  # "band" or one of NO_RETURN, NOT_COMPARED, NO_FIGURES, OUTSIDE
    band: int | None
    mapped: bool
    href: str = ""
    selected: bool = False
    in_group: bool = False
    population_year: int | None = None

    @property
    def band_text(self) -> str:
        return f"{self.band + 1} of 5 ({BAND_NAMES[self.band]})" if self.band is not None else STATE_TEXT[self.state]


@dataclass
class ChoroplethMap:
    map_id: str
    title: str
    layer: str
    svg: str
    legend: list[dict]
    breaks: list[float]
    councils: list[MapCouncil]  # every council of the layer's types with a return row, by name
    not_mapped: list[MapCouncil]
    summary: str
    note: str = ""
    selected_name: str = ""
    outlined: list[str] = field(default_factory=list)
    sources: str = ""  # the files the figures come from, and the populations that divide them

    @property
    def table_rows(self) -> str:
        """The table's rows, built here rather than by template loops (300 rows cost 20 ms there)."""
        return mark_safe("".join(_table_row(c) for c in self.councils))  # noqa: S308 - every value escaped


def _table_row(c: MapCouncil) -> str:
    name = _escaped(c.name)
    council = f'<a class="govuk-link" href="{_href(c.href)}">{name}</a>' if c.href else name
    mapped = "Yes" if c.mapped else f"No: code {escape(c.gss_code or 'unknown')} is not on the 2023 boundaries"
    me = ' <span class="govuk-visually-hidden">(this council)</span>' if c.selected else ""
    highlight = " pe-row--highlight" if c.selected else ""
    value = money(c.value) if c.value is not None else "–"
    return (
        f'<tr class="govuk-table__row{highlight}" data-gss="{_escaped(c.gss_code)}" data-state="{c.state}">'
        f'<th scope="row" class="govuk-table__header">{council}{me}</th>'
        f'<td class="govuk-table__cell">{_escaped(c.region) or "–"}</td>'
        f'<td class="govuk-table__cell govuk-table__cell--numeric">{value}</td>'
        f'<td class="govuk-table__cell">{c.band_text}</td><td class="govuk-table__cell">{mapped}</td></tr>'
    )


def _councils(dataset: YearDataset, code: str, layer: str, shapes: dict) -> list[MapCouncil]:
    types = LAYER_TYPES[layer]
    values = dataset.comparable.get(code)
    out = []
    for aid, rec in dataset.records.items():
        if rec["authority_type"] not in types:
            continue
        gss = rec.get("gss_code") or ""
        value = float(values[dataset.position[aid]]) if values is not None else float("nan")
        if rec["status"] != "submitted":
            state, value = NO_RETURN, None
        elif np.isnan(value):
            state, value = NOT_COMPARED, None
        else:
            state = "band"
        council = MapCouncil(aid, gss, rec["name"], rec.get("region") or "", value, state, None, gss in shapes)
        council.population_year = rec.get("population_year")
        out.append(council)
    return sorted(out, key=lambda c: c.name)


def _legend(councils: list[MapCouncil], breaks: list[float]) -> list[dict]:
    values = [c.value for c in councils if c.value is not None]
    legend = [
        {"css": f"pe-q{i}", "text": f"{money(lo)} to {money(hi)}", "count": count, "lower": lo, "upper": hi}
        for i, (lo, hi, count) in enumerate(analysis.class_limits(values, breaks))
    ]
    for state in (NO_RETURN, NOT_COMPARED, NO_FIGURES):
        count = sum(c.state == state for c in councils)
        if count or state == NO_RETURN:
            legend.append({"css": STATE_CLASSES[state], "text": STATE_TEXT[state].capitalize(), "count": count})
    return legend


def _summary(councils: list[MapCouncil], what: str) -> str:
    valued = [c for c in councils if c.value is not None]
    if not valued:
        return f"No council has a figure for {what}."
    regions = analysis.region_medians({c.id: c.value for c in valued}, {c.id: c.region for c in valued})
    top = max(valued, key=lambda c: c.value)
    bottom = min(valued, key=lambda c: c.value)
    parts = []
    if len(regions) > 1:
        (high, high_median, high_n), (low, low_median, low_n) = regions[0], regions[-1]
        parts.append(
            f"{what.capitalize()} is highest in {_region(high)} (median {money(high_median)} per head over "
            f"{high_n} councils) and lowest in {_region(low)} (median {money(low_median)} over {low_n})."
        )
    parts.append(
        f"The highest council is {top.name} ({money(top.value)} per head), the lowest {bottom.name} "
        f"({money(bottom.value)})."
    )
    no_return = [c.name for c in councils if c.state == NO_RETURN]
    if no_return:
        parts.append(f"No return: {', '.join(no_return)}.")
    return " ".join(parts)


def _region(name: str) -> str:
    return f"the {name}" if name in ("North East", "North West", "East Midlands", "West Midlands", "South East",
                                     "South West", "East of England") else name  # fmt: skip


def _view_box(shapes: list, zoom: list | None) -> tuple[int, int, int, int]:
    boxes = [s.bbox for s in (zoom or shapes)]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    margin = ZOOM_MARGIN if zoom else 2
    return x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin


def _overlaps(bbox, box) -> bool:
    x, y, w, h = box
    return bbox[2] >= x and bbox[0] <= x + w and bbox[3] >= y and bbox[1] <= y + h


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    return escape(text)


def _href(url: str) -> str:
    """A link built by reverse() and urlencode() (no quotes or angle brackets) for an attribute."""
    return url.replace("&", "&amp;")


def _area(shape, council: MapCouncil | None, map_id: str, link) -> str:
    """One area: a link named by the council and its value (label text is escaped; money and the
    state texts are plain)."""
    if council is None:
        css = STATE_CLASSES[NO_FIGURES]
        label = f"{_escaped(shape.name)}: {STATE_TEXT[NO_FIGURES]}"
    elif council.band is not None:
        css, label = f"pe-q{council.band}", f"{_escaped(council.name)}: {money(council.value)} per head"
    else:
        css, label = STATE_CLASSES[council.state], f"{_escaped(council.name)}: {STATE_TEXT[council.state]}"
    if council is not None and (council.selected or council.in_group):
        css += " pe-map__selected" if council.selected else " pe-map__group"
        label += " (this council)" if council.selected else " (in the group)"
    fill = f' fill="url(#{map_id}-hatch)"' if council is not None and council.state == NO_RETURN else ""
    path = f'<path class="{css}"{fill} d="{shape.path}"/>'
    href = _href(council.href if council is not None else link(shape.gss_code))
    # The aria-label names the link for assistive technology; no <title> tooltip (it repeated the label, ~13 KB a map).
    return f'<a href="{href}" aria-label="{label}">{path}</a>'


def draw(
    councils: list[MapCouncil],
    shapes: dict,
    *,
    map_id: str,
    title: str,
    link: Callable[[str], str],
    zoom_ids: set | None = None,
) -> tuple[str, list[str]]:
    """The SVG drawing, and the GSS codes of the areas outlined (the selected council and its group)."""
    by_gss = {c.gss_code: c for c in councils if c.mapped}
    zoom = [shapes[c.gss_code] for c in councils if zoom_ids and c.id in zoom_ids and c.mapped] or None
    box = _view_box(list(shapes.values()), zoom)

    # Reading order: region, then name, so keyboard users move through one region at a time; the
    # group's members come after the others and the selected council last, so their outlines are
    # drawn over their neighbours' fills.
    def order(shape):
        council = by_gss.get(shape.gss_code)
        rank = 0 if council is None or not council.in_group else (2 if council.selected else 1)
        return rank, council.region if council is not None and council.region else "~", shape.name

    ordered = sorted((s for s in shapes.values() if zoom is None or _overlaps(s.bbox, box)), key=order)
    parts = [
        f'<svg class="pe-map" id="{map_id}" viewBox="{" ".join(map(str, box))}" role="group" '
        f'aria-labelledby="{map_id}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<defs><pattern id="{map_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<path d="M0 0v6" stroke="#505a5f" stroke-width="3"/></pattern></defs>',
        '<g class="pe-map__areas" fill-rule="evenodd">',
    ]
    parts += [_area(s, by_gss.get(s.gss_code), map_id, link) for s in ordered]
    parts.append("</g></svg>")
    outlined = [c.gss_code for c in councils if c.mapped and (c.in_group or c.selected)]
    return "".join(parts), outlined


def _tier_note(layer: str, code: str) -> str:
    if layer == BoundaryLayer.COUNTIES and code in UPPER_TIER_SERVICES:
        return "Upper-tier services are drawn on county councils and unitary authorities."
    if layer == BoundaryLayer.COUNTIES:
        return (
            "Drawn on county councils and unitary authorities; in two-tier areas the district councils' own "
            "spending on this service is not included."
        )
    return (
        "Drawn on district councils and unitary authorities; in two-tier areas the county council's own "
        "spending on this service is not included."
    )


@dataclass(frozen=True)
class _EnglandFigures:
    councils: tuple  # MapCouncil templates (copied per request), by name; areas without figures last
    breaks: list
    bands: np.ndarray
    legend: list
    summary: str
    sources: str


def _sources(dataset: YearDataset, councils: list[MapCouncil]) -> str:
    """'RSX_2022-23_data_by_LA.csv (MHCLG); £ per head uses ONS mid-2022 populations (295 councils), …'."""
    files = sorted({run["file_name"] for run in dataset.sources.values()})
    years: dict[int, int] = {}
    for c in councils:
        if c.value is not None and c.population_year:
            years[c.population_year] = years.get(c.population_year, 0) + 1
    populations = ", ".join(
        f"mid-{y} ({n} council{'s' if n != 1 else ''})" for y, n in sorted(years.items(), reverse=True)
    )
    text = f"Source: {', '.join(files)} (MHCLG revenue outturn, Open Government Licence v3.0)."
    return text + (f" £ per head uses the population estimates of {populations}." if populations else "")


def _england(dataset: YearDataset, code: str, layer: str, shapes: dict, what: str) -> _EnglandFigures:
    """Everything about a map that does not depend on who is looking: kept in memory per year,
    measure, prices, service and layer (store.derived), so a request only draws."""
    key = ("map", dataset.version, dataset.year.start_year, dataset.measure, dataset.prices, code, layer, what)

    def build():
        councils = _councils(dataset, code, layer, shapes)
        have = {c.gss_code for c in councils}
        councils += [
            MapCouncil(None, gss, shape.name, "", None, NO_FIGURES, None, True)
            for gss, shape in sorted(shapes.items(), key=lambda item: item[1].name)
            if gss not in have
        ]
        breaks = analysis.class_breaks([c.value for c in councils])
        bands = analysis.classes_of([np.nan if c.value is None else c.value for c in councils], breaks)
        return _EnglandFigures(
            tuple(councils),
            breaks,
            bands,
            _legend(councils, breaks),
            _summary(councils, what),
            _sources(dataset, councils),
        )

    return derived.get_or_build(key, build)


def choropleth(
    dataset: YearDataset,
    code: str,
    *,
    what: str,
    link: Callable[[str], str],
    map_id: str = "map",
    layer: str | None = None,
    selected_id: int | None = None,
    group_ids=(),
    zoom_to_group: bool = False,
) -> ChoroplethMap | None:
    """The map of one service's £ per head in one year's figures (cash or real terms, as the dataset is).

    ``what`` names the figure in the title and summary ("net current expenditure on adult social care
    in 2022-23"); ``link(gss)`` is the address of a council's page; ``group_ids`` are outlined, and with
    ``zoom_to_group`` the drawing is cropped to them (the rest of England is left out)."""
    layer = layer or layer_for_service(code)
    shapes = boundaries(layer, dataset.version)
    if not shapes:  # no boundaries imported: the page shows its tables without a map
        return None
    base = _england(dataset, code, layer, shapes, what)
    councils = [copy.copy(c) for c in base.councils]
    group = set(group_ids)
    if zoom_to_group:
        shown = [c for c in councils if c.id in group]
        breaks = analysis.class_breaks([c.value for c in shown])
        bands = analysis.classes_of([np.nan if c.value is None else c.value for c in councils], breaks)
        legend, summary = _legend(shown, breaks), _summary(shown, what)
    else:
        shown, breaks, bands, legend, summary = councils, base.breaks, base.bands, base.legend, base.summary
    for c, band in zip(councils, bands, strict=True):
        c.selected = c.id is not None and c.id == selected_id
        c.in_group = c.id is not None and c.id in group
        c.href = link(c.gss_code) if c.gss_code else ""
        if zoom_to_group and not c.in_group:
            c.state = OUTSIDE
        elif not np.isnan(band):
            c.band = int(band)
    title = f"Map: {what}, £ per head, by council" + (", the group and its surroundings" if zoom_to_group else "")
    svg, outlined = draw(
        councils, shapes, map_id=map_id, title=title, link=link, zoom_ids=group if zoom_to_group else None
    )
    selected = next((c for c in councils if c.selected), None)
    tier_note = _tier_note(layer, code)
    return ChoroplethMap(
        map_id=map_id,
        title=title,
        layer=layer,
        svg=mark_safe(svg),  # noqa: S308 - built above from escaped text and numbers
        legend=legend,
        breaks=breaks,
        councils=shown,
        not_mapped=[c for c in shown if not c.mapped],
        summary=summary,
        note=tier_note,
        sources=base.sources,
        selected_name=selected.name if selected else "",
        outlined=outlined,
    )


def describe(measure_label: str, service_name: str, year_label: str, prices_label: str = "") -> str:
    """'net current expenditure on adult social care in 2022-23' (and the prices basis in real terms)."""
    text = f"{measure_label.lower()} on {service_name[:1].lower()}{service_name[1:]} in {year_label}"
    return f"{text}, {prices_label}" if prices_label else text


def link_maker(url_for_placeholder: str, placeholder: str, query: str) -> Callable[[str], str]:
    """A council's address from one reversed URL (reversing 300 times would cost more than drawing)."""
    suffix = f"?{query}" if query else ""
    return lambda gss: url_for_placeholder.replace(placeholder, gss) + suffix


PLACEHOLDER = "GSSCODE"


def _service_links(code: str, query: str) -> Callable[[str], str]:
    return link_maker(reverse("benchmarks:service", kwargs={"gss": PLACEHOLDER, "code": code}), PLACEHOLDER, query)


def england_map(service, measure: str, measure_label: str, year, prices: str, version: str):
    """(map, message): England's map for the benchmarking home page; real terms fall back to cash
    with a message when the year has no deflator."""
    message = ""
    try:
        dataset = year_dataset(year, measure, version, prices)
    except NoDeflator:
        dataset, prices = year_dataset(year, measure, version), "cash"
        message = f"There is no GDP deflator for {year.label}, so cash prices are shown."
    query = urlencode({"year": year.label, "measure": measure} | ({"prices": "real"} if prices == "real" else {}))
    label = price_series(version).label if prices == "real" else ""
    result = choropleth(
        dataset,
        service.code,
        what=describe(measure_label, service.name, year.label, label),
        link=_service_links(service.code, query),
        map_id="england-map",
    )
    return result, message


def service_map(comparison, service, measure_label: str) -> ChoroplethMap | None:
    """England's map on a council's service view: the council and its comparison group outlined."""
    return choropleth(
        comparison.dataset,
        service.code,
        what=describe(measure_label, service.name, comparison.year.label, comparison.prices_label),
        link=_service_links(service.code, comparison.query()),
        map_id="service-map",
        # A county's view of a service districts deliver too is drawn on counties, so the county is on it.
        layer=layer_for_council(comparison.authority.authority_type, service.code),
        selected_id=comparison.authority.id,
        group_ids=comparison.group.member_ids,
    )


def group_map(comparison, measure_label: str, code: str = "699") -> ChoroplethMap | None:
    """The council's comparison group on its profile (total service expenditure), cropped to the group."""
    service = service_by_code(code, comparison.version)
    if service is None:
        return None
    layer = layer_for_council(comparison.authority.authority_type, code)
    return choropleth(
        comparison.dataset,
        code,
        what=describe(measure_label, service.name, comparison.year.label, comparison.prices_label),
        link=_service_links(code, comparison.query()),
        map_id="group-map",
        layer=layer,
        selected_id=comparison.authority.id,
        group_ids=comparison.group.member_ids,
        zoom_to_group=True,
    )


# --- the map as a file to download (benchmarks.figures adds the title, source and licence) ----------

# The page colours areas with CSS classes; a downloaded file carries its own colours (the same palette).
FILE_FILLS = {
    "pe-q0": "#fde725",
    "pe-q1": "#5ec962",
    "pe-q2": "#21918c",
    "pe-q3": "#3b528b",
    "pe-q4": "#440154",
    "pe-nc": "#b1b4b6",
    "pe-nf": "#f3f2f1",
}
FILE_WIDTH = 720  # px: the map's width in the file; its height follows England's (or the group's) shape
BOUNDARIES_LINE = (
    "Boundaries: ONS, December 2023 (Open Government Licence; contains OS data © Crown copyright and "
    "database right 2023)."
)
_OPEN_SVG = re.compile(r'<svg class="pe-map" id="[^"]*" viewBox="([-\d. ]+)"[^>]*>')
_AREA_PATH = re.compile(r'<path class="([^"]*)"')


def file_drawing(chart: ChoroplethMap) -> str:
    """The map as one standalone drawing: the areas coloured by attribute (no page styles), without
    their links, and the key drawn below them (colours, ranges, councils in each band, the outlines)."""
    match = _OPEN_SVG.search(chart.svg)
    x, y, w, h = (float(v) for v in match[1].split())
    height = round(FILE_WIDTH * h / w)
    unit = w / FILE_WIDTH  # map units per pixel of the file, for line widths

    def area(path: re.Match) -> str:
        classes = path[1].split()
        fill = "" if "pe-nr" in classes else f' fill="{FILE_FILLS.get(classes[0], FILE_FILLS["pe-nf"])}"'
        stroke, width = "#ffffff", 0.5
        if "pe-map__selected" in classes:
            stroke, width = "#d4351c", 4
        elif "pe-map__group" in classes:
            stroke, width = "#0b0c0c", 1.5
        return f'<path class="{path[1]}"{fill} stroke="{stroke}" stroke-width="{width * unit:.4g}"'

    body = chart.svg[match.end() :].removesuffix("</svg>")
    body = re.sub(r"<a [^>]*>|</a>|<title[^>]*>.*?</title>", "", _AREA_PATH.sub(area, body))
    rows, top = [], height + 14
    for i, item in enumerate(chart.legend):
        css, count = item["css"], item["count"]
        fill = f"url(#{chart.map_id}-hatch)" if css == "pe-nr" else FILE_FILLS.get(css, FILE_FILLS["pe-nf"])
        text = f"{item['text']} ({count} council{'s' if count != 1 else ''})"
        row_y = top + 22 * i
        rows.append(
            f'<rect x="10" y="{row_y}" width="24" height="16" fill="{fill}" stroke="#505a5f" stroke-width="1"/>'
            f'<text x="42" y="{row_y + 13}" font-size="13" fill="#0b0c0c">{escape(text)}</text>'
        )
    bottom = top + 22 * len(chart.legend)
    if chart.selected_name:
        others = ", the other councils in its group in black" if len(chart.outlined) > 1 else ""
        rows.append(
            f'<text x="10" y="{bottom + 13}" font-size="13" fill="#0b0c0c">'
            f"{escape(chart.selected_name)} is outlined in red{others}.</text>"
        )
        bottom += 22
    scale = FILE_WIDTH / w
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {FILE_WIDTH} {bottom + 4}">'
        f'<clipPath id="{chart.map_id}-clip"><rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}"/></clipPath>'
        f'<g transform="scale({scale:.6g}) translate({-x:g} {-y:g})" clip-path="url(#{chart.map_id}-clip)">'
        f"{body}</g>" + "".join(rows) + "</svg>"
    )


def file_source(chart: ChoroplethMap, page_url: str) -> str:
    """The text drawn under a downloaded map: its figures' files and populations, the boundaries, the page."""
    return f"{chart.sources} {BOUNDARIES_LINE} Place Exchange: {page_url}"


def file_title(chart: ChoroplethMap) -> str:
    """'Net current expenditure on adult social care in 2022-23, £ per head, by council'."""
    text = chart.title.removeprefix("Map: ")
    return text[:1].upper() + text[1:]
