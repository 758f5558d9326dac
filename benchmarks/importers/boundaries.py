"""Parse ONS boundaries published as TopoJSON into compact SVG path data, one per English area.

The file is recognised by its content (a TopoJSON ``Topology`` whose areas carry GSS codes), and its
layer by the codes it holds: county codes (E10…) make it counties and unitary authorities, district
codes (E07…) local authority districts. Only England is kept (the benchmarks cover English councils).

Steps, all in pure Python and numpy:
1. decode the quantised, delta-encoded arcs into longitude and latitude;
2. project them with a transverse Mercator on the sphere centred on 2° W (the meridian of the British
   National Grid), so that England is drawn without the stretch of plain longitude and latitude;
3. simplify each *arc* (not each area) with Douglas-Peucker: a border shared by two areas is one arc,
   simplified once, so neighbours still meet exactly;
4. round to whole map units (about 0.6 km) and write each area as one SVG path with relative moves.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np

from .base import GSS_RE, OfficialDataError, Report, SourceFile

LAYER_COUNTIES = "counties"
LAYER_DISTRICTS = "districts"
EARTH_RADIUS_KM = 6371.0
CENTRAL_MERIDIAN = -2.0
ORIGIN_LATITUDE = 49.0
# Map units per kilometre: England (about 660 km north to south) is about 1,100 units tall.
UNITS_PER_KM = 1.6
# Douglas-Peucker tolerance in map units: keeps the SVG of England well under 150 KB.
TOLERANCE = 0.9
MARGIN = 4  # map units of white space around the map
# Islands and slivers smaller than this (square map units) are left out, unless an area has nothing else.
MIN_RING_AREA = 3.0


@dataclass
class AreaShape:
    gss_code: str
    name: str
    path: str
    bbox: tuple[int, int, int, int]  # min x, min y, max x, max y in map units (y down)


@dataclass
class ParsedBoundaries:
    layer: str
    areas: list[AreaShape]
    report: Report
    skipped: list[str] = field(default_factory=list)


def looks_like_topojson(data: bytes) -> bool:
    """True for a TopoJSON topology (read from the first bytes, whatever the file is called)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b'"Topology"' in data[:200_000] and b'"arcs"' in data[:200_000]


