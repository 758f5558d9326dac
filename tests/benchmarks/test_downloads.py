"""Every CSV download of the comparison pages: a header cell over every value, and in real terms the
£ columns (and only they) say so in their header."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from benchmarks.models import PriceIndex
from benchmarks.years import FinancialYear

from .factories import ImportRunFactory
from .world import build_world

pytestmark = pytest.mark.django_db
REAL = "real terms in 2023-24 prices, GDP deflator"


@pytest.fixture
def world(db):
    world = build_world()
    run = ImportRunFactory(dataset="prices", file_name="gdp_deflators_transcribed.csv")
    for year, value in {2021: "80", 2022: "125", 2023: "100"}.items():
        PriceIndex.objects.create(
            year=FinancialYear(year),
            deflator=Decimal(value),
            base_year=FinancialYear(2023),
            provisional=True,
            source=run,
        )
    return world


def _csv(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _urls(world, prices: str) -> dict[str, str]:
    ashford, northshire = world["Ashford Unitary"].gss_code, world["Northshire"].gss_code
    query = f"year=2022-23&prices={prices}&format=csv"
    service = reverse("benchmarks:service", kwargs={"gss": ashford, "code": "290"})
    return {
        "profile": reverse("benchmarks:profile", kwargs={"gss": ashford}) + f"?{query}",
        "members": f"{service}?{query}",
        "trend": f"{service}?{query}&table=trend",
        "place": reverse("benchmarks:place", kwargs={"gss": northshire}) + f"?{query}",
    }


@pytest.mark.parametrize("prices", ["cash", "real"])
def test_every_download_has_a_header_cell_over_every_value(client, world, prices):
    for name, url in _urls(world, prices).items():
        header, *rows = _csv(client, url)
        assert rows, name
        assert all(len(row) == len(header) for row in rows), name
        assert len(set(header)) == len(header), name


def test_real_terms_headers_mark_the_money_columns_only(client, world):
    for name, url in _urls(world, "real").items():
        header = _csv(client, url)[0]
        real = [h for h in header if REAL in h]
        assert real, name
        assert all("£" in h or h.split(" (")[0] in {"Group median", "Lower quartile", "Upper quartile"} for h in real)
        for plain in ("Group size", "Population year", "Rank", "Service code", "Year"):
            assert all(not (h.startswith(plain) and REAL in h) for h in header), (name, plain)
    cash = _csv(client, _urls(world, "cash")["profile"])[0]
    assert not [h for h in cash if "real terms" in h]


def test_savings_download_lists_every_service_with_its_total(client, world):
    header, *rows = _csv(client, reverse("benchmarks:national_savings") + "?year=2022-23&format=csv")
    assert header == ["Service code", "Service", "Savings at same-type median (£)", "Councils above their median"]
    assert {row[0] for row in rows} >= {"190", "290", "360"}
    assert all(int(row[2]) >= 0 and int(row[3]) >= 0 for row in rows)
