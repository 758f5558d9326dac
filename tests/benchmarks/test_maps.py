"""Choropleth maps of England (benchmarks/maps.py) on the benchmarking home page, the service views and
the council profile: quintile colours, no-return hatching, outlines, links, table and summary."""

import re
import statistics

import pytest

from benchmarks import analysis

from .map_world import add_boundaries
from .world import build_world, per_head

pytestmark = pytest.mark.django_db

AREA = re.compile(
    r'<a href="(?P<href>[^"]*)" aria-label="(?P<label>[^"]*)"><path class="(?P<css>[^"]*)"(?P<fill>[^>]*?) d='
)


@pytest.fixture
def world():
    world = build_world()
    add_boundaries(list(world.councils.values()))
    return world


def svg_of(html: str, map_id: str) -> str:
    match = re.search(rf'<svg class="pe-map" id="{map_id}".*?</svg>', html, re.S)
    assert match, f"no map {map_id} on the page"
    return match.group(0)


def areas(svg: str) -> dict[str, dict]:
    """Each area by council name: its link, accessible name, CSS classes and fill attribute."""
    found = {}
    for m in AREA.finditer(svg):
        name = m["label"].split(":")[0]
        found[name] = {
            "href": m["href"].replace("&amp;", "&"),
            "label": m["label"],
            "css": m["css"].split(),
            "fill": m["fill"],
        }
    return found


def breaks_of(html: str, map_id: str) -> list[float]:
    match = re.search(rf'data-map="{map_id}" data-layer="[a-z]+" data-breaks="([^"]*)"', html)
    return [float(b) for b in match.group(1).split()]


def test_class_breaks_are_the_quintiles_of_the_councils_on_the_map(client, world):
    html = client.get("/benchmarking/?service=360&year=2022-23").content.decode()
    # Adult social care is an upper-tier service: counties and unitaries, not districts.
    drawn = [n for n, c in world.councils.items() if c.authority_type != "NMD"]
    values = [v for v in (per_head(world, 2022, n, "360") for n in drawn) if v is not None]
    expected = statistics.quantiles(values, n=5, method="inclusive")  # computed independently of numpy
    assert breaks_of(html, "england-map") == pytest.approx(expected)
    shown = areas(svg_of(html, "england-map"))
    assert set(shown) == set(drawn)
    for name in drawn:
        value = per_head(world, 2022, name, "360")
        if value is None:
            continue
        band = sum(value > b for b in expected)
        assert f"pe-q{band}" in shown[name]["css"], name
        assert shown[name]["label"] == f"{name}: £{value:,.2f} per head"


def test_a_council_with_no_return_is_hatched_and_labelled_never_coloured(client, world):
    html = client.get("/benchmarking/?service=360&year=2022-23").content.decode()
    fenland = areas(svg_of(html, "england-map"))["Fenland Unitary"]
    assert fenland["css"] == ["pe-nr"]
    assert 'fill="url(#england-map-hatch)"' in fenland["fill"]
    assert fenland["label"] == "Fenland Unitary: no return"
    assert '<pattern id="england-map-hatch"' in html
    row = re.search(r'<tr [^>]*data-gss="E06000005"[^>]*>.*?</tr>', html).group(0)
    assert 'data-state="no_return"' in row and "no return" in row and "£" not in row
    assert "No return: Fenland Unitary." in html  # the text summary


def test_the_service_view_outlines_the_council_and_its_group(client, world):
    north = world["Northshire"]
    html = client.get(f"/benchmarking/{north.gss_code}/360/?year=2022-23").content.decode()
    shown = areas(svg_of(html, "service-map"))
    assert "pe-map__selected" in shown["Northshire"]["css"]
    assert shown["Northshire"]["label"].endswith("(this council)")
    # Its group (same type) is the other county; unitaries are drawn but not outlined.
    assert "pe-map__group" in shown["Southshire"]["css"]
    assert not {"pe-map__group", "pe-map__selected"} & set(shown["Corby Unitary"]["css"])
    # The selected council is drawn last, so its outline is on top of its neighbours.
    assert list(shown)[-1] == "Northshire"


def test_each_area_links_to_that_councils_service_view(client, world):
    html = client.get(f"/benchmarking/{world['Northshire'].gss_code}/360/?year=2022-23&group=region").content.decode()
    corby = areas(svg_of(html, "service-map"))["Corby Unitary"]
    assert corby["href"].startswith(f"/benchmarking/{world['Corby Unitary'].gss_code}/360/?")
    assert "year=2022-23" in corby["href"] and "group=region" in corby["href"]
    assert client.get(corby["href"]).status_code == 200


def test_district_services_are_drawn_on_districts_and_unitaries(client, world):
    html = client.get("/benchmarking/?service=290&year=2022-23").content.decode()
    shown = areas(svg_of(html, "england-map"))
    assert {"North Vale", "North Hills", "South Downs", "Corby Unitary"} <= set(shown)
    assert "Northshire" not in shown
    assert 'data-layer="districts"' in html