def _topology(source: SourceFile) -> dict:
    try:
        topology = json.loads(source.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise OfficialDataError(
            f"{source.name}: not a readable TopoJSON file (it is not valid JSON). Nothing was imported."
        )
    if (
        not isinstance(topology, dict)
        or topology.get("type") != "Topology"
        or not isinstance(topology.get("arcs"), list)
    ):
        raise OfficialDataError(
            f"{source.name}: not a TopoJSON topology (no type Topology with arcs). Nothing was imported."
        )
    objects = topology.get("objects")
    if not isinstance(objects, dict) or len(objects) != 1:
        raise OfficialDataError(
            f"{source.name}: expected one object of boundaries in the topology. Nothing was imported."
        )
    return topology


def _geometries(topology: dict, name: str) -> list[dict]:
    collection = next(iter(topology["objects"].values()))
    geometries = collection.get("geometries") if isinstance(collection, dict) else None
    if not isinstance(geometries, list) or not geometries:
        raise OfficialDataError(f"{name}: the topology holds no areas. Nothing was imported.")
    return geometries


def _code_and_name(geometry: dict, name: str, number: int) -> tuple[str, str]:
    properties = geometry.get("properties") or {}
    code = next((str(properties[k]).strip() for k in properties if k.upper().endswith("CD")), "")
    label = next((str(properties[k]).strip() for k in properties if k.upper().endswith("NM")), "")
    if not GSS_RE.match(code):
        raise OfficialDataError(
            f"{name} area {number}: {code[:20]!r} is not a GSS code like E06000001 (expected a property such as "
            "AREACD or LAD23CD). Nothing was imported."
        )
    return code, label or code


def _layer(codes: list[str], name: str) -> str:
    if any(c.startswith("E10") for c in codes):
        return LAYER_COUNTIES
    if any(c.startswith("E07") for c in codes):
        return LAYER_DISTRICTS
    raise OfficialDataError(
        f"{name}: the areas are neither counties and unitaries (E10… codes) nor local authority districts "
        "(E07… codes). Nothing was imported."
    )


def _decode_arc(arc, transform) -> np.ndarray:
    points = np.asarray(arc, dtype=float)[:, :2]
    if transform:
        points = np.cumsum(points, axis=0) * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
    return points


def project(lon_lat: np.ndarray) -> np.ndarray:
    """Spherical transverse Mercator (kilometres east and north of 2° W, 49° N)."""
    lam = np.radians(lon_lat[:, 0] - CENTRAL_MERIDIAN)
    phi = np.radians(lon_lat[:, 1])
    b = np.cos(phi) * np.sin(lam)
    x = 0.5 * EARTH_RADIUS_KM * np.log((1 + b) / (1 - b))
    y = EARTH_RADIUS_KM * (np.arctan2(np.tan(phi), np.cos(lam)) - math.radians(ORIGIN_LATITUDE))
    return np.column_stack([x, y])


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker, keeping both ends (iterative, so long arcs cannot exhaust the stack)."""
    n = len(points)
    if n < 3:
        return points
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        segment = points[first + 1 : last]
        dx, dy = end - start
        length = math.hypot(dx, dy)
        if length == 0:
            distances = np.hypot(segment[:, 0] - start[0], segment[:, 1] - start[1])
        else:
            distances = np.abs(dx * (segment[:, 1] - start[1]) - dy * (segment[:, 0] - start[0])) / length
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            middle = first + 1 + index
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    return points[keep]


def _rings(geometry: dict) -> list[list[int]]:
    if geometry.get("type") == "Polygon":
        return list(geometry.get("arcs") or [])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry.get("arcs") or [] for ring in polygon]
    return []


def _ring_points(ring: list[int], arcs: dict[int, np.ndarray]) -> np.ndarray:
    parts = []
    for i, index in enumerate(ring):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if i == 0 else arc[1:])
    points = np.concatenate(parts) if parts else np.zeros((0, 2))
    if len(points) > 1:
        moved = np.any(points[1:] != points[:-1], axis=1)
        points = np.concatenate([points[:1], points[1:][moved]])
    return points


def _ring_area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def _number(value: int) -> str:
    return str(value) if value < 0 else f" {value}"


def ring_path(points: np.ndarray) -> str:
    """'M10 20l3-2 5 0z': absolute start, then relative whole-unit moves."""
    coords = points.astype(int)
    if len(coords) > 1 and (coords[0] == coords[-1]).all():
        coords = coords[:-1]
    deltas = np.diff(coords, axis=0)
    moves = "".join(_number(int(dx)) + _number(int(dy)) for dx, dy in deltas)
    return f"M{int(coords[0][0])} {int(coords[0][1])}l{moves.lstrip()}z"


def _area_shape(code: str, label: str, rings: list[np.ndarray]) -> AreaShape | None:
    rings = [r for r in rings if len(r) >= 3]
    if not rings:
        return None
    areas = [_ring_area(r) for r in rings]
    largest = int(np.argmax(areas))
    kept = [r for i, r in enumerate(rings) if i == largest or areas[i] >= MIN_RING_AREA]
    every = np.concatenate(kept)
    low, high = every.min(axis=0).astype(int), every.max(axis=0).astype(int)
    return AreaShape(
        code, label, "".join(ring_path(r) for r in kept), (int(low[0]), int(low[1]), int(high[0]), int(high[1]))
    )


def parse_topojson(source: SourceFile) -> ParsedBoundaries:
    topology = _topology(source)
    geometries = _geometries(topology, source.name)
    named = [(g, *_code_and_name(g, source.name, i)) for i, g in enumerate(geometries, start=1)]
    seen: set[str] = set()
    for _g, code, _label in named:
        if code in seen:
            raise OfficialDataError(f"{source.name}: {code} appears twice. Nothing was imported.")
        seen.add(code)
    layer = _layer([c for _g, c, _l in named], source.name)
    report = Report(title=f"Boundaries ({layer}) {source.name}")
    english = [(g, c, label) for g, c, label in named if c.startswith("E")]
    skipped = [f"{c} {label}" for _g, c, label in named if not c.startswith("E")]
    used = {i if i >= 0 else ~i for g, _c, _l in english for ring in _rings(g) for i in ring}
    raw_arcs = topology["arcs"]
    try:
        projected = {i: project(_decode_arc(raw_arcs[i], topology.get("transform"))) * UNITS_PER_KM for i in used}
    except (IndexError, TypeError, ValueError, KeyError):
        raise OfficialDataError(f"{source.name}: the arcs of the topology cannot be read. Nothing was imported.")
    every = np.concatenate(list(projected.values()))
    left, top = every[:, 0].min() - MARGIN, every[:, 1].max() + MARGIN
    arcs = {}
    for i, points in projected.items():
        # Map units: x to the east from the left edge, y down from the top edge (SVG's direction).
        units = np.column_stack([points[:, 0] - left, top - points[:, 1]])
        arcs[i] = np.round(simplify(units, TOLERANCE))
    areas = []
    for geometry, code, label in english:
        shape = _area_shape(code, label, [_ring_points(ring, arcs) for ring in _rings(geometry)])
        if shape is None:
            raise OfficialDataError(
                f"{source.name}: {code} {label} has no outline that can be drawn. Nothing was imported."
            )
        areas.append(shape)
    report.count("areas_in_england", len(areas))
    report.count("areas_outside_england_left_out", len(skipped))
    report.count("path_characters", sum(len(a.path) for a in areas))
    report.note("boundaries simplified for drawing (Douglas-Peucker, about 0.6 km); not for measuring areas")
    return ParsedBoundaries(layer, areas, report, skipped)
