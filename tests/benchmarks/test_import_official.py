"""Importing every official file gives exactly the published numbers.

The files in settings.DATA_DIR are imported once for this module. Each test then re-reads a file
on its own — csv / xlrd / openpyxl directly, never through our importer — and compares every
authority and line with what is stored. On SQLite, decimals are 8-byte floats (15 significant
digits), so the few fractional 2017-18 figures are compared to that precision there; PostgreSQL
is compared exactly.
"""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from benchmarks.importers.directory import IMPORTERS, plan_directory
from benchmarks.importers.services import check_outturn
from benchmarks.management.commands.check_official_data import CHECKS
from benchmarks.models import (
    Authority,
    Boundary,
    BudgetLine,
    BudgetValue,
    DetailLine,
    DetailValue,
    ImportRun,
    OutturnReturn,
    OutturnValue,
    PerformanceMeasure,
    PerformanceValue,
    PlaceCharacteristics,
    PopulationEstimate,
    PriceIndex,
)
from benchmarks.years import FinancialYear

DATA_DIR = Path(settings.DATA_DIR)
pytestmark = [
    pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"official data directory {DATA_DIR} is missing"),
    pytest.mark.django_db,
    # openpyxl warns about the published workbook's print area; harmless for reading.
    pytest.mark.filterwarnings("ignore:Print area cannot be set:UserWarning"),
]
OUTTURN = DATA_DIR / "revenue-outturn"
MEASURE_BY_COLUMN = {
    "1": "employees",
    "2": "running_expenses",
    "3": "total_expenditure",
    "4": "sales_fees_charges",
    "5": "other_income",
    "6": "total_income",
    "7": "net_current_expenditure",
}


def wipe_benchmark_data():
    for model in (
        DetailValue,
        DetailLine,
        PerformanceValue,
        PerformanceMeasure,
        BudgetValue,
        BudgetLine,
        OutturnValue,
        OutturnReturn,
        PlaceCharacteristics,
        PopulationEstimate,
        PriceIndex,
        Boundary,
    ):
        model.objects.all()._raw_delete(connection.alias)
    Authority.successors.through.objects.all().delete()
    Authority.objects.update(parent=None)
    Authority.objects.all()._raw_delete(connection.alias)
    ImportRun.objects.all()._raw_delete(connection.alias)


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe_benchmark_data()
        plan, _ = plan_directory(DATA_DIR)
        results = {path.name: IMPORTERS[kind](path) for kind, path in plan}
        yield results
        wipe_benchmark_data()


def published_number(text: str) -> Decimal | None:
    text = text.strip()
    if text in ("", "[x]", "...", "…"):
        return None
    return Decimal(text.replace(",", ""))


def same(stored: Decimal | None, published: Decimal | None) -> bool:
    if stored is None or published is None:
        return stored is None and published is None
    if connection.vendor == "postgresql":
        return stored == published
    return abs(stored - published) <= abs(published) * Decimal("1e-14")


def stored_outturn(year: int) -> dict[tuple[str, str, str], Decimal | None]:
    return {
        (e, s, m): v
        for e, s, m, v in OutturnValue.objects.filter(year=year).values_list(
            "authority__ecode", "service__code", "measure", "value_thousands"
        )
    }


def rsx_rows(path: Path):
    """Independent reading of an RSX CSV: the C?R??? reference row gives each column's cell."""
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    ref = next(r for r in rows if "C1R190" in r)
    cells = {
        i: (m.group(2), MEASURE_BY_COLUMN[m.group(1)])
        for i, c in enumerate(ref)
        if (m := re.fullmatch(r"C(\d)R(\d{3})", c))
    }
    header = next(r for r in rows if r and r[0] == "E-code")
    authority_rows = []
    for r in rows[rows.index(header) + 1 :]:
        if r[2].strip().upper() == "ENGLAND":
            break  # the class-breakdown table follows
        if re.fullmatch(r"E\d{4}", r[0]):
            authority_rows.append(r)
    return header, cells, authority_rows


