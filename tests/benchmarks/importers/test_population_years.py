"""ONS mid-year estimates of any year: mid-2013 and mid-2019 read from the published workbooks by
their labels, stored per council, and checked against the file.

The official-file tests look the expected figures up in the workbook themselves (python-calamine
directly, not our parser), so they compare the import with the publication, not with itself."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from python_calamine import CalamineWorkbook

from benchmarks.importers.base import OfficialDataError
from benchmarks.importers.directory import recognise
from benchmarks.importers.services import check_population, import_population_workbook
from benchmarks.models import Authority, Dataset, PlaceCharacteristics, PopulationEstimate
from tests.benchmarks.factories import AuthorityFactory, PlaceCharacteristicsFactory

pytestmark = pytest.mark.django_db

POPULATION = Path(settings.DATA_DIR) / "population"
MID_2013 = POPULATION / "MYE2_population_by_sex_and_age_for_local_authorities_UK_mid-2013.xls"
MID_2019 = POPULATION / "ukmidyearestimates20192020ladcodes.xls"
needs_data = pytest.mark.skipif(not POPULATION.is_dir(), reason=f"official data directory {POPULATION} is missing")
# Hartlepool, Kent, the City of London, Allerdale (abolished in 2023) and Birmingham.
COUNCILS = ["E06000001", "E10000016", "E09000001", "E07000026", "E08000025"]


def council(code: str, name: str = "") -> Authority:
    """The council with this code (a module-scoped import elsewhere may have left the lookup loaded)."""
    return Authority.objects.filter(gss_code=code).first() or AuthorityFactory(gss_code=code, name=name or code)


def look_up_all_ages(path: Path, sheet: str, codes: list[str]) -> dict[str, int]:
    """All-ages population per code, read straight from the workbook's persons sheet."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header_index = next(i for i, r in enumerate(rows) if str(r[0]).strip().lower() == "code")
    column = [str(c).strip().lower() for c in rows[header_index]].index("all ages")
    return {str(r[0]).strip(): int(r[column]) for r in rows[header_index + 1 :] if str(r[0]).strip() in codes}


@needs_data
@pytest.mark.parametrize(
    ("path", "sheet", "mid_year", "source"),
    [(MID_2013, "UK persons", 2013, "ons_mid2013"), (MID_2019, "MYE2 - Persons", 2019, "ons_mid2019")],
)
def test_mid_year_workbook_imports_the_published_all_ages_figures(path, sheet, mid_year, source):
    expected = look_up_all_ages(path, sheet, COUNCILS)
    assert set(expected) == set(COUNCILS)
    for code in COUNCILS:
        council(code)
    kept = PlaceCharacteristicsFactory(authority=council("E06000002", "Middlesbrough"))

    result = import_population_workbook(path)

    stored = {
        e.authority.gss_code: (e.population, e.source)
        for e in PopulationEstimate.objects.filter(mid_year=mid_year).select_related("authority")
    }
    assert {code: stored[code] for code in COUNCILS} == {code: (expected[code], source) for code in COUNCILS}
    # England, the regions and everything else that is not an authority here is reported, not stored.
    not_authorities = result.report.details["areas_that_are_not_authorities"]
    assert any(line.startswith("E92000001 ") for line in not_authorities)
    # Only the mid-2022 workbook carries place characteristics; this one leaves them alone.
    assert PlaceCharacteristics.objects.filter(pk=kept.pk).exists()
    assert check_population(path) == []
    PopulationEstimate.objects.filter(authority__gss_code="E10000016", mid_year=mid_year).update(population=1)
    assert [p for p in check_population(path) if p.startswith("E10000016")]


def test_mid_year_files_of_any_year_are_routed_to_the_population_importer():
    for name in (
        "MYE2_population_by_sex_and_age_for_local_authorities_UK_mid-2013.xls",
        "ukmidyearestimates20192020ladcodes.xls",
        "mye22final.xlsx",
        "MYE2_population_by_sex_and_age_for_local_authorities_UK_mid-2016.ods",
        "ukmidyearestimates20212022ladcodes.xlsx",
    ):
        assert recognise(Path(name)) == ("population_workbook", Dataset.POPULATION), name
    assert recognise(Path("RS_2017-18_data_by_LA.xlsx"))[0] == "outturn"


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_rearranged_workbook_is_read_by_its_labels(tmp_path):
    """Another year's layout: title says mid-2016, header lower down, columns in another order."""
    ages = list(range(90))
    header = ["All ages", "Geography", "Name", "Code"] + ages + ["90+"]
    persons = [
        ["Population estimates: Persons by single year of age, mid-2016"],
        [],
        [],
        header,
        [100 * 91, "Unitary Authority", "Hartlepool", "E06000001"] + [100] * 91,
        [50 * 91, "Region", "NORTH EAST", "E12000001"] + [50] * 91,
        [],
        ["Source: Office for National Statistics"],
    ]
    males = [["Males by single year of age, mid-2016"], header, [1, "UA", "Hartlepool", "E06000001"] + [0] * 91]
    path = write_workbook(tmp_path / "mid-2016-estimates.xlsx", {"Males": males, "Persons": persons})
    hartlepool = council("E06000001", "Hartlepool")

    result = import_population_workbook(path)

    estimate = PopulationEstimate.objects.get(authority=hartlepool)
    assert (estimate.mid_year, estimate.population, estimate.source) == (2016, 9100, "ons_mid2016")
    assert result.report.details["areas_that_are_not_authorities"] == ["E12000001 NORTH EAST Region"]


def test_a_workbook_without_a_persons_sheet_is_refused_and_nothing_changes(tmp_path):
    rows = [["Males, mid-2016"], ["Code", "Name", "All ages"], ["E06000001", "Hartlepool", 5]]
    path = write_workbook(tmp_path / "mid-2016-males.xlsx", {"Males": rows})
    council("E06000001")
    before = PopulationEstimate.objects.count()
    with pytest.raises(OfficialDataError, match="missing sheets: none is the persons table"):
        import_population_workbook(path)
    assert PopulationEstimate.objects.count() == before


def test_single_years_of_age_that_do_not_add_up_are_reported(tmp_path):
    header = ["Code", "Name", "All ages"] + list(range(90)) + ["90+"]
    rows = [["Persons, mid-2016"], header, ["E06000001", "Hartlepool", 9999] + [100] * 91]
    path = write_workbook(tmp_path / "mid-2016.xlsx", {"Persons": rows})
    council("E06000001")
    result = import_population_workbook(path)
    assert result.report.details["single_years_of_age_not_summing_to_all_ages"] == ["E06000001"]
