"""A council created by merger: its predecessors' figures combined for the years before it existed,
marked as such, with gaps explained, and never counted in any group's statistics."""

import csv
import io
import statistics

import pytest
from django.urls import reverse

from benchmarks import predecessors as pred

from .reorg_world import PREDECESSOR_FIGURES, PREDECESSOR_POPULATIONS, add_merger
from .world import UNITARIES, build_world, per_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = build_world()
    add_merger(world)
    return world


def service_url(world, name, code="290", **params):
    url = reverse("benchmarks:service", kwargs={"gss": world[name].gss_code, "code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def trend_by_year(response):
    return {p["year"]: p for p in response.context["trend"]}


def test_years_before_the_merger_show_the_predecessors_combined_per_resident(client, world):
    response = client.get(service_url(world, "Newshire Unitary"))
    assert response.status_code == 200
    trend = trend_by_year(response)
    figures = PREDECESSOR_FIGURES[2021]
    total = sum(float(figures[n]["290"]) for n in figures)
    # The county's population already counts its districts' residents: 400,000, not 800,000.
    assert trend["2021-22"]["value"] == pytest.approx(total * 1000 / PREDECESSOR_POPULATIONS["Oldshire"])
    assert trend["2021-22"]["value"] == pytest.approx(22.0)
    assert trend["2021-22"]["combined"] is True
    assert "Oldshire" in trend["2021-22"]["note"] and "Old Vale" in trend["2021-22"]["note"]
    # Its own first year is its own figure, not marked.
    assert trend["2022-23"]["value"] == pytest.approx(9000 * 1000 / 410_000)
    assert trend["2022-23"]["combined"] is False


def test_combined_years_are_marked_in_table_chart_summary_and_download(client, world):
    response = client.get(service_url(world, "Newshire Unitary"))
    html = response.content.decode()
    row = html.split('data-year="2021-22"')[1].split("</tr>")[0]
    assert "Predecessor councils combined" in row
    own_row = html.split('data-year="2022-23"')[1].split("</tr>")[0]
    assert "Predecessor councils combined" not in own_row
    chart = str(response.context["trend_chart"])
    assert 'class="pe-combined"' in chart and "predecessor councils combined" in chart
    # The summary does not claim the council itself spent the combined figure.
    assert "in 2021-22 and" not in response.context["trend_summary"]
    assert "predecessor councils combined" in response.context["trend_summary"]
    download = client.get(service_url(world, "Newshire Unitary", table="trend", format="csv"))
    rows = {r["Year"]: r for r in csv.DictReader(io.StringIO(download.content.decode("utf-8-sig")))}
    assert rows["2021-22"]["Predecessor councils combined"] == "yes"
    assert float(rows["2021-22"]["Council £ per head"]) == pytest.approx(22.0)
    assert rows["2022-23"]["Predecessor councils combined"] == ""


def test_a_year_where_one_predecessor_did_not_submit_is_a_gap_with_its_reason(client, world):
    trend = trend_by_year(client.get(service_url(world, "Newshire Unitary")))
    assert trend["2020-21"]["value"] is None and trend["2020-21"]["combined"] is False
    assert "Old Hills did not submit a return this year" in trend["2020-21"]["note"]
    html = client.get(service_url(world, "Newshire Unitary")).content.decode()
    assert "Old Hills did not submit a return this year" in html.split('data-year="2020-21"')[1].split("</tr>")[0]


def test_group_statistics_for_combined_years_leave_the_combined_figure_out(client, world):
    unitaries_2021 = [v for n in UNITARIES if (v := per_head(world, 2021, n, "290")) is not None]
    assert len(unitaries_2021) == 6
    mine = trend_by_year(client.get(service_url(world, "Newshire Unitary")))["2021-22"]
    assert mine["n"] == 6
    assert mine["median"] == pytest.approx(statistics.median(unitaries_2021))
    assert mine["q1"] == pytest.approx(statistics.quantiles(unitaries_2021, n=4, method="inclusive")[0])
    # A neighbour's view of the same year: the same six councils, the same median.
    theirs = trend_by_year(client.get(service_url(world, "Ashford Unitary")))["2021-22"]
    assert theirs["n"] == 6 and theirs["median"] == pytest.approx(statistics.median(unitaries_2021))
    profile = client.get(
        reverse("benchmarks:profile", kwargs={"gss": world["Ashford Unitary"].gss_code}) + "?year=2021-22"
    )
    rows = {r.service.code: r for r in profile.context["profile"].rows}
    assert rows["290"].stats.n == 6 and world["Newshire Unitary"].id not in rows["290"].stats.values


def test_a_predecessor_split_between_successors_is_not_apportioned(client, world):
    world["Oldshire"].successors.add(world["Ashford Unitary"])
    point = trend_by_year(client.get(service_url(world, "Newshire Unitary")))["2021-22"]
    assert point["value"] is None and point["combined"] is False
    assert "Oldshire was split between Ashford Unitary and Newshire Unitary" in point["note"]
    assert "not apportioned" in point["note"]


def test_without_predecessor_populations_the_councils_own_nearest_estimate_is_used_and_said(client, world):
    from benchmarks.models import PopulationEstimate

    PopulationEstimate.objects.filter(authority__name__in=list(PREDECESSOR_POPULATIONS)).delete()
    point = trend_by_year(client.get(service_url(world, "Newshire Unitary")))["2021-22"]
    assert point["combined"] is True
    assert point["value"] == pytest.approx((8000 + 300 + 500) * 1000 / 410_000)
    assert "Newshire Unitary's mid-2022 estimate" in point["note"]


# --- the arithmetic alone -----------------------------------------------------------------------------


def _row(pid, name, status="submitted", value=1.0, population=1000, parent=None, successors=("New",), **kw):
    return pred.PredecessorYear(pred.Predecessor(pid, name, "NMD", parent, successors), status, value, population, **kw)


def test_combine_adds_spending_and_counts_residents_once():
    county = pred.PredecessorYear(pred.Predecessor(1, "County", "CTY", None, ("New",)), "submitted", 300.0, 5000)
    point = pred.combine(
        [county, _row(2, "A", value=50.0, population=2000, parent=1), _row(3, "B", value=150.0, parent=1)]
    )
    assert point.total_thousands == 500.0 and point.population == 5000
    assert point.per_head == pytest.approx(500.0 * 1000 / 5000)
    # Two unitaries merging: both populations count.
    merged = pred.combine([_row(4, "C", value=10.0, population=1000), _row(5, "D", value=30.0, population=3000)])
    assert merged.per_head == pytest.approx(40.0 * 1000 / 4000)


def test_combine_gaps_say_why():
    assert "no revenue outturn return from B" in pred.combine([_row(1, "A"), _row(2, "B", status="none")]).reason
    assert "B published no figure" in pred.combine([_row(1, "A"), _row(2, "B", value=None)]).reason
    # A district's blank on a county-only line is not a gap: it does not deliver the service.
    assert pred.combine([_row(1, "A"), _row(2, "B", value=None, blank_means_none=True)]).per_head == pytest.approx(0.5)
    assert "no population estimate for B" in pred.combine([_row(1, "A"), _row(2, "B", population=None)]).reason
    with_own = pred.combine([_row(1, "A"), _row(2, "B", population=None)], 4000, "its own estimate")
    assert with_own.per_head == pytest.approx(2.0 * 1000 / 4000) and "its own estimate" in with_own.note