@pytest.mark.parametrize(
    "file_name,year",
    [
        ("RSX_2021-22_data_by_LA_Live.csv", 2021),
        ("RSX_2022-23_data_by_LA.csv", 2022),
    ],
)
def test_rsx_every_authority_and_cell_is_stored_as_published(imported, file_name, year):
    header, cells, rows = rsx_rows(OUTTURN / file_name)
    stored = stored_outturn(year)
    assert len(cells) == 98
    mismatches = []
    for r in rows:
        for i, (line, measure) in cells.items():
            if not same(stored.get((r[0], line, measure)), published_number(r[i])):
                mismatches.append((r[0], line, measure, r[i], stored.get((r[0], line, measure))))
    assert mismatches == []
    assert len(stored) == len(rows) * 98
    assert OutturnReturn.objects.filter(year=year).count() == len(rows)


@pytest.mark.parametrize(
    "file_name,year",
    [
        ("RSX_2021-22_data_by_LA_Live.csv", 2021),
        ("RSX_2022-23_data_by_LA.csv", 2022),
    ],
)
def test_rsx_non_submitters_are_recorded_not_zero(imported, file_name, year):
    _, cells, rows = rsx_rows(OUTTURN / file_name)
    markers = {r[0] for r in rows if all(r[i].strip() in ("[x]", "...") for i in cells)}
    assert len(markers) == 4  # the README: four councils did not submit in each of these years
    not_submitted = set(
        OutturnReturn.objects.filter(year=year, status="not_submitted").values_list("authority__ecode", flat=True)
    )
    assert not_submitted == markers
    assert OutturnReturn.objects.filter(year=year, status="submitted").count() == len(rows) - 4
    assert not OutturnValue.objects.filter(
        year=year, authority__ecode__in=markers, value_thousands__isnull=False
    ).exists()
    report = imported[file_name].run.report
    assert report["counts"]["authorities_not_submitted"] == 4
    assert len(report["details"]["not_submitted"]) == 4


def test_2022_23_greater_london_authority_is_stored_once_and_the_repeat_reported(imported):
    rows = list(csv.reader((OUTTURN / "RSX_2022-23_data_by_LA.csv").open(encoding="utf-8-sig")))
    assert sum(1 for r in rows if r and r[0] == "E5100") == 2
    assert OutturnReturn.objects.filter(year=2022, authority__ecode="E5100").count() == 1
    gla = OutturnReturn.objects.get(year=2022, authority__ecode="E5100")
    assert gla.certified is True  # the authority row, not the class-breakdown row (which says "1")
    report = imported["RSX_2022-23_data_by_LA.csv"].run.report
    assert report["counts"]["duplicates_dropped"] == 1
    assert "Greater London Authority" in report["details"]["duplicates_dropped"][0]


def test_totals_rows_are_skipped_and_reported(imported):
    assert not Authority.objects.filter(name__iexact="england").exists()
    assert not OutturnReturn.objects.filter(name_as_published__iexact="england").exists()
    for name in ("RSX_2021-22_data_by_LA_Live.csv", "RSX_2022-23_data_by_LA.csv", "RS_2017-18_data_by_LA.xlsx"):
        details = imported[name].run.report["details"]["totals_rows_skipped"]
        assert any("ENGLAND" in d for d in details)
    # ENGLAND includes MHCLG's estimates for non-submitters, so stored authority rows do not sum to it.
    rows = list(csv.reader((OUTTURN / "RSX_2022-23_data_by_LA.csv").open(encoding="utf-8-sig")))
    england = next(r for r in rows if r[2] == "ENGLAND")
    header = next(r for r in rows if "C7R699" in r)
    england_total = published_number(england[header.index("C7R699")])
    stored_total = sum(
        v
        for v in OutturnValue.objects.filter(
            year=2022, service__code="699", measure="net_current_expenditure"
        ).values_list("value_thousands", flat=True)
        if v is not None
    )
    assert stored_total != england_total


