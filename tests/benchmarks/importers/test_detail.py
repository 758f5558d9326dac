"""RO3 social care detail: the parser, the load and the cell-by-cell check.

Real files (skipped when settings.DATA_DIR is missing) and small workbooks built here in the
layouts of both published years, with their columns shuffled.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from python_calamine import CalamineWorkbook

from benchmarks.importers.base import OfficialDataError
from benchmarks.importers.directory import IMPORTERS, plan_directory
from benchmarks.importers.load_detail import check_detail, import_detail
from benchmarks.models import (
    MEASURE_BY_COLUMN,
    Authority,
    DetailLine,
    DetailValue,
    ImportRun,
    Measure,
    PlaceCharacteristics,
    PopulationEstimate,
)
from benchmarks.years import FinancialYear

from ..factories import AuthorityFactory
from ..ro3_workbook import LINES, SOCIAL_CARE_LINES, Body, figures_for, write_ro3

DATA_DIR = Path(settings.DATA_DIR)
DETAIL_DIR = DATA_DIR / "service-detail"
ODS = DETAIL_DIR / "RO3_2022-23_data_by_LA.ods"
XLS = DETAIL_DIR / "Revenue_Outturn__RO3__data_2012-13_by_LA__Revised__-_18-Feb-2014.xls"
LOOKUP = DATA_DIR / "authorities" / "uk_local_authorities.csv"
needs_data = pytest.mark.skipif(not ODS.is_file(), reason=f"official data directory {DATA_DIR} is missing")


def wipe():
    for model in (DetailValue, DetailLine, PlaceCharacteristics, PopulationEstimate):
        model.objects.all()._raw_delete(connection.alias)
    Authority.successors.through.objects.all().delete()
    Authority.objects.update(parent=None)
    Authority.objects.all()._raw_delete(connection.alias)
    ImportRun.objects.all()._raw_delete(connection.alias)


def stored(year: int) -> dict:
    return {
        (ecode, code, name, measure): value
        for ecode, code, name, measure, value in DetailValue.objects.filter(year=FinancialYear(year)).values_list(
            "authority__ecode", "line__code", "line__name", "measure", "value_thousands"
        )
    }


# --- the real files -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe()
        IMPORTERS["authorities"](LOOKUP)
        results = {path.name: import_detail(path) for path in (ODS, XLS)}
        for name, result in results.items():
            print(f"\nimport of {name}: {result.seconds:.2f} s, {result.run.values_loaded} values")
        yield results
        wipe()


@needs_data
@pytest.mark.django_db
def test_both_real_files_import_and_match_the_files_cell_by_cell(real):
    for name, result in real.items():
        assert result.run.values_loaded > 10_000, name
        assert result.run.dataset == "service_detail"
    assert check_detail(ODS) == []
    assert check_detail(XLS) == []
    assert real[ODS.name].run.publisher_last_updated.isoformat() == "2023-12-14"
    assert real[XLS.name].run.publisher_last_updated.isoformat() == "2014-02-18"


@needs_data
@pytest.mark.django_db
def test_a_real_cell_read_by_its_cell_reference_is_stored_as_published(real):
    """Independent reading: the column whose hidden reference is C7R30, the row whose E-code is West Sussex."""
    rows = CalamineWorkbook.from_path(str(ODS)).get_sheet_by_name("RO3_LA_Data_2022-23").to_python()
    refs = next(r for r in rows if "C1R10" in r)
    header = next(r for r in rows if r and r[0] == "E-code")
    west_sussex = next(r for r in rows if r and r[0] == "E3820")
    published = west_sussex[refs.index("C7R30")]
    assert header[refs.index("C7R30")].startswith("Net Current Expenditure")
    line = DetailLine.objects.get(form="RO3", code="30", name="TOTAL CHILDREN SOCIAL CARE")
    assert line.service.code == "330"
    value = DetailValue.objects.get(
        authority__ecode="E3820", year=FinancialYear(2022), line=line, measure=Measure.NET_CURRENT_EXPENDITURE
    ).value_thousands
    assert float(value) == pytest.approx(published)


@needs_data
@pytest.mark.django_db
def test_real_non_submitter_is_null_never_zero(real):
    birmingham = DetailValue.objects.filter(authority__ecode="E4601", year=FinancialYear(2022))
    assert birmingham.count() > 100
    assert not birmingham.exclude(value_thousands=None).exists()
    assert "E4601 Birmingham ([x])" in real[ODS.name].run.report["details"]["not_submitted"]


@needs_data
@pytest.mark.django_db
def test_real_lines_are_placed_by_label_section_or_asset_id_and_reused_numbers_stay_apart(real):
    lines = {(line.code, line.name): line.service.code for line in DetailLine.objects.select_related("service")}
    # 2012-13 adult lines carry no service in their labels: the "*** Adult Social Care ***" banner places them.
    assert lines[("35", "Older people (aged 65 or over) including older mentally ill")] == "360"
    # 2022-23 adult lines: the asset id RO3-asc... places them.
    assert lines[("32", "Physical support - adults (18–64)")] == "360"
    # Row 25 meant asylum seekers in 2012-13 and safeguarding in 2022-23: two lines.
    assert {name for code, name in lines if code == "25"} == {
        "Children's social care - Asylum Seekers",
        "Children's social care: Safeguarding children and young people’s services",
    }
    # The residential care net column is mislabelled C7R161 in the file: it is read as row 16 and reported.
    assert ("161", "Children's social care - Children Looked After of which residential care") not in lines
    assert real[ODS.name].run.report["details"]["row_numbers_corrected"]
    # A combined total belongs to neither service: reported, not guessed; public health is not loaded.
    assert not any(name == "TOTAL SOCIAL CARE" for _c, name in lines)
    assert any("TOTAL SOCIAL CARE" in item for item in real[XLS.name].run.report["details"]["lines_not_placed"])
    assert not any(name.startswith("Obesity") for _c, name in lines)


@needs_data
@pytest.mark.django_db
def test_real_totals_rows_and_duplicates_are_skipped_and_reported(real):
    report = real[ODS.name].run.report
    assert "row 439: ENGLAND" in report["details"]["totals_rows_skipped"]
    assert any("E5100 Greater London Authority" in item for item in report["details"]["duplicates_dropped"])
    assert not DetailValue.objects.filter(authority__name="ENGLAND").exists()


@needs_data
@pytest.mark.django_db
def test_same_file_again_is_skipped_and_the_directory_import_recognises_it(real):
    again = import_detail(ODS)
    assert again.unchanged
    plan, _ = plan_directory(DATA_DIR)
    kinds = {path.name: kind for kind, path in plan}
    assert kinds[ODS.name] == kinds[XLS.name] == "detail"


@needs_data
@pytest.mark.django_db
def test_check_official_data_reports_a_changed_detail_figure(real, capsys):
    value = DetailValue.objects.filter(authority__ecode="E3820", year=FinancialYear(2022)).exclude(
        value_thousands=None
    )[0]
    original = value.value_thousands
    value.value_thousands = original + 1
    value.save()
    try:
        problems = check_detail(ODS)
        assert len(problems) == 1 and "E3820 West Sussex" in problems[0]
    finally:
        value.value_thousands = original
        value.save()


# --- small workbooks built here ------------------------------------------------------------------------


@pytest.fixture
def bodies(db):
    made = []
    for i, (name, kind) in enumerate([("Avon", "UA"), ("Bury", "MD"), ("Cheshire", "CTY"), ("Derby", "UA")]):
        authority = AuthorityFactory(name=name, authority_type=kind, ecode=f"E9{i:03d}", gss_code=f"E0690{i:04d}")
        made.append(Body(authority.ecode, authority.gss_code, name, kind, figures_for(i + 1)))
    made[3].figures = None  # Derby did not submit
    made.append(Body("E9999", "E31000099", "Nowhere Fire Authority", "O", figures_for(9)))  # in no lookup
    return made


def expected(bodies) -> dict:
    out = {}
    for body in bodies[:4]:
        for line in SOCIAL_CARE_LINES:
            for m in range(1, 8):
                value = None if body.figures is None else body.figures[(line.row, m)]
                out[(body.ecode, str(line.row), line.label, MEASURE_BY_COLUMN[m])] = value
    return out


def same_values(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        (a[k] is None and b[k] is None) or (a[k] is not None and b[k] is not None and float(a[k]) == float(b[k]))
        for k in a
    )


@pytest.mark.parametrize("style", ["refs", "table", "rowno"])
def test_built_workbook_imports_the_same_figures_whatever_the_column_order(bodies, tmp_path, style):
    published = write_ro3(tmp_path / "RO3_2022-23_data_by_LA.xlsx", bodies, style=style)
    result = import_detail(published)
    assert same_values(stored(2022), expected(bodies))
    assert check_detail(published) == []
    shuffled = write_ro3(tmp_path / "RO3_2022-23_shuffled.xlsx", bodies, style=style, shuffle=7)
    again = import_detail(shuffled)
    assert not again.unchanged
    assert same_values(stored(2022), expected(bodies))
    assert check_detail(shuffled) == []
    assert f"replaced the {result.run.values_loaded} detail figures" in " ".join(again.report.notes)
    services = {
        line.code: line.service.code
        for line in DetailLine.objects.filter(values__source=again.run).distinct().select_related("service")
    }
    assert services == {str(line.row): line.service for line in SOCIAL_CARE_LINES}


def test_built_non_submitter_is_null_and_unknown_body_is_skipped_and_reported(bodies, tmp_path):
    path = write_ro3(tmp_path / "RO3_2022-23_data_by_LA.xlsx", bodies, shuffle=3)
    result = import_detail(path)
    derby = DetailValue.objects.filter(authority__ecode="E9003")
    assert derby.count() == len(SOCIAL_CARE_LINES) * 7
    assert set(derby.values_list("value_thousands", flat=True)) == {None}
    assert not DetailValue.objects.filter(authority__ecode="E9999").exists()
    assert not Authority.objects.filter(ecode="E9999").exists()
    skipped = result.run.report["details"]["bodies_not_matched"]
    assert len(skipped) == 1 and "E9999" in skipped[0] and "Nowhere Fire Authority" in skipped[0]
    assert result.report.counts["public_health_lines_not_loaded"] == 1
    assert "row" in result.run.report["details"]["totals_rows_skipped"][0]


def test_year_and_refusals_leave_stored_figures_alone(bodies, tmp_path):
    good = write_ro3(tmp_path / "RO3_2022-23_data_by_LA.xlsx", bodies)
    import_detail(good)
    before = stored(2022)
    with pytest.raises(OfficialDataError, match="the file is for 2022-23 but you asked to import 2021-22"):
        import_detail(good, year=2021, force=True)
    broken = write_ro3(tmp_path / "RO3_2022-23_broken.xlsx", bodies)
    import openpyxl

    book = openpyxl.load_workbook(broken)
    sheet = book.active
    sheet.cell(row=7, column=9).value = "lots"  # a figure cell of Avon's row
    book.save(broken)
    with pytest.raises(OfficialDataError, match=r"cell I7: 'lots' is not a number"):
        import_detail(broken)
    assert stored(2022) == before


def test_lines_that_cannot_be_placed_are_reported_not_guessed(bodies, tmp_path):
    from ..ro3_workbook import Line

    odd = [*LINES, Line(90, "TOTAL SOCIAL CARE", "tot", "none"), Line(91, "Miscellaneous", "misc", "none")]
    for body in bodies:
        if body.figures is not None:
            body.figures.update(figures_for(1, odd[-2:]))
    path = write_ro3(tmp_path / "RO3_2022-23_data_by_LA.xlsx", bodies, lines=odd)
    result = import_detail(path)
    not_placed = result.run.report["details"]["lines_not_placed"]
    assert any("TOTAL SOCIAL CARE" in item for item in not_placed)
    assert any("Miscellaneous" in item for item in not_placed)
    assert not DetailLine.objects.filter(
        name__in=["TOTAL SOCIAL CARE", "Miscellaneous"], code__in=["90", "91"]
    ).exists()


def test_command_line_check_passes_after_import(bodies, tmp_path, capsys):
    path = write_ro3(tmp_path / "RO3_2022-23_data_by_LA.xlsx", bodies)
    call_command("import_official_data", str(tmp_path))
    call_command("check_official_data", str(tmp_path))
    out = capsys.readouterr().out
    assert re.search(r"RO3_2022-23_data_by_LA\.xlsx: every stored figure matches the file", out)
    assert DetailValue.objects.exists() and path.exists()
