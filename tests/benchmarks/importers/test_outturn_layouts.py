"""Every revenue outturn layout in the data directory imports, and what is stored is the file, cell by cell.

The files are imported once for the module (the authority lookup first). Each layout is then read
again here without our parser, by the file's own line numbers (its "Col refs" sheet or the row of
line numbers above the header), and compared with what is stored.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from python_calamine import CalamineWorkbook

from benchmarks.importers.directory import IMPORTERS
from benchmarks.importers.services import check_outturn
from benchmarks.models import (
    Authority,
    ImportRun,
    OutturnReturn,
    OutturnValue,
    PlaceCharacteristics,
    PopulationEstimate,
)

DATA_DIR = Path(settings.DATA_DIR)
OUTTURN = DATA_DIR / "revenue-outturn"
pytestmark = [
    pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"official data directory {DATA_DIR} is missing"),
    pytest.mark.django_db,
]
RS_2022 = "RS_2022-23_data_by_LA.xlsx"
RSX_2022 = "RSX_2022-23_data_by_LA.csv"


def outturn_files() -> list[str]:
    return sorted(p.name for p in OUTTURN.iterdir()) if OUTTURN.is_dir() else []


def wipe():
    for model in (OutturnValue, OutturnReturn, PlaceCharacteristics, PopulationEstimate):
        model.objects.all()._raw_delete(connection.alias)
    Authority.successors.through.objects.all().delete()
    Authority.objects.update(parent=None)
    Authority.objects.all()._raw_delete(connection.alias)
    ImportRun.objects.all()._raw_delete(connection.alias)


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe()
        IMPORTERS["authorities"](DATA_DIR / "authorities" / "uk_local_authorities.csv")
        results, started = {}, time.monotonic()
        for name in outturn_files():
            results[name] = IMPORTERS["outturn"](OUTTURN / name)
            print(f"{connection.vendor} import {name}: {results[name].seconds:.2f}s")
        print(f"{connection.vendor} all {len(results)} outturn files: {time.monotonic() - started:.1f}s")
        yield results
        wipe()


def stored_nce(year: int) -> dict[tuple[str, str], Decimal | None]:
    return {
        (e, s): v
        for e, s, v in OutturnValue.objects.filter(year=year, measure="net_current_expenditure").values_list(
            "authority__ecode", "service__code", "value_thousands"
        )
    }


def same(stored, published) -> bool:
    if stored is None or published is None:
        return stored is None and published is None
    return abs(Decimal(stored) - published) <= abs(published) * Decimal("1e-14")


def published(value) -> Decimal | None:
    if isinstance(value, str):
        return None  # "[x]", "…": not submitted
    return Decimal(repr(value)) if isinstance(value, float) and not value.is_integer() else Decimal(int(value))


def authority_rows(rows: list[list], header: int, ecode_col: int):
    for row in rows[header + 1 :]:
        if isinstance(row[ecode_col], str) and re.fullmatch(r"E\d{4}", row[ecode_col]):
            yield row


@pytest.mark.parametrize("name", outturn_files())
def test_every_outturn_file_is_what_is_stored(imported, name):
    assert imported[name].run.status == "succeeded"
    assert check_outturn(OUTTURN / name) == []


# 390 is social care up to 2009-10; the other lines are stored under their own number.
OLD_LINE_TO_SERVICE = {"390": "330+360"}


@pytest.mark.parametrize("name,year", [("RS_2007-08_data_by_LA.xls", 2007), ("RS_2008-09_data_by_LA.xls", 2008)])
def test_sheet_per_measure_workbooks_by_their_col_refs(imported, name, year):
    book = CalamineWorkbook.from_path(str(OUTTURN / name))
    data = book.get_sheet_by_name("Net current expenditure (col 1)").to_python()
    refs = book.get_sheet_by_name("Col refs").to_python()
    header = next(i for i, r in enumerate(data) if r[0] == "E-code")
    columns = {}  # Col refs: line number, label, then the column (0-based) of that line on each measure sheet
    for r in refs:
        if isinstance(r[0], float) and 190 <= r[0] <= 699:
            line = str(int(r[0]))
            columns[int(next(c for c in r[2:] if isinstance(c, float)))] = OLD_LINE_TO_SERVICE.get(line, line)
    assert "603" in columns.values() and "330+360" in columns.values()  # court services; combined social care
    # Councils abolished in 2009 (e.g. West Wiltshire) are not in the authority lookup: skipped, and listed.
    skipped = {item.split()[0] for item in imported[name].run.report["details"]["unknown_bodies_skipped"]}
    assert 30 <= len(skipped) <= 50
    assert imported[name].run.report["counts"]["unknown_bodies_skipped"] == len(skipped)
    rows = [r for r in authority_rows(data, header, 0) if r[0] not in skipped]
    expected = {(r[0], s): published(r[c]) for r in rows for c, s in columns.items()}
    stored = stored_nce(year)
    assert set(stored) == set(expected)
    assert all(same(stored[k], v) for k, v in expected.items())
    assert not OutturnValue.objects.filter(year=year, service__code="390").exists()


@pytest.mark.parametrize(
    "name,year",
    [("RS_2015-16_data_by_LA.xlsx", 2015), ("RS_2016-17_data_by_LA.xlsx", 2016), ("RS_2018-19_data_by_LA.xls", 2018)],
)
def test_one_sheet_workbooks_by_their_line_number_row(imported, name, year):
    book = CalamineWorkbook.from_path(str(OUTTURN / name))
    sheet = next(s for s in book.sheet_names if "Data" in s and "LA" in s)
    rows = book.get_sheet_by_name(sheet).to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "E-code")
    lines = next(r for r in rows[:header] if 190.0 in r and 699.0 in r)
    columns = {i: str(int(v)) for i, v in enumerate(lines) if isinstance(v, float) and 190 <= v <= 699}
    expected = {(r[0], s): published(r[c]) for r in authority_rows(rows, header, 0) for c, s in columns.items()}
    stored = stored_nce(year)
    assert set(stored) == set(expected) and len(expected) > 400 * 14
    assert all(same(stored[k], v) for k, v in expected.items())


def test_line_390_changes_meaning_and_is_never_one_series(imported):
    book = CalamineWorkbook.from_path(str(OUTTURN / "RS_2009-10_data_by_LA.xls"))
    rows = book.get_sheet_by_name("RS LA Data 2009-10 (1)").to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "E-code")
    social_care = rows[header].index("Social care")
    combined = stored_nce(2009)
    for r in authority_rows(rows, header, 0):
        assert same(combined[(r[0], "330+360")], published(r[social_care])), r[0]
    assert not any(service == "390" for _, service in combined)
    public_health = OutturnValue.objects.filter(service__code="390")
    assert public_health.filter(year=2013).count() > 100
    assert min(y.start_year for y in public_health.values_list("year", flat=True)) == 2013
    combined_years = OutturnValue.objects.filter(service__code="330+360").values_list("year", flat=True)
    assert {y.start_year for y in combined_years} == {2007, 2008, 2009, 2010}


def rs_2022_figures() -> dict[tuple[str, str], Decimal | None]:
    book = CalamineWorkbook.from_path(str(OUTTURN / RS_2022))
    rows = book.get_sheet_by_name("RS_LA_Data_2022-23").to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "E-code")
    lines = next(r for r in rows[:header] if 190.0 in r and 699.0 in r)
    columns = {i: str(int(v)) for i, v in enumerate(lines) if isinstance(v, float) and 190 <= v <= 699}
    figures = {}
    for r in authority_rows(rows, header, 0):
        for c, s in columns.items():
            figures.setdefault((r[0], s), published(r[c]))  # the GLA's class-breakdown repeat comes second
    return figures


def test_rs_2022_23_is_compared_with_the_stored_rsx_figures_not_loaded(imported):
    run = imported[RS_2022].run
    counts, listed = run.report["counts"], run.report["details"]["rs_rsx_disagreements"]
    assert run.values_loaded == 0 and run.report["compared_with_run"] == imported[RSX_2022].run.pk
    assert OutturnValue.objects.filter(year=2022).count() == 426 * 98  # the RSX figures, all seven measures
    assert check_outturn(OUTTURN / RSX_2022) == []
    rs, rsx = rs_2022_figures(), stored_nce(2022)
    differing = sorted(k for k in set(rs) | set(rsx) if k not in rs or k not in rsx or not _within_1k(rs[k], rsx[k]))
    assert [item.split(":")[0] for item in listed] == [f"{e} line {s}" for e, s in differing]
    assert counts["rs_rsx_disagreements"] == len(differing)
    assert counts["rs_rsx_agree_exactly"] + counts["rs_rsx_agree_within_1k_rounding"] + len(differing) == len(
        set(rs) | set(rsx)
    )
    assert counts["rs_rsx_agree_exactly"] > 5000


def _within_1k(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(Decimal(a) - b) <= 1


def test_rs_2022_23_lists_each_figure_that_disagrees_and_overwrites_none(imported):
    # The two 2022-23 publications agree on every figure, so make the stored RSX figures disagree.
    nce = OutturnValue.objects.filter(year=2022, measure="net_current_expenditure", value_thousands__isnull=False)
    far, near = (
        nce.get(authority__ecode="E0101", service__code="190"),
        nce.get(authority__ecode="E0102", service__code="699"),
    )
    originals = (far.value_thousands, near.value_thousands)
    far.value_thousands += 5
    near.value_thousands += Decimal("0.5")
    far.save()
    near.save()
    try:
        run = IMPORTERS["outturn"](OUTTURN / RS_2022, force=True).run
        listed = run.report["details"]["rs_rsx_disagreements"]
        assert listed == [f"E0101 line 190: RS {int(originals[0])}, RSX {int(originals[0]) + 5}"]
        assert run.report["counts"]["rs_rsx_agree_within_1k_rounding"] == 1
        far.refresh_from_db()
        assert far.value_thousands == originals[0] + 5  # the RSX figure is kept, not overwritten
        assert OutturnValue.objects.filter(year=2022).count() == 426 * 98
        assert check_outturn(OUTTURN / RS_2022) == []  # its one disagreement is the one listed
        assert len(check_outturn(OUTTURN / RSX_2022)) == 2  # the stored figures no longer match the RSX file
    finally:
        far.value_thousands, near.value_thousands = originals
        far.save()
        near.save()


def test_rs_then_rsx_gives_the_same_figures_and_report_as_rsx_then_rs(imported):
    first_order = imported[RS_2022].run.report["details"]["rs_rsx_disagreements"]
    OutturnValue.objects.filter(year=2022)._raw_delete(connection.alias)
    OutturnReturn.objects.filter(year=2022)._raw_delete(connection.alias)
    ImportRun.objects.filter(year=2022).delete()
    rs = IMPORTERS["outturn"](OUTTURN / RS_2022)
    assert rs.run.values_loaded == 426 * 14  # alone, the RS workbook is the year's figures
    rsx = IMPORTERS["outturn"](OUTTURN / RSX_2022)
    assert OutturnValue.objects.filter(year=2022).count() == 426 * 98
    assert check_outturn(OUTTURN / RSX_2022) == []
    rs.run.refresh_from_db()
    assert rs.run.report["details"]["rs_rsx_disagreements"] == first_order
    assert rs.run.report["compared_with_run"] == rsx.run.pk
    assert check_outturn(OUTTURN / RS_2022) == []
    assert IMPORTERS["outturn"](OUTTURN / RS_2022).unchanged  # nothing left to do either way
