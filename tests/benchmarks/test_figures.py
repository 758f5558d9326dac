"""Charts downloadable as SVG and PNG, with the title, source and licence drawn in."""

import re

import pytest
from django.urls import reverse

from benchmarks import charts, figures

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def service_url(world, **query) -> str:
    url = reverse("benchmarks:service", kwargs={"gss": world["Corby Unitary"].gss_code, "code": "290"})
    return url + "?" + "&".join(f"{k}={v}" for k, v in {"year": "2022-23", **query}.items())


def test_standalone_svg_has_title_source_and_licence_around_the_wide_drawing():
    drawing = charts.trend_chart(
        [{"year": "2021-22", "value": 1, "median": 1, "q1": 1, "q3": 1, "break": ""}],
        title="t",
        description="d",
        council_label="X",
    )
    svg = figures.standalone_svg(drawing, title="Spend & more", source="Source: RSX_2022-23_data_by_LA.csv")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="720"')
    assert "Spend &amp; more" in svg and "RSX_2022-23_data_by_LA.csv" in svg
    assert "Open Government Licence v3.0" in svg
    assert "pe-chart--narrow" not in svg  # one drawing: the wide one


@pytest.mark.parametrize("chart", ["trend", "strip"])
def test_service_charts_download_as_svg_and_png(client, world, chart):
    svg = client.get(service_url(world, chart=chart, format="svg"))
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert re.search(r'filename="corby-unitary-2022-23-highways-and-transport-[^"]+\.svg"', svg["Content-Disposition"])
    text = svg.content.decode()
    assert "Highways and transport" in text and "Open Government Licence" in text
    # The source: the year's file for the dot strip, the years drawn for the trend.
    assert ("RSX_2022-23_data_by_LA.csv" if chart == "strip" else "revenue outturn, 2021-22 to 2022-23") in text
    png = client.get(service_url(world, chart=chart, format="png"))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png.content[16:20], "big")
    assert width == 720 * figures.PNG_SCALE


def test_profile_total_chart_downloads(client, world):
    url = reverse("benchmarks:profile", kwargs={"gss": world["Corby Unitary"].gss_code})
    response = client.get(url, {"year": "2022-23", "chart": "total", "format": "svg"})
    assert response.status_code == 200 and "over time" in response.content.decode()
