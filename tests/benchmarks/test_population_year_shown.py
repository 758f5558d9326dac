"""Which population divides which year, and that every per-head figure says so.

Built on the hand-checkable world (tests/benchmarks/world.py), which holds mid-2022 estimates;
here every council also gets a mid-2013 estimate (90% of mid-2022) and a mid-2019 one (95%), and
figures for 2013-14, 2016-17 and 2017-18 equal to its 2022-23 figures. So:

    2013-14 -> mid-2013 (the year's own estimate)
    2017-18 -> mid-2019 (none for 2017; mid-2019 is 2 years away, allowed without a flag)
    2016-17 -> mid-2019 (mid-2013 and mid-2019 are both 3 years away; the later is nearer the middle
               of the financial year) and flagged: "population estimate is 3 years from this year"

Ashford Unitary's highways (290): £2,000 thousand; mid-2013 90,000, mid-2019 95,000.
"""

import pytest
from django.urls import reverse

from benchmarks import analysis
from benchmarks.models import PopulationEstimate

from .factories import ImportRunFactory, add_year
from .world import build_world

pytestmark = pytest.mark.django_db
YEARS = {2013: 0.90, 2019: 0.95}


@pytest.fixture
def world(db):
    world = build_world(with_2021=False)
    runs = {y: ImportRunFactory(dataset="population", file_name=f"mid-{y}.xls") for y in YEARS}
    PopulationEstimate.objects.bulk_create(
        PopulationEstimate(
            authority=world[name],
            mid_year=year,
            population=round(population * share),
            source=f"ons_mid{year}",
            import_run=runs[year],
        )
        for name, population in world.populations.items()
        for year, share in YEARS.items()
    )
    for year in (2013, 2016, 2017):
        add_year(list(world.councils.values()), year, {world[n]: f for n, f in world.figures[2022].items()})
    return world


def url(world, view="profile", name="Ashford Unitary", code=None, **params):
    kwargs = {"gss": world[name].gss_code} | ({"code": code} if code else {})
    return reverse(f"benchmarks:{view}", kwargs=kwargs) + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_the_rule_for_choosing_a_population_year():
    choose = analysis.choose_population_year
    assert choose(2013, [2011, 2013, 2022]) == analysis.PopulationChoice(2013, 0, False)
    assert choose(2017, [2011, 2013, 2019, 2022]) == analysis.PopulationChoice(2019, 2, False)
    assert choose(2016, [2013, 2019, 2022]) == analysis.PopulationChoice(2019, 3, True)
    assert choose(2012, [2011, 2013]).mid_year == 2013  # a tie goes to the later estimate
    assert choose(2009, [2011, 2022]) == analysis.PopulationChoice(2011, 2, False)
    assert choose(2015, []) == analysis.PopulationChoice(None, None, False)


@pytest.mark.parametrize(("year", "mid_year"), [("2013-14", 2013), ("2017-18", 2019), ("2022-23", 2022)])
def test_per_head_divides_by_the_years_population(client, world, year, mid_year):
    response = client.get(url(world, year=year))
    assert response.status_code == 200
    profile = response.context["profile"]
    population = round(100_000 * YEARS.get(mid_year, 1.0))
    assert (profile.population_year, profile.population) == (mid_year, population)
    highways = next(r for r in profile.rows if r.service.code == "290")
    assert highways.per_head == pytest.approx(2000 * 1000 / population)
    page = response.content.decode()
    assert f"£ per head uses the ONS mid-{mid_year} population." in page
    assert "years from this year" not in page


def test_a_population_three_years_away_is_flagged_on_pages(client, world):
    profile = client.get(url(world, year="2016-17"))
    assert profile.context["profile"].population_year == 2019
    assert "£ per head uses the ONS mid-2019 population; population estimate is 3 years from this year." in (
        profile.content.decode()
    )
    service = client.get(url(world, "service", code="290", year="2016-17"))
    page = service.content.decode()
    assert "population estimate is 3 years from this year" in page
    trend = {p["year"]: p for p in service.context["trend"]}
    assert (trend["2016-17"]["population_year"], trend["2017-18"]["population_year"]) == (2019, 2019)
    assert trend["2016-17"]["population_warning"] == "population estimate is 3 years from this year"
    assert trend["2017-18"]["population_warning"] == "" and trend["2013-14"]["population_year"] == 2013
    place = client.get(url(world, "place", name="North Vale", year="2016-17")).content.decode()
    assert "the ONS mid-2019 population" in place and "population estimate is 3 years from this year" in place


def test_downloads_have_a_population_year_column(client, world):
    lines = client.get(url(world, year="2016-17", format="csv")).content.decode().splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    assert first[header.index("Population year")] == "2019"
    assert first[header.index("Population note")] == "population estimate is 3 years from this year"
    trend = client.get(url(world, "service", code="290", table="trend", format="csv")).content.decode().splitlines()
    trend_header = trend[0].split(",")
    by_year = {row.split(",")[0]: row.split(",") for row in trend[1:]}
    assert by_year["2013-14"][trend_header.index("Population year")] == "2013"
    assert by_year["2017-18"][trend_header.index("Population year")] == "2019"


def test_the_api_gives_every_per_head_value_its_population_year(client, world):
    gss = world["Ashford Unitary"].gss_code
    values = client.get(f"/api/v1/values?authority={gss}&service=290").json()["results"]
    by_year = {r["year"]: r for r in values}
    assert {y: (r["population_year"], r["population_gap_flag"]) for y, r in by_year.items()} == {
        "2013-14": (2013, False),
        "2016-17": (2019, True),
        "2017-18": (2019, False),
        "2022-23": (2022, False),
    }
    assert by_year["2013-14"]["per_head"] == pytest.approx(2000 * 1000 / 90_000)
    body = client.get(f"/api/v1/compare?authority={gss}&service=290&year=2016-17").json()
    assert (body["population_year"], body["population_gap_flag"]) == (2019, True)
    assert all(m["population_year"] == 2019 and m["population_gap_flag"] for m in body["members"])
    body = client.get(f"/api/v1/compare?authority={gss}&service=290&year=2017-18").json()
    assert (body["population_year"], body["population_gap_flag"]) == (2019, False)


def test_the_profile_says_how_many_others_in_the_group_use_a_far_population(client, world):
    # Without its mid-2019 estimate, Bexley's 2017-18 figures divide by mid-2013, 4 years away.
    PopulationEstimate.objects.filter(authority=world["Bexley Unitary"], mid_year=2019).delete()
    page = client.get(url(world, year="2017-18")).content.decode()
    assert "£ per head uses the ONS mid-2019 population." in page
    assert "In the group, 1 other council divides by a population estimate more than 2 years from this year." in page
    bexley = client.get(url(world, name="Bexley Unitary", year="2017-18")).content.decode()
    assert "£ per head uses the ONS mid-2013 population; population estimate is 4 years from this year." in bexley
