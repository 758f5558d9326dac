"""The pages for reorganised councils in a real browser, with axe: a merged council's service page (its
predecessors combined, marked) and the page for a year before it existed."""

import pytest

from tests.benchmarks.reorg_world import add_merger
from tests.benchmarks.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_merged_council_pages_are_accessible(page, home_page, assert_accessible):
    world = build_world()
    new = add_merger(world)

    page.goto(f"/benchmarking/{new.gss_code}/290/")
    row = page.locator('#trend-table tr[data-year="2021-22"]')
    assert "Predecessor councils combined" in row.inner_text()
    assert page.locator("#trend-chart .pe-combined").count() == 1
    assert_accessible(page)

    page.goto(f"/benchmarking/{new.gss_code}/?year=2021-22")
    assert "did not exist in 2021-22" in page.locator("#missing-year-message").inner_text()
    assert_accessible(page)
    page.click("#latest-year-link")
    page.wait_for_url("**year=2022-23**")
    assert page.locator("h1").inner_text() == "Newshire Unitary"
