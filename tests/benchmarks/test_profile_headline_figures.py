"""The profile headline's trend of total spend: the group's median in every year, in cash and real
terms, equals the figure computed by hand from the published returns, and a first profile view computes
the statistics of the total line only in the years it is not showing (speed: issue on uncached views)."""

import re
import statistics
from decimal import Decimal

import pytest
from django.urls import reverse

from benchmarks import comparison as comparisons
from benchmarks import store
from benchmarks.grouping import build_group
from benchmarks.models import PriceIndex
from benchmarks.years import FinancialYear

from .factories import ImportRunFactory
from .world import UNITARIES, build_world, per_head

pytestmark = pytest.mark.django_db
DEFLATORS = {2021: Decimal("80"), 2022: Decimal("125")}


@pytest.fixture
def world(db):
    store.clear_memory_cache()
    world = build_world()
    run = ImportRunFactory(dataset="prices", file_name="gdp_deflators_transcribed.csv")
    for year, value in DEFLATORS.items():
        PriceIndex.objects.create(
            year=FinancialYear(year), deflator=value, base_year=FinancialYear(2022), provisional=True, source=run
        )
    yield world
    store.clear_memory_cache()


def group_median(world, year: int) -> float:
    """The unitaries' median total per head in a year, from the world's published figures."""
    values = [per_head(world, year, name, "699") for name in UNITARIES]
    return statistics.median(v for v in values if v is not None)


def headline_trend(world, prices: str) -> list[dict]:
    version = store.data_version()
    return comparisons.trend(
        world["Corby Unitary"].id, "699", "type", "net_current_expenditure", version, prices=prices
    )


def test_total_trend_medians_equal_hand_computed_figures_in_cash_and_real_terms(client, world):
    url = reverse("benchmarks:profile", kwargs={"gss": world["Corby Unitary"].gss_code})
    assert client.get(url, {"year": "2022-23"}).status_code == 200  # the first view fills the store
    cash = {p["year"].start_year: p for p in headline_trend(world, "cash")}
    real = {p["year"].start_year: p for p in headline_trend(world, "real")}
    for year in (2021, 2022):
        factor = 100 / float(DEFLATORS[year])
        assert cash[year]["median"] == pytest.approx(group_median(world, year), rel=1e-12)
        assert real[year]["median"] == pytest.approx(group_median(world, year) * factor, rel=1e-12)
        assert cash[year]["value"] == pytest.approx(per_head(world, year, "Corby Unitary", "699"), rel=1e-12)
    html = client.get(url, {"year": "2022-23"}).content.decode()
    table = re.search(r'<table class="govuk-table" id="total-trend-table">.*?</table>', html, flags=re.S)[0]
    assert f"{per_head(world, 2021, 'Corby Unitary', '699'):,.2f}" in table
    assert f"{per_head(world, 2021, 'Corby Unitary', '699') * 100 / 80:,.2f}" in table


def test_first_profile_view_computes_other_years_for_the_total_line_only(client, world):
    url = reverse("benchmarks:profile", kwargs={"gss": world["Corby Unitary"].gss_code})
    assert client.get(url, {"year": "2022-23"}).status_code == 200
    every_service = [k for k in store.derived.items if k[0] == "groupstats" and k[-1] is None]
    # Every line's statistics for the year shown (cash), none for 2021-22 or for real terms.
    assert {(k[2], k[4]) for k in every_service} == {(2022, "cash")}
    one_line = {(k[2], k[4], k[-1]) for k in store.derived.items if k[0] == "groupstats" and k[-1] is not None}
    assert {(2021, "cash", "699"), (2021, "real", "699"), (2022, "real", "699")} <= one_line
    # The total line alone gives exactly the figures the every-service computation gives.
    version = store.data_version()
    for year in (2021, 2022):
        for prices in ("cash", "real"):
            dataset = store.year_dataset(FinancialYear(year), version=version, prices=prices)
            group = build_group(dataset, world["Corby Unitary"].id, "type", None, version)
            alone = comparisons.service_stats(dataset, group.member_ids, "699")
            every = comparisons.group_service_stats(dataset, group.member_ids)["699"]
            assert alone == every
