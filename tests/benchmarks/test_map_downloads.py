"""Maps as files (issue 15): the home page's map of England, a service view's map and the profile's map
of the group download as SVG and PNG, with the title, key, source, boundaries and licence drawn in."""

import re
from html import unescape

import pytest

from benchmarks.figures import LICENCE_LINE
from benchmarks.models import Boundary

from .map_world import COUNTY_LAYER_TYPES, add_boundaries
from .world import build_world, per_head

pytestmark = pytest.mark.django_db
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def world():
    world = build_world()
    add_boundaries(list(world.councils.values()))
    return world


def download_links(html: str, map_id: str) -> list[str]:
    block = re.search(rf'<p class="govuk-body-s" id="{map_id}-download">(.*?)</p>', html, re.S)
    assert block, f"no download links under {map_id}"
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', block[1])]


def text_of(svg: str) -> str:
    """The words drawn in a file: every text and tspan, joined."""
    return unescape(" ".join(re.findall(r"<(?:text|tspan)[^>]*>([^<]+)<", svg)))


def test_the_home_page_map_downloads_as_svg_with_title_source_key_and_one_path_per_council(client, world):
    html = client.get("/benchmarking/?service=360&year=2022-23").content.decode()
    svg_link, png_link = download_links(html, "england-map")
    assert svg_link.endswith("&format=svg") and png_link.endswith("&format=png")
    response = client.get("/benchmarking/" + svg_link)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="england-2022-23-adult-social-care-net-current-expenditure-map.svg"'
    )
    svg = response.content.decode()
    words = text_of(svg)
    assert "Net current expenditure on adult social care in 2022-23, £ per head, by council" in words
    assert "RSX_2022-23_data_by_LA.csv" in words and "mid-2022" in words
    assert "Boundaries: ONS, December 2023" in words and LICENCE_LINE in words
    # One area per council on the counties layer, coloured by attribute (no page styles in a file).
    on_layer = Boundary.objects.filter(layer="counties").count()
    assert on_layer == sum(a.authority_type in COUNTY_LAYER_TYPES for a in world.councils.values())
    paths = re.findall(r'<path class="(pe-[^"]*)"([^>]*)>', svg)
    assert len(paths) == on_layer
    assert all(' fill="#' in attrs or "hatch" in attrs for _css, attrs in paths)
    assert "<a " not in svg and 'class="pe-map"' not in svg  # links are for the page, not a file
    # The key: the highest fifth is Corby's band on the page, with its range in £ per head.
    corby = per_head(world, 2022, "Corby Unitary", "360")
    assert f"£{corby:,.2f}" in words and "(hatched)" not in words and "No return" in words


def test_the_home_page_map_downloads_as_png(client, world):
    response = client.get("/benchmarking/?service=360&year=2022-23&format=png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    assert response["Content-Disposition"].endswith('-map.png"')


def test_the_service_view_map_downloads_with_the_council_outlined(client, world):
    north = world["Northshire"]
    html = client.get(f"/benchmarking/{north.gss_code}/360/?year=2022-23").content.decode()
    svg_link, png_link = download_links(html, "service-map")
    assert "chart=map" in svg_link
    response = client.get(f"/benchmarking/{north.gss_code}/360/{svg_link}")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    name = re.search(r'filename="([^"]*)"', response["Content-Disposition"])[1]
    assert name == "northshire-2022-23-adult-social-care-map-county-councils-net-current-expenditure.svg"
    svg = response.content.decode()
    assert "Northshire is outlined in red, the other councils in its group in black." in text_of(svg)
    assert len(re.findall(r'stroke="#d4351c"', svg)) == 1  # the council itself
    png = client.get(f"/benchmarking/{north.gss_code}/360/{png_link}")
    assert png["Content-Type"] == "image/png" and png.content.startswith(PNG_SIGNATURE)


def test_the_profile_group_map_downloads_cropped_to_the_group(client, world):
    corby = world["Corby Unitary"]
    html = client.get(f"/benchmarking/{corby.gss_code}/?year=2022-23&group=type").content.decode()
    svg_link, png_link = download_links(html, "group-map")
    response = client.get(f"/benchmarking/{corby.gss_code}/{svg_link}")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert 'filename="corby-unitary-2022-23-total-service-expenditure-group-map' in response["Content-Disposition"]
    svg = response.content.decode()
    assert "the group and its surroundings" in text_of(svg) and 'clip-path="url(#group-map-clip)"' in svg
    png = client.get(f"/benchmarking/{corby.gss_code}/{png_link}")
    assert png.status_code == 200 and png.content.startswith(PNG_SIGNATURE)


@pytest.mark.parametrize(
    "url, status",
    [
        ("/benchmarking/?service=360&year=2022-23&format=gif", 400),
        ("/benchmarking/?service=123&format=svg", 400),
        ("/benchmarking/?service=360&year=1999-00&format=png", 400),
        ("/benchmarking/{north}/360/?year=2022-23&chart=maps&format=svg", 400),
        ("/benchmarking/{north}/360/?year=2022-23&chart=map&format=tiff", 400),
        ("/benchmarking/{north}/999/?year=2022-23&chart=map&format=svg", 404),
        ("/benchmarking/E99999999/?chart=map&format=svg", 404),
    ],
)
def test_bad_map_download_choices_are_refused_not_errors(client, world, url, status):
    response = client.get(url.format(north=world["Northshire"].gss_code))
    assert response.status_code == status
    assert not response["Content-Type"].startswith("image/")


def test_no_boundaries_means_no_map_to_download(client, db):
    world = build_world()
    assert client.get("/benchmarking/?service=360&year=2022-23&format=svg").status_code == 404
    gss = world["Corby Unitary"].gss_code
    assert client.get(f"/benchmarking/{gss}/360/?year=2022-23&chart=map&format=png").status_code == 404
    assert client.get(f"/benchmarking/{gss}/?year=2022-23&chart=map&format=svg").status_code == 404