def test_wakefield_2021_22_is_stored_as_published_and_reported(imported):
    _, cells, rows = rsx_rows(OUTTURN / "RSX_2021-22_data_by_LA_Live.csv")
    wakefield = next(r for r in rows if r[2] == "Wakefield")
    col = {v: k for k, v in cells.items()}
    c3, c6, c7 = (
        published_number(wakefield[col[("490", m)]])
        for m in ("total_expenditure", "total_income", "net_current_expenditure")
    )
    assert c7 != c3 - c6
    stored = OutturnValue.objects.get(
        year=2021, authority__ecode=wakefield[0], service__code="490", measure="net_current_expenditure"
    )
    assert stored.value_thousands == c7
    report = imported["RSX_2021-22_data_by_LA_Live.csv"].run.report
    assert report["counts"]["rows_not_adding_up"] == 1
    assert "Wakefield" in report["details"]["c7_not_equal_c3_minus_c6"][0]


def _xls_expected(path: Path):
    import xlrd

    book = xlrd.open_workbook(str(path))
    sheet = next(book.sheet_by_name(n) for n in book.sheet_names() if n.startswith("RS LA Data") and n.endswith("(1)"))
    header = sheet.row_values(5)
    headings = {
        "Education services": "190",
        "Highways and transport services": "290",
        "Social care": "330+360",
        "Children Social Care": "330",
        "Adult Social Care": "360",
        "Public Health": "390",
        "Housing services (GFRA only)": "490",
        "Cultural and related services": "509",
        "Environmental and regulatory services": "590",
        "Planning and development services": "599",
        "Police services": "601",
        "Fire and rescue services": "602",
        "Central services": "690",
        "Other services": "698",
    }
    columns = {}
    for i, h in enumerate(header):
        if h.startswith("TOTAL SERVICE EXPENDITURE"):
            columns[i] = "699"
            break
        if h in headings and headings[h] not in columns.values():
            columns[i] = headings[h]
    expected = {}
    for r in range(6, sheet.nrows):
        row = sheet.row_values(r)
        if re.fullmatch(r"E\d{4}", str(row[0])):
            for i, code in columns.items():
                expected[(row[0], code, "net_current_expenditure")] = Decimal(int(row[i]))
    return expected


@pytest.mark.parametrize("start", [2010, 2011, 2012, 2013])
def test_rs_xls_workbooks_every_value_matches(imported, start):
    path = next(OUTTURN.glob(f"Revenue_Outturn_Summary__RS__data_{start}-*.xls"))
    expected = _xls_expected(path)
    stored = stored_outturn(start)
    assert stored == expected
    services = {k[1] for k in expected}
    if start == 2010:
        assert "330+360" in services and "330" not in services  # social care combined in 2010-11
    else:
        assert {"330", "360"} <= services
    assert ("390" in services) == (start >= 2013)  # public health from 2013-14


def test_rs_2017_18_xlsx_every_value_matches_including_fractions(imported):
    import openpyxl

    book = openpyxl.load_workbook(OUTTURN / "RS_2017-18_data_by_LA.xlsx", read_only=True, data_only=True)
    rows = list(book["RS LA Data 2017-18"].iter_rows(values_only=True, max_col=30))
    lines = rows[5]
    codes = {
        i: str(v)
        for i, v in enumerate(lines)
        if v in (190, 290, 330, 360, 390, 490, 509, 590, 599, 601, 602, 690, 698, 699)
    }
    stored = stored_outturn(2017)
    fractional = 0
    count = 0
    for row in rows[7:]:
        if not (isinstance(row[0], str) and re.fullmatch(r"E\d{4}", row[0])):
            continue
        for i, code in codes.items():
            value = row[i]
            published = (
                None if isinstance(value, str) else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            )
            if isinstance(value, float) and not value.is_integer():
                fractional += 1
            count += 1
            assert same(stored[(row[0], code, "net_current_expenditure")], published), (row[0], code, value)
    assert count == len(stored)
    assert fractional > 100  # the README's trap: some 2017-18 values are fractional
    copeland = OutturnReturn.objects.get(year=2017, authority__name="Copeland")
    assert copeland.status == "not_submitted" and copeland.not_submitted_marker == "…"


