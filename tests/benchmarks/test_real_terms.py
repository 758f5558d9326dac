"""Real terms: cash × (100 ÷ the year's GDP deflator), in the deflator series' base-year prices.

The deflators are a small PriceIndex made here, and every expected figure is worked by hand from
them and the world's figures (tests/benchmarks/world.py):

    deflators: 2021-22 = 80, 2022-23 = 125, 2023-24 = 100 (the base year)
    Ashford Unitary, highways (290), population 100,000 (mid-2022, the only estimate held):
      2022-23: £2,000 thousand cash -> £20.00 per head cash -> 20 × 100 ÷ 125 = £16.00 real
               £ thousand real: 2,000 × 100 ÷ 125 = 1,600
      2021-22: £1,800 thousand cash -> £18.00 per head cash -> 18 × 100 ÷ 80  = £22.50 real
    Unitaries' 290 per head in 2022-23: 20, 15, 40, 20, 20 (Fenland made no return): median £20.00
      cash -> £16.00 real; ranks do not move.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from benchmarks import analysis
from benchmarks.importers.base import OfficialDataError
from benchmarks.importers.directory import recognise
from benchmarks.importers.services import import_prices
from benchmarks.models import PriceIndex
from benchmarks.years import FinancialYear

from .factories import ImportRunFactory
from .world import build_world

pytestmark = pytest.mark.django_db
DEFLATORS = {2021: "80", 2022: "125", 2023: "100"}


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def deflators(world):
    run = ImportRunFactory(dataset="prices", file_name="gdp_deflators_transcribed.csv")
    for year, value in DEFLATORS.items():
        PriceIndex.objects.create(
            year=FinancialYear(year),
            deflator=Decimal(value),
            base_year=FinancialYear(2023),
            provisional=True,
            source=run,
        )


def profile(world, name="Ashford Unitary", **params):
    url = reverse("benchmarks:profile", kwargs={"gss": world[name].gss_code})
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def service(world, code="290", name="Ashford Unitary", **params):
    url = reverse("benchmarks:service", kwargs={"gss": world[name].gss_code, "code": code})
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_real_terms_arithmetic():
    assert analysis.real_terms(20, 125) == pytest.approx(16.0)
    assert analysis.real_terms(18, Decimal("80")) == pytest.approx(22.5)
    assert analysis.real_terms(20, 100) == pytest.approx(20.0)  # the base year is unchanged
    assert analysis.real_terms(20, None) is None and analysis.real_terms(20, 0) is None
    assert analysis.real_terms(None, 125) is None
    # Rebasing HM Treasury's 2022-23 = 94.4516 to 100: 2023-24 becomes 100 × 100 ÷ 94.4516 = 105.8743…
    rebased = analysis.rebase_deflators({2022: 94.4516, 2023: 100.0}, 2022)
    assert rebased[2022] == pytest.approx(100.0) and rebased[2023] == pytest.approx(105.8743, abs=1e-4)


def test_real_terms_change_every_money_figure_on_the_profile(client, world, deflators):
    cash = client.get(profile(world, year="2022-23"))
    real = client.get(profile(world, year="2022-23", prices="real"))
    assert cash.status_code == real.status_code == 200
    cash_row = next(r for r in cash.context["table"] if r["code"] == "290")
    real_row = next(r for r in real.context["table"] if r["code"] == "290")
    assert (cash_row["per_head"], cash_row["median"], cash_row["value"]) == ("20.00", "20.00", "2,000")
    assert (real_row["per_head"], real_row["median"], real_row["value"]) == ("16.00", "16.00", "1,600")
    assert real_row["rank"] == cash_row["rank"]
    page = real.content.decode()
    assert "in 2023-24 prices, GDP deflator (HM Treasury, provisional transcription)" in page
    assert 'value="real" checked' in page
    # Links from the page keep real terms.
    assert "prices=real" in real.context["query"]


def test_real_terms_download_says_so_in_its_header(client, world, deflators):
    response = client.get(profile(world, year="2022-23", prices="real", format="csv"))
    header, *rows = response.content.decode().splitlines()
    assert "£ per head (real terms in 2023-24 prices, GDP deflator)" in header
    assert "Population year" in header
    highways = next(r for r in rows if ",290," in r)
    assert ",16," in highways  # a plain number: no padding zeros
    cash_header = client.get(profile(world, year="2022-23", format="csv")).content.decode().splitlines()[0]
    assert "real terms" not in cash_header


def test_trend_in_real_terms_uses_each_years_deflator(client, world, deflators):
    trend = client.get(service(world, year="2022-23", prices="real")).context["trend"]
    values = {p["year"]: p["value"] for p in trend}
    assert values["2021-22"] == pytest.approx(22.5) and values["2022-23"] == pytest.approx(16.0)
    cash = {p["year"]: p["value"] for p in client.get(service(world, year="2022-23")).context["trend"]}
    assert cash["2021-22"] == pytest.approx(18.0) and cash["2022-23"] == pytest.approx(20.0)
    csv = client.get(service(world, year="2022-23", prices="real", table="trend", format="csv")).content.decode()
    assert "Council £ per head (real terms in 2023-24 prices, GDP deflator)" in csv.splitlines()[0]


def test_real_terms_in_the_api(client, world, deflators):
    gss = world["Ashford Unitary"].gss_code
    body = client.get(f"/api/v1/compare?authority={gss}&service=290&year=2022-23&prices=real").json()
    assert body["value_per_head"] == pytest.approx(16.0) and body["median"] == pytest.approx(16.0)
    assert body["prices"] == "real" and body["price_base_year"] == "2023-24"
    [row] = client.get(f"/api/v1/values?authority={gss}&service=290&year=2022-23&prices=real").json()["results"]
    assert row["value_thousands"] == "1600" and row["per_head"] == pytest.approx(16.0)
    [cash] = client.get(f"/api/v1/values?authority={gss}&service=290&year=2022-23").json()["results"]
    assert cash["value_thousands"] == "2000" and cash["prices"] == "cash" and cash["price_base_year"] is None


def test_bad_prices_are_a_400_in_the_api_and_a_message_on_pages(client, world, deflators):
    gss = world["Ashford Unitary"].gss_code
    response = client.get(f"/api/v1/compare?authority={gss}&service=290&year=2022-23&prices=bogus")
    assert response.status_code == 400 and "prices" in response.json()["errors"]
    assert client.get("/api/v1/values?prices=bogus").status_code == 400
    for url in (profile(world, prices="bogus"), service(world, prices="bogus"), profile(world, prices="<b>")):
        page = client.get(url)
        assert page.status_code == 200
        assert "is not a choice of prices, so cash prices are shown" in page.content.decode()
    row = next(r for r in client.get(profile(world, prices="bogus")).context["table"] if r["code"] == "290")
    assert row["per_head"] == "20.00"


def test_real_terms_without_deflators_shows_cash_with_a_message(client, world):
    page = client.get(profile(world, prices="real"))
    assert page.status_code == 200
    assert "no GDP deflators have been imported; cash prices are shown" in page.content.decode()
    gss = world["Ashford Unitary"].gss_code
    assert client.get(f"/api/v1/compare?authority={gss}&service=290&year=2022-23&prices=real").status_code == 400


def test_deflator_file_is_read_by_its_headers(tmp_path):
    path = tmp_path / "gdp_deflators.csv"
    path.write_text("note,GDP deflator,Financial year\nold,3.3,1955-56\n,94.4516,2022-23\n,100.0,2023-24\n")
    assert recognise(path)[0] == "prices"
    result = import_prices(path)
    stored = {p.year.label: (p.deflator, p.base_year.label, p.provisional) for p in PriceIndex.objects.all()}
    assert stored == {
        "2022-23": (Decimal("94.4516"), "2023-24", True),
        "2023-24": (Decimal("100"), "2023-24", True),
    }
    assert result.report.counts["years_before_1990_not_loaded"] == 1


def test_a_deflator_file_without_a_base_year_is_refused_and_nothing_changes(tmp_path):
    good = tmp_path / "gdp_deflators.csv"
    good.write_text("financial_year,gdp_deflator\n2022-23,94.4516\n2023-24,100\n")
    import_prices(good)
    bad = tmp_path / "gdp_deflators_bad.csv"
    bad.write_text("financial_year,gdp_deflator\n2022-23,94.4516\n2023-24,101\n")
    with pytest.raises(OfficialDataError, match="cannot tell the base year"):
        import_prices(bad)
    missing = tmp_path / "deflator_wrong.csv"
    missing.write_text("year,value\n2023-24,100\n")
    with pytest.raises(OfficialDataError, match="GDP deflator column"):
        import_prices(missing)
    assert PriceIndex.objects.get(year=FinancialYear(2023)).deflator == Decimal("100")


def test_place_totals_switch_to_real_terms(client, world, deflators):
    # Northshire 290 in 2022-23: county 20,000 + districts 500 + 700 = £21,200 thousand cash,
    # × 100 ÷ 125 = £16,960 thousand real; per head of 500,000: £42.40 cash, £33.92 real.
    place_url = reverse("benchmarks:place", kwargs={"gss": world["North Vale"].gss_code})
    rows = {
        prices: next(
            r
            for r in client.get(f"{place_url}?year=2022-23&prices={prices}").context["place"]["rows"]
            if r["service"].code == "290"
        )
        for prices in ("cash", "real")
    }
    assert rows["cash"]["total"] == pytest.approx(21_200) and rows["real"]["total"] == pytest.approx(16_960)
    assert rows["cash"]["per_head"] == pytest.approx(42.40) and rows["real"]["per_head"] == pytest.approx(33.92)


def test_real_terms_pages_keep_their_query_bounds(client, world, deflators, django_assert_max_num_queries):
    client.get(profile(world, "Bexley Unitary", prices="real"))  # warm the in-memory store
    with django_assert_max_num_queries(12):  # the same bound as the cash profile (test_views.py)
        assert client.get(profile(world, "Corby Unitary", prices="real")).status_code == 200
    client.get(service(world, name="Corby Unitary", prices="real"))
    with django_assert_max_num_queries(8):
        assert client.get(service(world, name="Corby Unitary", prices="real")).status_code == 200
