"""RA budgets in every layout: CSV exports, the two-sheet 2015-16 .xls (no line numbers, no ONS
code), the 2019-20 .xlsx, and workbooks the tests write themselves (.xlsx and .ods, columns in
another order). Expected figures are read from the published files here with calamine directly,
never through the importer."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from benchmarks.importers.base import read_source
from benchmarks.importers.budget import parse_ra_file
from benchmarks.importers.directory import IMPORTERS, recognise
from benchmarks.importers.sheets import cell_text
from benchmarks.models import Authority, BudgetLine, BudgetValue, Dataset, ImportRun
from benchmarks.years import FinancialYear
from tests.benchmarks.importers.ra_workbooks import published_sheet, small_ra, write_ods, write_xlsx

DATA_DIR = Path(settings.DATA_DIR)
BUDGET = DATA_DIR / "revenue-budget"
RA_FILES = [
    "RA_2015-16_data_by_LA.xls",
    "RA_2019-20_data_by_LA.xlsx",
    "RA_2021-22_data_by_LA.csv",
    "RA_2023-24_data_Part_1.csv",
]
pytestmark = [
    pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"official data directory {DATA_DIR} is missing"),
    pytest.mark.django_db,
]


def wipe():
    for model in (BudgetValue, BudgetLine):
        model.objects.all()._raw_delete(connection.alias)
    Authority.successors.through.objects.all().delete()
    Authority.objects.update(parent=None)
    for model in (Authority, ImportRun):
        model.objects.all()._raw_delete(connection.alias)


@pytest.fixture(scope="module")
def ra_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe()
        from benchmarks.models import PopulationEstimate

        PopulationEstimate.objects.all()._raw_delete(connection.alias)
        IMPORTERS["authorities"](DATA_DIR / "authorities" / "uk_local_authorities.csv")
        results = {name: IMPORTERS["budget"](BUDGET / name) for name in RA_FILES}
        for name, result in results.items():
            print(f"import {name}: {result.seconds:.2f} s, {result.rows} values ({connection.vendor})")
        yield results
        PopulationEstimate.objects.all()._raw_delete(connection.alias)
        wipe()


def decimal_from_cell(value) -> Decimal | None:
    """A published number cell as a Decimal; text (e.g. '…') means no figure."""
    if isinstance(value, str):
        return None
    return Decimal(int(value)) if float(value).is_integer() else Decimal(repr(value))


def stored(year: int) -> dict[tuple[str, str], object]:
    return {
        (e, c): v
        for e, c, v in BudgetValue.objects.filter(year=FinancialYear(year)).values_list(
            "authority__ecode", "line__code", "value_thousands"
        )
    }


def test_every_ra_file_is_recognised_whatever_its_format():
    for name in RA_FILES + ["RA_2016-17_data_by_LA.ods", "RA_2017-18_data_by_LA.XLSX"]:
        assert recognise(Path(name)) == ("budget", Dataset.REVENUE_BUDGET)


def test_every_ra_layout_imports_and_matches_the_file_cell_by_cell(ra_loaded, capsys):
    for name in RA_FILES:
        result = ra_loaded[name]
        assert result.run.status == ImportRun.Status.SUCCEEDED and result.rows > 50_000, name
    # check_official_data compares every stored figure and marker with each file (check_budget).
    call_command("check_official_data", str(BUDGET))
    out = capsys.readouterr().out
    for name in RA_FILES:
        assert f"{name}: every stored figure matches the file" in out
    for year in (2015, 2019, 2021, 2023):
        assert BudgetValue.objects.filter(year=FinancialYear(year)).count() > 50_000


def test_2019_20_every_line_of_form_column_1_as_published(ra_loaded):
    header, rows = published_sheet(BUDGET / "RA_2019-20_data_by_LA.xlsx", "RA LA Data 2019-20")
    above = [[cell_text(c) for c in r] for r in rows[:header]]
    line_row = max(above, key=lambda r: sum(1 for c in r if re.fullmatch(r"\d{3,4}", c)))
    form_row = next(r for r in above if r is not line_row and r.count("1") > 100)
    ecode_col = [cell_text(c) for c in rows[header]].index("E-code")
    values = stored(2019)
    checked = 0
    for row in rows[header + 1 :]:
        ecode = cell_text(row[ecode_col])
        if not re.fullmatch(r"E\d{4}", ecode):
            continue
        for i, code in enumerate(line_row):
            if re.fullmatch(r"\d{3,4}", code) and form_row[i] == "1" and (ecode, code) in values:
                published = decimal_from_cell(row[i])
                assert values[(ecode, code)] == published, (ecode, code)
                checked += 1
    assert checked > 400 * 150


def test_2015_16_reads_both_sheets_by_label_into_one_row_per_authority(ra_loaded):
    path = BUDGET / "RA_2015-16_data_by_LA.xls"
    values = stored(2015)
    h1, sheet1 = published_sheet(path, "RA LA Data 2015-16 (1)")
    h2, sheet2 = published_sheet(path, "RA LA Data 2015-16 (2)")
    labels1, labels2 = [cell_text(c) for c in sheet1[h1]], [cell_text(c) for c in sheet2[h2]]
    rows1 = {cell_text(r[0]): r for r in sheet1[h1 + 1 :] if re.fullmatch(r"E\d{4}", cell_text(r[0]))}
    rows2 = {cell_text(r[0]): r for r in sheet2[h2 + 1 :] if re.fullmatch(r"E\d{4}", cell_text(r[0]))}
    # Services from the first sheet (line numbers as the later forms print them), …
    for label, code in (("Early years", "110"), ("Library service", "505"), ("Waste collection", "581")):
        col = labels1.index(label)
        for ecode, row in rows1.items():
            assert values[(ecode, code)] == decimal_from_cell(row[col]), (ecode, label)
    # … reserves at 1 April from the first sheet and at 31 March from the second.
    col1, col2 = (
        labels1.index("Estimated unallocated financial reserves level"),
        labels2.index("Estimated unallocated financial reserves level"),
    )
    assert any(rows1[e][col1] != rows2[e][col2] for e in rows1)
    for ecode in rows1:
        assert values[(ecode, "1016")] == decimal_from_cell(rows1[ecode][col1])
        assert values[(ecode, "1016c2")] == decimal_from_cell(rows2[ecode][col2])
    assert len({e for e, _ in values}) == len(rows1)
    report = ra_loaded["RA_2015-16_data_by_LA.xls"].run.report["details"]
    # The second sheet's unfilled (all-zero) copies of the service lines are ignored and said so.
    assert any("line 110 " in item for item in report["empty_line_copies_ignored"])
    # Labels that match no known line are listed, not guessed.
    assert any("Local Services Support Grant" in item for item in report["columns_not_recognised"])


def _small_sheet_from_2019_20(order_reversed: bool) -> tuple[list[list], list[str], list[str]]:
    header, rows = published_sheet(BUDGET / "RA_2019-20_data_by_LA.xlsx", "RA LA Data 2019-20")
    above = [[cell_text(c) for c in r] for r in rows[:header]]
    line_row = max(above, key=lambda r: sum(1 for c in r if re.fullmatch(r"\d{3,4}", c)))
    labels = [cell_text(c) for c in rows[header]]
    cols = [i for i, c in enumerate(line_row) if re.fullmatch(r"\d{3,4}", c)][:30]
    ident = {"E-code": "ecode", "ONS Code": "ons", "Local authority": "name", "Class": "class"}
    people = [r for r in rows[header + 1 :] if re.fullmatch(r"E\d{4}", cell_text(r[0]))][:6]
    columns = [(line_row[i], labels[i]) for i in cols] + [(k, label) for label, k in ident.items()]
    if order_reversed:
        columns.reverse()
    data = []
    for r in people:
        record = {line_row[i]: r[i] for i in cols}
        record.update({k: cell_text(r[labels.index(label)]) for label, k in ident.items()})
        data.append(record)
    # A body no authority matches: reported and skipped, the rest loads.
    data.append({"ecode": "E9998", "name": "Nowhere DC", "class": "SD", **{line_row[i]: 1.0 for i in cols}})
    sheet = small_ra("Revenue Account Budget (RA) 2019-20: Revenue Account data", columns, data)
    return sheet, [line_row[i] for i in cols], [cell_text(r[0]) for r in people]


def test_a_workbook_with_columns_in_another_order_imports_the_same_figures(ra_loaded, tmp_path):
    sheet, codes, ecodes = _small_sheet_from_2019_20(order_reversed=True)
    path = write_xlsx(tmp_path / "RA_2019-20_small.xlsx", {"Front Page": [["Revenue Account Budget"]], "Data": sheet})
    published = stored(2019)
    try:
        result = IMPORTERS["budget"](path)
        mine = stored(2019)
        assert {(e, c) for e, c in mine} == {(e, c) for e in ecodes for c in codes}
        for key, value in mine.items():
            assert value == published[key], key
        skipped = result.run.report["details"]["unknown_bodies_skipped"]
        assert any("E9998 Nowhere DC" in item for item in skipped)
        assert not Authority.objects.filter(ecode="E9998").exists()
    finally:
        IMPORTERS["budget"](BUDGET / "RA_2019-20_data_by_LA.xlsx", force=True)
    assert stored(2019) == published


def test_an_ods_workbook_reads_the_same_as_xlsx(tmp_path):
    sheet, _, _ = _small_sheet_from_2019_20(order_reversed=False)
    xlsx = parse_ra_file(read_source(write_xlsx(tmp_path / "RA_2019-20_a.xlsx", {"RA LA Data": sheet})))
    ods = parse_ra_file(read_source(write_ods(tmp_path / "RA_2019-20_b.ods", {"RA LA Data": sheet})))
    assert [(s.code, s.name) for s in ods.lines] == [(s.code, s.name) for s in xlsx.lines]
    assert [(r.ecode, r.values) for r in ods.rows] == [(r.ecode, r.values) for r in xlsx.rows]
    assert len(xlsx.rows) == 7 and len(xlsx.lines) == 30


def test_a_line_in_two_sheets_with_different_figures_is_refused(tmp_path):
    from benchmarks.importers.base import OfficialDataError

    sheet, _, _ = _small_sheet_from_2019_20(order_reversed=False)
    other = [list(r) for r in sheet]
    other[4][0] = 123456.0  # first authority, first line: a different figure
    path = write_xlsx(tmp_path / "RA_2019-20_two.xlsx", {"A": sheet, "B": other})
    with pytest.raises(OfficialDataError, match="different figures"):
        parse_ra_file(read_source(path))
    same = parse_ra_file(read_source(write_xlsx(tmp_path / "RA_2019-20_same.xlsx", {"A": sheet, "B": sheet})))
    assert len(same.report.details["lines_in_several_sheets_same_figures"]) == 30
