"""The council profile at a glance: a small dot strip beside each service on one scale per row, and a
headline panel (total per head against the group, services furthest from the median, the total's trend
in cash and real terms)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from benchmarks.models import PriceIndex
from benchmarks.years import FinancialYear

from .factories import ImportRunFactory
from .world import build_world, per_head

pytestmark = pytest.mark.django_db
PROFILE_MAX_QUERIES = 25


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


def profile(client, world, name="Corby Unitary", **query):
    url = reverse("benchmarks:profile", kwargs={"gss": world[name].gss_code})
    return client.get(url, {"year": "2022-23", **query})


def row_strip(html: str, code: str) -> str:
    row = re.search(rf'<tr class="govuk-table__row" data-service="{code}">(.*?)</tr>', html, flags=re.S)[1]
    return re.search(r'<svg class="pe-mini-strip".*?</svg>', row, flags=re.S)[0]


def test_each_service_row_has_a_dot_strip_on_its_own_scale(client, world):
    html = profile(client, world).content.decode()
    unitaries = ["Ashford Unitary", "Bexley Unitary", "Corby Unitary", "Dover Unitary", "Epsom Unitary"]
    for code in ("190", "290"):
        strip = row_strip(html, code)
        values = [per_head(world, 2022, n, code) for n in unitaries]
        mine = per_head(world, 2022, "Corby Unitary", code)
        lo, hi = min(values), max(values)
        # One scale per row: the range line runs from the group's lowest to its highest value.
        x1, x2 = map(float, re.search(r'<line x1="([\d.]+)" x2="([\d.]+)"', strip).groups())
        assert (x1, x2) == (8.0, 152.0)
        council = float(re.search(r'class="pe-mini-council" cx="([\d.]+)"', strip)[1])
        assert council == pytest.approx(8 + (mine - lo) / (hi - lo) * 144, abs=0.1)
        assert f"£{mine:,.2f} per head" in strip and 'role="img"' in strip
        assert "<text" not in strip  # nothing to shrink below 12px on a phone


def test_headline_panel_total_and_services_furthest_from_the_median(client, world):
    html = profile(client, world).content.decode()
    total = re.search(r'<p class="govuk-body-l" id="headline-total">(.*?)</p>', html, flags=re.S)[1]
    assert f"£{per_head(world, 2022, 'Corby Unitary', '699'):,.2f} per head" in total
    above = re.search(r'<ul class="govuk-list" id="headline-above">(.*?)</ul>', html, flags=re.S)[1]
    # Corby spends the most per head on highways (290) of the unitaries: furthest above.
    assert "Highways" in above.split("</li>")[0]


def test_headline_trend_of_total_spend_in_cash_and_real_terms(client, world):
    html = profile(client, world).content.decode()
    table = re.search(r'<table class="govuk-table" id="total-trend-table">.*?</table>', html, flags=re.S)[0]
    cash_2022 = per_head(world, 2022, "Corby Unitary", "699")
    assert f"{cash_2022:,.2f}" in table  # cash
    assert f"{cash_2022 * 100 / 125:,.2f}" in table  # real terms: cash × 100 ÷ 2022-23's deflator
    assert "mid-2022" in table
    assert 'id="total-trend-chart"' in html


def test_profile_query_count_is_bounded(client, world, django_assert_max_num_queries):
    profile(client, world)  # fill the in-memory store once
    with django_assert_max_num_queries(PROFILE_MAX_QUERIES):
        assert profile(client, world, group="region").status_code == 200
