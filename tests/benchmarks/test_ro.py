"""benchmarks.ro: which published line and label mean which service in which year, and the breaks."""

from __future__ import annotations

import pytest

from benchmarks import ro
from benchmarks.models import Service
from benchmarks.years import FinancialYear


def test_line_390_means_combined_social_care_to_2009_10_and_public_health_from_2013_14():
    assert ro.service_for(2009, line="390", label="Social care") == "330+360"
    assert ro.service_for(2013, line="390", label="Public Health") == "390"
    # By number alone the year decides; the two meanings never share a key.
    assert ro.service_for(2008, line="390") == "330+360"
    assert ro.service_for(2016, line="390") == "390"
    assert ro.service_for(2011, line="390") is None  # neither meaning is published that year
    assert ro.service_for(2009, label="Public health") is None


def test_a_label_decides_over_a_number_and_2007_08_labels_have_their_homes():
    assert ro.service_for(2007, label="Highways roads and transport services") == "290"
    assert ro.service_for(2007, label="Environmental services") == "590"
    assert ro.service_for(2008, label="Environmental services") is None  # a 2007-08 heading only
    assert ro.service_for(2007, label="Court services") == "603"
    assert ro.service_for(2010, label="Social care") == "330+360"  # 2010-11 prints no line numbers
    assert ro.service_for(2022, label="TOTAL SERVICE EXPENDITURE (total of lines 190 to 698)") == "699"
    assert ro.service_for(2022, line="360", label="Children Social Care") == "330"


def test_definition_breaks_are_reported_for_split_social_care_and_public_health():
    breaks = ro.DEFINITION_BREAKS
    assert 2011 in breaks["330"] and 2011 in breaks["360"]
    assert "separately" in breaks["330"][2011]
    assert 2013 in breaks["390"] and "public health" in breaks["390"][2013].lower()
    assert "combined social care" in ro.SERVICE_BY_KEY["390"].definition_notes
    assert not ro.comparable("330", 2010, 2011)  # 330 does not exist before the split
    assert not ro.comparable("390", 2009, 2013)
    assert not ro.comparable("290", 2007, 2008)
    assert ro.comparable("330", 2011, 2022)
    assert ro.comparable("190", 2007, 2022)


def test_the_other_definitions_come_from_ro():
    from benchmarks import comparison, store
    from benchmarks.models import MEASURE_BY_COLUMN
    from benchmarks.submissions import validation
    from casestudies.models import SERVICE_AREAS

    assert comparison.DEFINITION_BREAKS is ro.DEFINITION_BREAKS
    assert store.UPPER_TIER_SERVICES == {"190", "330", "360", "390", "330+360"}
    assert {c: str(m) for c, m in MEASURE_BY_COLUMN.items()} == ro.MEASURES
    assert validation.LINE_CODES == ro.RSX_SERVICE_KEYS and validation.TOTAL_LINE == "699"
    assert [code for code, _ in SERVICE_AREAS] == ro.RSX_SERVICE_KEYS[:-1]


@pytest.mark.django_db
def test_ensure_services_seeds_every_line_with_its_years():
    from benchmarks.services import ensure_services

    ids = ensure_services()
    assert set(ids) >= set(ro.SERVICE_KEYS)
    combined = Service.objects.get(code="330+360")
    assert (combined.first_year, combined.last_year) == (FinancialYear(2007), FinancialYear(2010))
    court = Service.objects.get(code="603")
    assert court.last_year == FinancialYear(2008) and court.name == "Court services"
    assert ensure_services() == ids  # idempotent
