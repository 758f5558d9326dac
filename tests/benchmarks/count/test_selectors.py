"""Hand-worked counts: a two-tier place (with a police area over three council areas), a unitary and
a combined-authority area. Every expected figure is worked out in tests/benchmarks/count/world.py."""

from decimal import Decimal

import pytest

from benchmarks.count import selectors
from benchmarks.years import FinancialYear

pytestmark = pytest.mark.django_db
Y = FinancialYear(2022)


def parts_by_name(result):
    return {p.name: p for p in result.count.parts}


def test_two_tier_place_adds_its_councils_and_apportions_police_and_fire(world):
    result = selectors.place_count(selectors.get_place("area-E10000034"), Y)
    parts = parts_by_name(result)
    assert set(parts) == {
        "Worcestershire",
        "Wyre Forest",
        "Worcester",
        "West Mercia Police",
        "Hereford & Worcester Fire",
    }
    assert parts["Worcestershire"].value_thousands == Decimal("550000.5")
    assert parts["Worcestershire"].method == "official"
    police = parts["West Mercia Police"]
    # 200,000 of the police area's 500,000 residents (Herefordshire, Telford and Wrekin, Worcestershire).
    assert (police.served_population, police.body_population) == (200_000, 500_000)
    assert police.method == "apportioned" and police.kind == "police"
    assert police.value_thousands == Decimal("120000.00000")
    fire = parts["Hereford & Worcester Fire"]
    assert fire.value_thousands == Decimal("5000.00001")  # 10,000.00001 × 1/2 = 5,000.000005, half up
    assert result.count.total_thousands == Decimal("677000.50001")
    assert result.count.total_thousands == sum(p.value_thousands for p in result.count.parts)
    assert result.count.population == 200_000
    assert result.count.per_head() == Decimal("3385.00")
    assert result.count.through_councils() == Decimal("552000.5")
    assert result.population_years == [2022]


def test_unitary_place_gets_its_share_of_bodies_that_serve_it(world):
    result = selectors.place_count(selectors.get_place("area-E06000019"), Y)
    parts = parts_by_name(result)
    assert parts["Herefordshire"].value_thousands == Decimal("100000")
    assert parts["West Mercia Police"].value_thousands == Decimal("120000.00000")  # 200,000 / 500,000
    assert parts["Hereford & Worcester Fire"].value_thousands == Decimal("5000.00001")
    assert "West Midlands CA" not in parts
    assert result.count.total_thousands == Decimal("225000.00001")


def test_police_area_is_shared_out_by_population_across_its_three_council_areas(world):
    shares = {}
    for place_id in ("area-E10000034", "area-E06000019", "area-E06000020"):
        result = selectors.place_count(selectors.get_place(place_id), Y)
        shares[place_id] = parts_by_name(result)["West Mercia Police"].value_thousands
    assert shares == {
        "area-E10000034": Decimal("120000.00000"),
        "area-E06000019": Decimal("120000.00000"),
        "area-E06000020": Decimal("60000.00000"),
    }
    assert sum(shares.values()) == Decimal("300000")


def test_combined_authority_area_counts_the_authority_whole_and_its_councils(world):
    place = selectors.get_place("ca-E47000007")
    assert place.kind == "combined_authority"
    result = selectors.place_count(place, Y)
    parts = parts_by_name(result)
    assert set(parts) == {"Birmingham", "Coventry", "West Midlands CA"}
    assert parts["West Midlands CA"].method == "official"  # its whole area is the place
    assert result.count.total_thousands == Decimal("1230000")
    assert result.count.population == 1_300_000


def test_a_member_council_gets_an_apportioned_share_of_its_combined_authority(world):
    result = selectors.place_count(selectors.get_place("area-E08000025"), Y)
    ca = parts_by_name(result)["West Midlands CA"]
    assert ca.method == "apportioned"
    assert ca.value_thousands == Decimal("100000.00000")  # 130,000 × 1,000,000 / 1,300,000


def test_places_are_listed_and_searchable(world):
    ids = {p.id: p.kind for p in selectors.list_places()}
    assert ids["area-E10000034"] == "upper_tier"
    assert ids["ca-E47000007"] == "combined_authority"
    assert "area-E07000239" not in ids  # a district is part of its county's area
    assert [p.id for p in selectors.list_places("worcs")] == []
    assert [p.id for p in selectors.list_places("worcester")] == ["area-E10000034"]


def test_unknown_place_is_not_found(world):
    for bad in ("area-E07000239", "ca-E10000034", "group-nope", "nonsense", "area-E99999999"):
        with pytest.raises(selectors.PlaceNotFound):
            selectors.get_place(bad)
