"""The ONS boundaries importer: TopoJSON told by its content, converted once into projected, simplified
SVG path data per English area, stored all or nothing; the real files (skipped without the data
directory) and small topologies built here."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from benchmarks.importers.base import OfficialDataError, SourceFile
from benchmarks.importers.boundaries import parse_topojson, project, simplify
from benchmarks.importers.directory import IMPORTERS, recognise
from benchmarks.models import Authority, Boundary, ImportRun

DATA_DIR = Path(settings.DATA_DIR)
BOUNDARIES = DATA_DIR / "boundaries"
COUNTIES = BOUNDARIES / "Counties_and_Unitary_Authorities_December_2023_Boundaries_UK_BUC.topojson"
DISTRICTS = BOUNDARIES / "Local_Authority_Districts_December_2023_Boundaries_UK_BUC.topojson"
needs_data = pytest.mark.skipif(not BOUNDARIES.is_dir(), reason=f"official data directory {DATA_DIR} is missing")


def topology(areas: dict[str, list[list[int]]], *, extra: dict | None = None) -> dict:
    """A quantised topology: one square arc per area (in tenths of a degree around 1° W, 52° N)."""
    arcs, geometries = [], []
    for i, (code, start) in enumerate(areas.items()):
        arcs.append([start, [10, 0], [0, 10], [-10, 0], [0, -10]])
        geometries.append({"type": "Polygon", "arcs": [[i]], "properties": {"AREACD": code, "AREANM": f"Area {code}"}})
    data = {
        "type": "Topology",
        "transform": {"scale": [0.01, 0.01], "translate": [-1.5, 51.5]},
        "objects": {"data": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }
    return data | (extra or {})


def write(tmp_path, data, name="shapes.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def source(data) -> SourceFile:
    raw = json.dumps(data).encode()
    return SourceFile(Path("t.topojson"), raw, "0" * 64)


def test_a_topology_is_recognised_by_its_content_whatever_its_name(tmp_path):
    path = write(tmp_path, topology({"E10000034": [0, 0], "E06000001": [20, 0]}), "download (3).json")
    assert recognise(path)[0] == "boundaries"
    assert recognise(write(tmp_path, {"type": "FeatureCollection"}, "other.json")) is None


def test_the_layer_is_told_by_the_codes_and_only_england_is_kept():
    counties = parse_topojson(source(topology({"E10000034": [0, 0], "E06000001": [20, 0], "W06000001": [40, 0]})))
    assert counties.layer == "counties"
    assert [a.gss_code for a in counties.areas] == ["E10000034", "E06000001"]
    assert counties.skipped == ["W06000001 Area W06000001"]
    districts = parse_topojson(source(topology({"E07000237": [0, 0], "E06000001": [20, 0]})))
    assert districts.layer == "districts"


def test_each_area_is_a_closed_svg_path_in_map_units_with_its_box():
    parsed = parse_topojson(source(topology({"E10000034": [0, 0], "E06000001": [20, 0]})))
    for area in parsed.areas:
        assert re.fullmatch(r"M\d+ \d+l[-\d ]+z", area.path), area.path
        x0, y0, x1, y1 = area.bbox
        assert 0 <= x0 < x1 and 0 <= y0 < y1
    west, east = parsed.areas
    assert west.bbox[2] < east.bbox[0]  # the east square is drawn to the right (x grows eastwards)


def test_projection_and_simplification():
    # 2° W on the origin latitude is the origin; further north is up (larger y before SVG's flip).
    origin = project(__import__("numpy").array([[-2.0, 49.0], [-2.0, 50.0], [-1.0, 49.0]]))
    assert origin[0] == pytest.approx([0, 0], abs=1e-6)
    assert origin[1][1] == pytest.approx(111.2, abs=0.5) and origin[2][0] == pytest.approx(73.0, abs=0.5)
    import numpy as np

    line = np.array([[0, 0], [1, 0.1], [2, -0.1], [3, 5], [4, 0]], dtype=float)
    kept = simplify(line, 0.5)
    assert kept[0].tolist() == [0, 0] and kept[-1].tolist() == [4, 0] and [3, 5] in kept.tolist()
    assert [1, 0.1] not in kept.tolist()


@pytest.mark.parametrize(
    "data, message",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"type": "FeatureCollection", "arcs": []}), "not a TopoJSON topology"),
        (topology({"E10000034": [0, 0]}) | {"objects": {}}, "expected one object"),
        (topology({"banana": [0, 0]}), "is not a GSS code"),
        (topology({"S12000033": [0, 0]}), "neither counties and unitaries"),
        (topology({"E10000034": [0, 0], "E06000001": [20, 0]}) | {"arcs": [[[0, 0]]]}, "cannot be read"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_is_saved(tmp_path, db, data, message):
    path = write(tmp_path, data, "bad.topojson")
    with pytest.raises(OfficialDataError, match=message):
        IMPORTERS["boundaries"](path)
    assert not Boundary.objects.exists() and not ImportRun.objects.filter(dataset="boundaries").exists()


def test_import_replaces_the_layer_and_a_second_import_of_the_same_file_does_nothing(tmp_path, db):
    first = IMPORTERS["boundaries"](write(tmp_path, topology({"E10000034": [0, 0], "E06000001": [20, 0]})))
    assert Boundary.objects.filter(layer="counties").count() == 2 and first.run.dataset == "boundaries"
    again = IMPORTERS["boundaries"](tmp_path / "shapes.json")
    assert again.unchanged and Boundary.objects.count() == 2
    IMPORTERS["boundaries"](write(tmp_path, topology({"E10000034": [0, 0]}), "newer.json"))
    assert list(Boundary.objects.values_list("gss_code", flat=True)) == ["E10000034"]


@needs_data
def test_the_ons_files_give_every_english_area_in_a_small_drawing():
    from benchmarks.importers.base import read_source

    counties = parse_topojson(read_source(COUNTIES))
    districts = parse_topojson(read_source(DISTRICTS))
    assert (counties.layer, len(counties.areas)) == ("counties", 153)
    assert (districts.layer, len(districts.areas)) == ("districts", 296)
    # All of England's path data fits a map well under 150 KB.
    assert sum(len(a.path) for a in districts.areas) < 80_000
    assert {a.gss_code[:3] for a in counties.areas} == {"E06", "E08", "E09", "E10"}


@needs_data
def test_every_current_english_council_has_an_area_on_its_layers(db):
    IMPORTERS["authorities"](DATA_DIR / "authorities" / "uk_local_authorities.csv")
    IMPORTERS["boundaries"](COUNTIES)
    IMPORTERS["boundaries"](DISTRICTS)
    current = Authority.objects.english_councils().current()
    counties = set(Boundary.objects.filter(layer="counties").values_list("gss_code", flat=True))
    districts = set(Boundary.objects.filter(layer="districts").values_list("gss_code", flat=True))
    assert set(current.exclude(authority_type="NMD").values_list("gss_code", flat=True)) <= counties
    assert set(current.exclude(authority_type="CTY").values_list("gss_code", flat=True)) <= districts
