"""The benchmarking journey in a real browser: type-ahead → profile → nearest neighbours → a service →
CSV download → the trend table, with axe on every page."""

import csv
import io
import statistics

import pytest

from tests.benchmarks.world import UNITARIES, build_world, per_head

pytestmark = pytest.mark.django_db(transaction=True)


def cell_number(text: str) -> float:
    return float(text.replace(",", "").replace("£", "").strip())


def test_benchmarking_journey(page, home_page, assert_accessible):
    world = build_world()

    page.goto("/benchmarking/")
    assert_accessible(page)
    page.fill("#benchmark-council", "Corb")
    suggestion = page.locator(".pe-typeahead__list a", has_text="Corby Unitary")
    suggestion.wait_for()
    suggestion.click()
    page.wait_for_url(f"**/benchmarking/{world['Corby Unitary'].gss_code}/")

    # Profile: every service line with a rank and the group median.
    assert page.locator("h1").inner_text() == "Corby Unitary"
    rows = page.locator("#services-table tbody tr")
    assert rows.count() == 14
    highways = page.locator('#services-table tr[data-service="290"]')
    cells = highways.locator("td")  # the first is the dot strip ("Where it stands")
    median = statistics.median([v for n in UNITARIES if (v := per_head(world, 2022, n, "290")) is not None])
    assert cell_number(cells.nth(3).inner_text()) == pytest.approx(median, abs=0.005)
    assert "highest of 5" in cells.nth(6).inner_text()
    assert_accessible(page)

    # Switch the group to nearest neighbours.
    page.check("#group-neighbours")
    page.click("button:has-text('Update comparison')")
    page.wait_for_url("**group=neighbours**")
    assert page.locator("#neighbours-heading").is_visible()
    assert page.locator("#services-caption").inner_text().endswith("nearest neighbours")
    assert_accessible(page)

    # Open a service.
    page.click("#services-table a:has-text('Highways and transport services')")
    page.wait_for_url("**/290/**")
    assert page.locator("h1").inner_text().startswith("Highways and transport services")
    assert page.locator("svg#dot-strip").count() == 1
    assert_accessible(page)

    # Download the members table as CSV and check it against the table on the page.
    with page.expect_download() as download_info:
        page.click("#download-members-csv")
    download = download_info.value
    content = open(download.path(), encoding="utf-8-sig").read()
    downloaded = {row["Council"]: row for row in csv.DictReader(io.StringIO(content))}
    shown = page.locator("#members-table tbody tr")
    assert len(downloaded) == shown.count()
    corby = downloaded["Corby Unitary"]
    assert float(corby["£ per head"]) == pytest.approx(per_head(world, 2022, "Corby Unitary", "290"), abs=0.01)
    assert corby["GSS code"] == world["Corby Unitary"].gss_code

    # The trend table matches the figures (council per head in each year).
    for year, label in ((2021, "2021-22"), (2022, "2022-23")):
        row = page.locator(f'#trend-table tr[data-year="{label}"] td')
        assert cell_number(row.nth(0).inner_text()) == pytest.approx(
            per_head(world, year, "Corby Unitary", "290"), abs=0.005
        )


def test_bad_input_pages_are_accessible(page, home_page, assert_accessible):
    world = build_world(with_2021=False)
    response = page.goto("/benchmarking/E99999999/")
    assert response.status == 404
    assert "could not find a council" in page.content()
    assert_accessible(page)
    response = page.goto(f"/benchmarking/{world['Corby Unitary'].gss_code}/?year=nonsense")
    assert response.status == 400
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_other_benchmarking_pages_are_accessible(page, home_page, assert_accessible):
    world = build_world(with_2021=False)
    gss = world["North Vale"].gss_code
    for url in (
        f"/benchmarking/{gss}/place/",
        "/benchmarking/savings/",
        "/api/v1/docs/",
        f"/benchmarking/{world['Corby Unitary'].gss_code}/360/",
        f"/benchmarking/{world['Corby Unitary'].gss_code}/290/embed/",
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