def test_e_code_only_workbooks_join_on_codes_not_names(imported):
    bath = Authority.objects.get(gss_code="E06000022")
    assert bath.ecode == "E0101"
    names = set(OutturnReturn.objects.filter(authority=bath).values_list("name_as_published", flat=True))
    assert len(names) > 1  # "… UA" in the workbooks, without it in the RSX files: one authority
    # Every outturn year in the data directory (2007-08 to 2018-19 and 2021-22, 2022-23) has a Bath return.
    years = {r.run.year for r in imported.values() if r.run.dataset == "revenue_outturn"}
    assert OutturnReturn.objects.filter(authority=bath).count() == len(years) >= 13


def test_cell_by_cell_check_finds_no_difference_then_finds_a_changed_cell(imported):
    path = OUTTURN / "RSX_2022-23_data_by_LA.csv"
    assert check_outturn(path) == []
    value = OutturnValue.objects.filter(year=2022, value_thousands__isnull=False).first()
    value.value_thousands += 1
    value.save()
    problems = check_outturn(path)
    assert len(problems) == 1 and value.authority.ecode in problems[0]


def test_non_councils_are_kept_and_labelled(imported):
    police = Authority.objects.get(ecode="E7050")
    assert police.authority_type == "O" and not police.is_principal_council
    assert police.ro_detailed_class == "P" and police.tier == "none"
    other_2022 = OutturnReturn.objects.filter(year=2022, ro_class="O").count()
    assert 80 <= other_2022 <= 100  # "~91 non-council bodies per year"
    assert not Authority.objects.english_councils().filter(ro_class="O").exists()
    # Police authorities that only exist in the E-code-only workbooks have no GSS code.
    humberside_old = Authority.objects.get(ecode="E6020")
    assert humberside_old.gss_code is None and humberside_old.authority_type == "O"


def test_authority_lookup_is_complete_with_tiers_parents_and_successors(imported):
    rows = list(csv.DictReader((DATA_DIR / "authorities" / "uk_local_authorities.csv").open(encoding="utf-8")))
    assert Authority.objects.exclude(mysociety_code=None).count() == len(rows)
    stored = {a.mysociety_code: a for a in Authority.objects.exclude(mysociety_code=None).select_related("parent")}
    successors = {}
    for from_code, to_code in Authority.successors.through.objects.values_list(
        "from_authority__mysociety_code", "to_authority__mysociety_code"
    ):
        successors.setdefault(from_code, []).append(to_code)
    for row in rows:
        a = stored[row["local-authority-code"]]
        assert a.gss_code == (row["gss-code"] or None)
        assert a.name == row["nice-name"].strip()
        assert a.ecode == row["ecode"] or (not row["ecode"] and a.ecode)  # MHCLG's E-code fills gaps
        assert (a.end_date.isoformat() if a.end_date else "") == row["end-date"]
        assert (a.parent.mysociety_code if a.parent else "") == row["county-la"]
        assert sorted(successors.get(a.mysociety_code, [])) == sorted(c for c in row["replaced-by"].split(",") if c)
    kent = Authority.objects.get(gss_code="E10000016")
    assert (kent.tier, kent.region, kent.is_principal_council) == ("upper", "South East", True)
    assert kent.districts.count() == sum(1 for r in rows if r["county-la"] == kent.mysociety_code) > 10
    allerdale = Authority.objects.get(name="Allerdale")
    assert allerdale.successors.get().name == "Cumberland"
    assert Authority.objects.get(name="Cumberland").predecessors.filter(name="Allerdale").exists()
    regions = set(Authority.objects.english_councils().exclude(region="").values_list("region", flat=True))
    assert len(regions) == 9


