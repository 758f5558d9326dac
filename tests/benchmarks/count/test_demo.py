"""The demonstration: Worcestershire shows what the Total Place pilot reported, each figure with its source
and the per-agency figures as missing (never invented); the list offers a place counted from outturn alone."""

import pytest

from benchmarks.count.demo import PILOT_SOURCE, REPORTED

pytestmark = pytest.mark.django_db


def test_worcestershire_shows_the_pilots_reported_figures_with_sources_and_missing_ones(client, world):
    html = client.get("/benchmarking/places/area-E10000034/").content.decode()
    table = html[html.index('id="reported-table"') :]
    table = table[: table.index("</table>")]
    assert "over £4.4bn" in table and "less than 25%" in table
    assert table.count("Missing</strong> not public") == 2
    assert PILOT_SOURCE[:31] in table  # "Worcestershire Total Place pilot"
    assert "not part of the total above" in html
    figures = REPORTED["area-E10000034"].figures
    assert all(f.source for f in figures)
    assert {f.figure for f in figures} == {"over £4.4bn", "less than 25%", ""}


def test_other_places_have_no_reported_panel_and_the_list_has_worked_examples(client, world):
    assert 'id="reported-table"' not in client.get("/benchmarking/places/area-E06000019/").content.decode()
    html = client.get("/benchmarking/places/").content.decode()
    assert "from the official outturn alone" in html and 'href="/benchmarking/places/area-E10000020/"' in html
