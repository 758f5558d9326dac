"""The place page, its downloads and the API carry the same parts, and the total is their sum to the penny."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
PAGE = "/benchmarking/places/area-E10000034/"
API = "/api/v1/places/area-E10000034/count"


def test_place_page_shows_total_parts_methods_treemaps_and_summary(client, world, django_assert_max_num_queries):
    client.get(PAGE)  # figures into memory
    with django_assert_max_num_queries(12):
        response = client.get(PAGE + "?year=2022-23")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="count-total">£677,000.50001 thousand' in html
    assert 'id="parts-total">677,000.50001<' in html
    assert "Councils account for 82% of £677.0m counted in Worcestershire" in html
    assert 'data-method="apportioned"' in html and 'data-method="official"' in html
    assert "200,000 of the 500,000 residents of its area live in this place" in html
    assert html.count('<svg class="pe-treemap"') == 2
    assert "the ONS mid-2022 population" in html
    assert "£3,385.00 per resident" in html


def test_api_count_parts_add_up_to_the_total_to_the_penny(client, world):
    data = client.get(API + "?year=2022-23&prices=cash").json()
    assert data["total_thousands"] == 677000.50001
    parts = {p["name"]: p for p in data["parts"]}
    assert parts["West Mercia Police"] == {
        "name": "West Mercia Police",
        "kind": "police",
        "value_thousands": 120000.0,
        "method": "apportioned",
        "share": 0.1773,
        "source": "MHCLG revenue outturn 2022-23, RSX_2022-23.csv",
    }
    assert parts["Hereford & Worcester Fire"]["kind"] == "fire"
    assert sum(Decimal(str(p["value_thousands"])) for p in data["parts"]) == Decimal("677000.50001")


def test_api_lists_and_searches_places(client, world):
    data = client.get("/api/v1/places/?q=west midlands").json()
    assert data["results"] == [{"id": "ca-E47000007", "name": "West Midlands CA", "kind": "combined_authority"}]


def test_api_rejects_bad_parameters_and_unknown_places(client, world):
    assert client.get(API + "?year=2030-31").status_code == 400
    assert client.get(API + "?prices=gold").json()["errors"]["prices"]
    assert client.get("/api/v1/places/area-E99999999/count").status_code == 404
    assert client.get("/benchmarking/places/nope/").status_code == 404


def test_csv_and_xlsx_carry_the_same_parts_and_total(client, world):
    rows = list(csv.reader(io.StringIO(client.get(PAGE + "?year=2022-23&format=csv").content.decode())))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    value = header.index("£ thousand")
    assert {r[header.index("Method")] for r in body} == {"official", "apportioned"}
    assert sum(Decimal(r[value]) for r in body) == Decimal(total[value]) == Decimal("677000.50001")
    book = load_workbook(io.BytesIO(client.get(PAGE + "?year=2022-23&format=xlsx").content))
    sheet = list(book.active.values)
    assert [r[4] for r in sheet[1:-1]] == [r[4] for r in body]
    assert sheet[-1][value] == pytest.approx(677000.50001, abs=1e-6)


def test_downloads_neutralise_formulas_in_names(client, world):
    world["Worcester"].name = "=HYPERLINK(1)"
    world["Worcester"].save()
    text = client.get(PAGE + "?format=csv").content.decode()
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_real_terms_say_so_and_still_add_up(client, world):
    from benchmarks.models import PriceIndex
    from benchmarks.years import FinancialYear
    from tests.benchmarks.factories import ImportRunFactory

    run = ImportRunFactory(dataset="prices", file_name="gdp_deflators_transcribed.csv")
    PriceIndex.objects.create(
        year=FinancialYear(2022), deflator=Decimal("80"), base_year=FinancialYear(2023), source=run
    )
    data = client.get(API + "?prices=real").json()
    assert "2023-24 prices" in data["prices_label"]
    assert sum(Decimal(str(p["value_thousands"])) for p in data["parts"]) == Decimal(str(data["total_thousands"]))
    assert data["total_thousands"] == pytest.approx(677000.50001 * 1.25, abs=0.01)