def test_population_figures_and_their_sources(imported):
    import openpyxl

    book = openpyxl.load_workbook(DATA_DIR / "population" / "mye22final.xlsx", read_only=True, data_only=True)
    rows = list(book["MYE4"].iter_rows(values_only=True, max_col=5))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Code")
    codes = set(Authority.objects.exclude(gss_code=None).values_list("gss_code", flat=True))
    stored = {
        (g, y): (p, s)
        for g, y, p, s in PopulationEstimate.objects.values_list(
            "authority__gss_code", "mid_year", "population", "source"
        )
    }
    checked = 0
    for code, _name, _geo, mid2022, mid2011 in rows[header + 1 :]:
        if code in codes:
            assert stored[(code, 2022)] == (int(mid2022), "ons_mye22")
            assert stored[(code, 2011)] == (int(mid2011), "ons_mye22")
            checked += 1
    assert checked > 300
    for code, population in csv.reader((DATA_DIR / "population" / "pop_mid2023_transcribed.csv").open()):
        if code in codes:
            assert stored[(code, 2023)] == (int(population), "ons_mid2023_transcribed")
    # Councils abolished before the April 2023 boundaries get mySociety's mid-2020 figure.
    allerdale = PopulationEstimate.objects.get(authority__name="Allerdale", mid_year=2020)
    assert (allerdale.population, allerdale.source) == (97831, "mysociety_pop2020")
    assert not PopulationEstimate.objects.filter(authority__name="Allerdale", mid_year=2022).exists()
    place = PlaceCharacteristics.objects.get(authority__gss_code="E06000003", mid_year=2022)
    assert place.population == sum(place.age_by_sex["F"]) + sum(place.age_by_sex["M"])
    assert place.aged_0_15 + place.aged_16_64 + place.aged_65_plus == place.population
    assert place.median_age == Decimal("46.2")


def test_budget_every_authority_and_line_as_published_including_cp1252(imported):
    for name, encoding in (("RA_2021-22_data_by_LA.csv", "utf-8-sig"), ("RA_2023-24_data_Part_1.csv", "cp1252")):
        rows = list(csv.reader((DATA_DIR / "revenue-budget" / name).open(encoding=encoding, newline="")))
        header_i = next(i for i, r in enumerate(rows) if r and r[0] == "E-code")
        above = rows[header_i - 6 : header_i]
        line_row = max(above, key=lambda r: sum(1 for c in r if re.fullmatch(r"\d{3,4}", c)))
        form_cols = next(
            (
                r
                for r in above
                if r is not line_row
                and sum(1 for i, c in enumerate(line_row) if re.fullmatch(r"\d{3,4}", c) and re.fullmatch(r"\d", r[i]))
                > 100
            ),
            None,
        )
        columns = {}
        for i, code in enumerate(line_row):
            if re.fullmatch(r"\d{3,4}", code) and i > 3:
                if form_cols is not None and form_cols[i] not in ("1", ""):
                    code = f"{code}c{form_cols[i]}"
                columns.setdefault(code, i)
        year = FinancialYear.parse(re.search(r"20\d\d-\d\d", name).group()).start_year
        stored = {
            (e, c): (v, m)
            for e, c, v, m in BudgetValue.objects.filter(year=year).values_list(
                "authority__ecode", "line__code", "value_thousands", "marker"
            )
        }
        count = 0
        for r in rows[header_i + 1 :]:
            if not re.fullmatch(r"E\d{4}", r[0]):
                continue
            for code, i in columns.items():
                text = r[i].strip()
                value, marker = stored[(r[0], code)]
                if re.fullmatch(r"-?[\d,]+(\.\d+)?", text):
                    assert value == Decimal(text.replace(",", "")), (name, r[0], code)
                else:
                    assert value is None and marker == text, (name, r[0], code, text)
                count += 1
        assert count == len(stored)
    assert BudgetLine.objects.filter(code="505").exists() and BudgetLine.objects.filter(code="990").exists()
    discontinued = BudgetValue.objects.filter(year=2023, marker="Category discontinued").count()
    assert discontinued > 0
    stray = imported["RA_2023-24_data_Part_1.csv"].run.report["details"]["stray_text_cells"]
    assert stray and all("É" in item for item in stray)
    assert "cp1252" in " ".join(imported["RA_2023-24_data_Part_1.csv"].run.report["notes"])


