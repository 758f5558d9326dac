"""Financial years and the reference-data models other areas build on."""

import pytest
from django.core.exceptions import ValidationError

from benchmarks.models import Authority, OutturnValue, Service
from benchmarks.services import ensure_services
from benchmarks.years import FinancialYear, FinancialYearField


@pytest.mark.parametrize("text", ["2022-23", "2022/23", "2022-2023", " 2022 - 23 ", "2022"])
def test_financial_year_parses_the_ways_people_write_it(text):
    assert FinancialYear.parse(text).label == "2022-23"


@pytest.mark.parametrize("text", ["2022-24", "22-23", "twenty", "", "1066-67", "2022-2024"])
def test_financial_year_rejects_nonsense(text):
    with pytest.raises(ValueError):
        FinancialYear.parse(text)


def test_financial_year_orders_and_steps():
    years = [FinancialYear.parse("2021-22"), FinancialYear(2010), FinancialYear.parse("2013-14")]
    assert [str(y) for y in sorted(years)] == ["2010-11", "2013-14", "2021-22"]
    assert FinancialYear(1999).label == "1999-00"
    assert FinancialYear(2022).next().label == "2023-24"
    assert FinancialYear(2022).start_date.isoformat() == "2022-04-01"
    assert FinancialYear(2022).end_date.isoformat() == "2023-03-31"


def test_financial_year_field_validates_form_input():
    field = FinancialYearField()
    assert field.to_python("2017-18") == FinancialYear(2017)
    with pytest.raises(ValidationError):
        field.to_python("2017-19")


@pytest.mark.django_db
def test_year_round_trips_through_the_database_and_filters_by_label():
    ensure_services()
    council = Authority.objects.create(gss_code="E06000001", name="Hartlepool", authority_type="UA")
    from benchmarks.models import ImportRun

    run = ImportRun.objects.create(dataset="revenue_outturn", file_name="x.csv", sha256="0" * 64)
    OutturnValue.objects.create(
        authority=council,
        year=FinancialYear(2022),
        service=Service.objects.get(code="190"),
        measure="employees",
        value_thousands="12.5",
        source=run,
    )
    stored = OutturnValue.objects.get(year="2022-23")
    assert stored.year == FinancialYear.parse("2022-23")
    assert OutturnValue.objects.filter(year__gte=FinancialYear(2023)).count() == 0


@pytest.mark.django_db
def test_service_lines_are_seeded_once_with_definitional_breaks():
    ensure_services()
    ensure_services()
    codes = list(Service.objects.values_list("code", flat=True))
    assert codes[:2] == ["190", "290"] and codes[-1] == "699"
    assert len(codes) == len(set(codes)) == 16  # 603 court services (2007-08, 2008-09) added
    assert "2013-14" in Service.objects.get(code="390").definition_notes
    assert Service.objects.get(code="390").first_year == FinancialYear(2013)


@pytest.mark.django_db
def test_authority_querysets_separate_english_councils_from_other_bodies():
    from datetime import date

    kent = Authority.objects.create(
        gss_code="E10000016", name="Kent", authority_type="CTY", tier="upper", is_principal_council=True
    )
    fife = Authority.objects.create(
        gss_code="S12000047", name="Fife", authority_type="SCO", tier="single", is_principal_council=True
    )
    police = Authority.objects.create(ecode="E6020", name="Humberside Police Authority", authority_type="O")
    former = Authority.objects.create(
        gss_code="E07000026",
        name="Allerdale",
        authority_type="NMD",
        is_principal_council=True,
        end_date=date(2023, 4, 1),
    )
    assert set(Authority.objects.english_councils()) == {kent, former}
    assert set(Authority.objects.principal_councils()) == {kent, fife, former}
    assert list(Authority.objects.other_bodies()) == [police]
    assert former not in Authority.objects.current()
    assert police.code == "E6020" and police.gss_code is None  # bodies known only by E-code
    assert kent.code == "E10000016"