def test_councils_whose_codes_are_not_on_the_boundaries_are_listed_not_dropped(client, db):
    world = build_world()
    add_boundaries(list(world.councils.values()), leave_out={world["Epsom Unitary"]})
    html = client.get("/benchmarking/?service=360&year=2022-23").content.decode()
    assert "Epsom Unitary" not in areas(svg_of(html, "england-map"))
    row = re.search(rf'<tr [^>]*data-gss="{world["Epsom Unitary"].gss_code}"[^>]*>.*?</tr>', html).group(0)
    assert "is not on the 2023 boundaries" in row
    assert "Not on the map because their codes are not on the December 2023 boundaries" in html


def test_the_summary_names_the_highest_and_lowest_councils(client, world):
    html = client.get("/benchmarking/?service=360&year=2022-23").content.decode()
    values = {n: per_head(world, 2022, n, "360") for n, c in world.councils.items() if c.authority_type != "NMD"}
    values = {n: v for n, v in values.items() if v is not None}
    top, bottom = max(values, key=values.get), min(values, key=values.get)
    assert f"The highest council is {top} (£{values[top]:,.2f} per head), the lowest {bottom}" in html


def test_the_profile_maps_the_councils_group(client, world):
    corby = world["Corby Unitary"]
    html = client.get(f"/benchmarking/{corby.gss_code}/?year=2022-23&group=type").content.decode()
    shown = areas(svg_of(html, "group-map"))
    assert "pe-map__selected" in shown["Corby Unitary"]["css"]
    assert "pe-map__group" in shown["Bexley Unitary"]["css"]
    # Councils of another type are drawn for context only, not coloured.
    assert shown["North Vale"]["css"] == ["pe-nf"] and shown["North Vale"]["label"] == "North Vale: not in this group"


def test_no_boundaries_means_no_map_and_the_page_still_works(client, db):
    world = build_world()
    response = client.get(f"/benchmarking/{world['Corby Unitary'].gss_code}/360/")
    assert response.status_code == 200 and 'class="pe-map"' not in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("service=123", "Choose a service from the list."),
        ("year=1999-00", "There are no official figures for 1999-00."),
        ("year=2022-23&service=330%2B360", "is not published as a line in 2022-23"),
    ],
)
def test_bad_map_choices_get_an_error_summary(client, world, query, message):
    response = client.get(f"/benchmarking/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html and 'class="pe-map"' not in html


def test_class_helpers_put_a_value_equal_to_a_break_in_the_band_below():
    breaks = analysis.class_breaks([1, 2, 3, 4, 5, 6])
    assert breaks == pytest.approx(statistics.quantiles([1, 2, 3, 4, 5, 6], n=5, method="inclusive"))
    assert analysis.class_of(breaks[0], breaks) == 0
    assert analysis.class_of(6, breaks) == 4
    assert analysis.class_of(None, breaks) is None
    assert [count for _lo, _hi, count in analysis.class_limits([1, 2, 3, 4, 5, 6], breaks)] == [2, 1, 1, 1, 1]


def test_the_service_view_with_its_map_keeps_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    gss = world["Northshire"].gss_code
    client.get(f"/benchmarking/{gss}/360/")  # fills the in-memory store
    with django_assert_max_num_queries(30):
        response = client.get(f"/benchmarking/{gss}/290/?group=region")
    assert response.status_code == 200 and 'id="service-map"' in response.content.decode()


def test_an_area_without_figures_this_year_is_drawn_grey_and_never_outlined(client, world):
    from benchmarks.models import Boundary, ImportRun

    Boundary.objects.create(
        layer="counties",
        gss_code="E06000099",
        name="New Unitary",
        path="M200 200l28 0 0 28-28 0z",
        min_x=200,
        min_y=200,
        max_x=228,
        max_y=228,
        source=ImportRun.objects.filter(dataset="boundaries").first(),
    )
    html = client.get("/benchmarking/?service=360&year=2022-23").content.decode()
    svg = svg_of(html, "england-map")
    new = areas(svg)["New Unitary"]
    assert new["css"] == ["pe-nf"] and new["label"] == "New Unitary: no figures for this council this year"
    assert "pe-map__selected" not in svg and "pe-map__group" not in svg  # no council chosen on the home page
    assert "is outlined in red" not in html


def test_a_countys_view_of_a_service_districts_also_deliver_is_drawn_on_counties(client, world):
    html = client.get(f"/benchmarking/{world['Northshire'].gss_code}/290/?year=2022-23").content.decode()
    shown = areas(svg_of(html, "service-map"))
    assert "pe-map__selected" in shown["Northshire"]["css"] and "North Vale" not in shown
    assert "in two-tier areas the district councils" in html


def test_the_map_names_its_source_file_and_population_year(client, world):
    html = client.get("/benchmarking/?service=360&year=2022-23").content.decode()
    assert "Source: RSX_2022-23_data_by_LA.csv (MHCLG revenue outturn" in html
    drawn = [n for n, c in world.councils.items() if c.authority_type != "NMD"]
    with_value = sum(per_head(world, 2022, n, "360") is not None for n in drawn)
    sentence = re.search(r"£ per head uses the population estimates of [^<]*", html)
    assert (
        sentence
        and sentence.group(0) == f"£ per head uses the population estimates of mid-2022 ({with_value} councils)."
    )