def test_oflog_measures_values_and_polarity(imported):
    rows = list(csv.DictReader((DATA_DIR / "performance" / "oflog_asc_data.csv").open(encoding="utf-8")))
    stored = {
        (c, g, y): v
        for c, g, y, v in PerformanceValue.objects.values_list("measure__code", "authority__gss_code", "year", "value")
    }
    assert len(stored) == len(rows)
    for row in rows:
        value = stored[(row["Code"], row["Local authority code"], FinancialYear.parse(row["Financial year"]))]
        assert same(value, Decimal(row["Value"]) if row["Value"] else None), row
    assert PerformanceMeasure.objects.get(code="ASC1").polarity == "higher"
    assert PerformanceMeasure.objects.get(code="ASC7").polarity == "not_stated"  # rank_order never given
    assert PerformanceMeasure.objects.get(code="ASC7").unit_label == ""  # units are not published


def test_gdp_deflators_as_published_and_marked_provisional(imported):
    rows = list(csv.DictReader((DATA_DIR / "prices" / "gdp_deflators_transcribed.csv").open(encoding="utf-8")))
    stored = {p.year.start_year: p for p in PriceIndex.objects.all()}
    published = {int(r["financial_year"][:4]): Decimal(r["gdp_deflator"]) for r in rows}
    kept = {year: value for year, value in published.items() if year >= 1990}  # FinancialYear starts in 1990
    assert set(stored) == set(kept)
    for year, value in kept.items():
        assert same(stored[year].deflator, value), year
        assert stored[year].provisional  # the transcription does not name its HM Treasury release
        assert stored[year].base_year.start_year == 2023  # the year whose deflator is 100


def test_provenance_is_recorded_for_every_file(imported):
    for name, result in imported.items():
        run = result.run
        path = next(DATA_DIR.rglob(name))
        assert run.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert run.file_size == path.stat().st_size and run.status == "succeeded"
        assert run.report_text
    assert imported["RSX_2022-23_data_by_LA.csv"].run.publisher_last_updated == date(2024, 6, 6)
    assert imported["RSX_2021-22_data_by_LA_Live.csv"].run.publisher_last_updated == date(2023, 11, 23)
    assert imported["RA_2023-24_data_Part_1.csv"].run.publisher_last_updated == date(2023, 6, 22)
    assert imported["RSX_2022-23_data_by_LA.csv"].run.year == FinancialYear(2022)
    assert imported["RSX_2022-23_data_by_LA.csv"].run.values_loaded == 426 * 98


def test_second_directory_import_changes_nothing(imported, capsys):
    before = (
        ImportRun.objects.count(),
        OutturnValue.objects.count(),
        BudgetValue.objects.count(),
        list(OutturnValue.objects.order_by("id").values_list("id", flat=True)[:50]),
    )
    call_command("import_official_data", str(DATA_DIR))
    out = capsys.readouterr().out
    assert "0 files loaded" in out and f"{len(imported)} unchanged" in out
    after = (
        ImportRun.objects.count(),
        OutturnValue.objects.count(),
        BudgetValue.objects.count(),
        list(OutturnValue.objects.order_by("id").values_list("id", flat=True)[:50]),
    )
    assert before == after


def test_forced_reimport_of_a_year_gives_the_same_figures(imported):
    path = OUTTURN / "RSX_2021-22_data_by_LA_Live.csv"
    before = stored_outturn(2021)
    result = IMPORTERS["outturn"](path, force=True)
    assert not result.unchanged
    assert stored_outturn(2021) == before
    assert OutturnReturn.objects.filter(year=2021).count() == 426


def test_check_command_reports_all_files_match(imported, capsys):
    call_command("check_official_data", str(DATA_DIR))
    out = capsys.readouterr().out
    plan, _ = plan_directory(DATA_DIR)
    checked = sum(1 for kind, _ in plan if kind in CHECKS)
    assert checked >= 22  # 14 outturn files (one compared with RSX 2022-23), 4 budgets, 2 RO3, 3 population
    assert out.count("every stored figure matches the file") == checked
