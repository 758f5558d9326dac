"""A corpus of malformed files: each is refused with a message a person can act on, and the
database is left exactly as it was.

The files are generated into tmp_path from the real published files (so everything except the
one defect is realistic). The real authority lookup, RSX 2022-23, mid-2023 population and Oflog
files are loaded once for the module, so "unchanged" is checked against real data.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Sum

from benchmarks.importers.base import MAX_FILE_BYTES, OfficialDataError
from benchmarks.importers.directory import IMPORTERS
from benchmarks.models import (
    Authority,
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
)

DATA_DIR = Path(settings.DATA_DIR)
pytestmark = [
    pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"official data directory {DATA_DIR} is missing"),
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:Print area cannot be set:UserWarning"),
]
RSX = DATA_DIR / "revenue-outturn" / "RSX_2022-23_data_by_LA.csv"
RA = DATA_DIR / "revenue-budget" / "RA_2023-24_data_Part_1.csv"
LOOKUP = DATA_DIR / "authorities" / "uk_local_authorities.csv"
MID2023 = DATA_DIR / "population" / "pop_mid2023_transcribed.csv"
OFLOG = DATA_DIR / "performance" / "oflog_asc_data.csv"
RO3 = DATA_DIR / "service-detail" / "RO3_2022-23_data_by_LA.ods"
FORMULA = "=cmd|' /C calc'!A0"


def wipe():
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
    ):
        model.objects.all()._raw_delete(connection.alias)
    Authority.successors.through.objects.all().delete()
    Authority.objects.update(parent=None)
    Authority.objects.all()._raw_delete(connection.alias)
    ImportRun.objects.all()._raw_delete(connection.alias)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        wipe()
        IMPORTERS["authorities"](LOOKUP)
        IMPORTERS["outturn"](RSX)
        IMPORTERS["population_mid2023"](MID2023)
        IMPORTERS["performance"](OFLOG)
        yield
        wipe()


def snapshot() -> dict:
    return {
        "authorities": list(
            Authority.objects.order_by("id").values_list(
                "id", "gss_code", "ecode", "name", "parent_id", "authority_type", "ro_class"
            )
        ),
        "successors": Authority.successors.through.objects.count(),
        "returns": list(OutturnReturn.objects.values("status").annotate(n=Count("id")).order_by("status")),
        "values": OutturnValue.objects.aggregate(n=Count("id"), total=Sum("value_thousands")),
        "budget": (BudgetValue.objects.count(), BudgetLine.objects.count()),
        "population": list(
            PopulationEstimate.objects.order_by("id").values_list("authority_id", "mid_year", "population", "source")
        ),
        "places": PlaceCharacteristics.objects.count(),
        "performance": PerformanceValue.objects.aggregate(n=Count("id"), total=Sum("value")),
        "measures": list(PerformanceMeasure.objects.values_list("code", "polarity")),
        "runs": ImportRun.objects.filter(status="succeeded").count(),
        "detail": DetailValue.objects.aggregate(n=Count("id"), total=Sum("value_thousands")),
    }


# ---------------------------------------------------------------------------------------------
# Builders: each returns the path of a malformed file written into tmp_path


def read_rows(path: Path, encoding="utf-8-sig") -> list[list[str]]:
    return list(csv.reader(path.open(encoding=encoding, newline="")))


def write_rows(path: Path, rows, encoding="utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def rsx_edit(edit, name=RSX.name):
    def build(tmp: Path) -> Path:
        rows = read_rows(RSX)
        edit(rows)
        return write_rows(tmp / name, rows)

    return build


def rsx_cell(ecode: str, code_or_column, text: str):
    """Set one cell of an authority row: by cell code (C1R190) or by header name."""

    def edit(rows):
        ref = next(r for r in rows if "C1R190" in r)
        header = next(r for r in rows if r and r[0] == "E-code")
        col = ref.index(code_or_column) if code_or_column in ref else header.index(code_or_column)
        next(r for r in rows if r[0] == ecode)[col] = text

    return edit


def rsx_drop_column(code):
    def edit(rows):
        col = next(r for r in rows if "C1R190" in r).index(code)
        for r in rows:
            del r[col]

    return edit


def rsx_rename_code(old, new):
    def edit(rows):
        ref = next(r for r in rows if "C1R190" in r)
        ref[ref.index(old)] = new

    return edit


def rsx_duplicate_changed(rows):
    adur = next(r for r in rows if r[0] == "E3831")
    copy = list(adur)
    copy[-200] = "999"
    rows.insert(rows.index(adur) + 1, copy)


def rsx_remove_rows(predicate):
    def edit(rows):
        rows[:] = [r for r in rows if not predicate(r)]

    return edit


def rsx_only_up_to_header(rows):
    header_i = next(i for i, r in enumerate(rows) if r and r[0] == "E-code")
    del rows[header_i + 1 :]


def rsx_title(text):
    def edit(rows):
        rows[0][0] = text

    return edit


def multi(*edits):
    def edit(rows):
        for e in edits:
            e(rows)

    return edit


def raw_bytes(data: bytes, name=RSX.name):
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return build


def utf16_rsx(tmp: Path) -> Path:
    path = tmp / RSX.name
    path.write_bytes(RSX.read_text(encoding="utf-8-sig").encode("utf-16"))
    return path


def huge_file(tmp: Path) -> Path:
    path = tmp / RSX.name
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    return path


def truncated(source: Path, fraction: float, pattern: str = "", name: str | None = None):
    """`pattern`: a file in the directory `source`, found when the case runs (collection must not
    read the data directory, which a fresh clone does not have); `name`: the truncated copy's name."""

    def build(tmp: Path) -> Path:
        original = next(source.glob(pattern)) if pattern else source
        data = original.read_bytes()
        path = tmp / (name or original.name)
        path.write_bytes(data[: int(len(data) * fraction)])
        return path

    return build


def rs_workbook(
    sheet="RS LA Data 2017-18",
    title="Revenue Outturn (RO) 2017-18: Revenue Outturn Summary (RS) data",
    adur_value=1234,
    name="RS_2017-18_data_by_LA.xlsx",
):
    def build(tmp: Path) -> Path:
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet
        codes = [190, 290, 330, 360, 390, 490, 509, 590, 599, 601, 602, 690, 698, 699]
        ws.append([title])
        for _ in range(4):
            ws.append([])
        ws.append([None] * 5 + codes)
        ws.append(["E-code", "ONS Code", "Local authority", None, "Class"] + [f"Line {c}" for c in codes])
        ws.append(["E3831", "E07000223", "Adur", None, "SD", adur_value] + [0] * 13)
        path = tmp / name
        book.save(path)
        return path

    return build


def multi_sheet_workbook(
    measures=("Net current expenditure (col 1)", "Capital charges (col 2)", "Net total cost (col 3)"),
    header_code="E-code",
):
    """The 2007-08 layout (one sheet per measure, a Col refs sheet), as .xlsx: the reader sniffs content."""

    def build(tmp: Path) -> Path:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.title = "Front page"
        headings = ["Education services", "Social care", "Court services", "TOTAL SERVICE EXPENDITURE"]
        for title in measures:
            ws = book.create_sheet(title)
            ws.append(["Revenue Outturn Summary (RS): 2007-08 data"])
            ws.append([f"{title} (£ thousand)"])
            ws.append([header_code, "Local authority", "Region", "Class", *headings])
            ws.append(["E3831", "Adur", "SE", "SD", 1, 2, 3, 6])
        refs = book.create_sheet("Col refs")
        for n, (line, label) in enumerate(zip((190, 390, 603, 699), headings, strict=True)):
            refs.append([line, label, 4 + n])
        path = tmp / "RS_2007-08_data_by_LA.xlsx"
        book.save(path)
        return path

    return build


def csv_workbook_in_disguise(tmp: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["E-code", "Local authority"])
    path = tmp / RSX.name
    book.save(path)
    return path


def ra_edit(edit, name=RA.name):
    def build(tmp: Path) -> Path:
        rows = read_rows(RA, encoding="cp1252")
        edit(rows)
        return write_rows(tmp / name, rows, encoding="cp1252")

    return build


def ra_header_rename(old, new):
    def edit(rows):
        header = next(r for r in rows if r and r[0] == "E-code")
        header[header.index(old)] = new

    return edit


def ra_remove_line_row(rows):
    rows[:] = [r for r in rows if "990" not in r]


def ra_remove_line_numbers_and_labels(rows):
    # Without line numbers the importer identifies lines by their labels; with neither, it refuses.
    ra_remove_line_row(rows)
    header = next(r for r in rows if r and r[0] == "E-code")
    header[6:] = [f"Column {i}" for i in range(len(header) - 6)]


def ra_workbook_without_ecode_header(tmp: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "RA LA Data 2019-20"
    sheet.append(["Revenue Account Budget (RA) 2019-20: Revenue Account data"])
    sheet.append([None, None, None, 110, 120, 130])
    sheet.append(["Code", "Local authority", "Class", "Early years", "Primary schools", "Secondary schools"])
    sheet.append(["E0101", "Bath & North East Somerset UA", "UA", 1, 2, 3])
    path = tmp / "RA_2019-20_data_by_LA.xlsx"
    book.save(path)
    return path


def ra_duplicate(rows):
    first = next(i for i, r in enumerate(rows) if r and r[0] == "E3831")
    rows.insert(first + 1, list(rows[first]))


def ra_cell(text):
    def edit(rows):
        next(r for r in rows if r and r[0] == "E3831")[10] = text

    return edit


def lookup_edit(edit):
    def build(tmp: Path) -> Path:
        rows = read_rows(LOOKUP, encoding="utf-8")
        edit(rows)
        return write_rows(tmp / LOOKUP.name, rows)

    return build


def lookup_set(code, column, value):
    def edit(rows):
        col = rows[0].index(column)
        next(r for r in rows if r[0] == code)[col] = value

    return edit


def lookup_drop_column(column):
    def edit(rows):
        col = rows[0].index(column)
        for r in rows:
            del r[col]

    return edit


def text_file(text: str, name: str):
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    return build


def oflog_edit(edit):
    def build(tmp: Path) -> Path:
        rows = read_rows(OFLOG, encoding="utf-8")
        edit(rows)
        return write_rows(tmp / OFLOG.name, rows)

    return build


def oflog_set(row_index, column, value):
    def edit(rows):
        rows[row_index][rows[0].index(column)] = value

    return edit


def workbook_missing_sheets(tmp: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "MYE1"
    path = tmp / "mye22final.xlsx"
    book.save(path)
    return path


def ro3_without_header(tmp: Path) -> Path:
    from .ro3_workbook import Body, write_ro3

    return write_ro3(
        tmp / RO3.with_suffix(".xlsx").name, [Body("E3831", "E07000223", "Adur", "SD", None)], header=False
    )


@dataclass
class Case:
    id: str
    kind: str
    build: object
    message: str
    kwargs: dict = field(default_factory=dict)


CASES = [
    # RSX CSV
    Case("empty file", "outturn", raw_bytes(b""), "the file is empty"),
    Case("only blank lines", "outturn", raw_bytes(b"\r\n,,,\r\n\r\n"), "no data rows"),
    Case("utf-16 encoding", "outturn", utf16_rsx, "UTF-16"),
    Case("binary noise", "outturn", raw_bytes(bytes(range(256)) * 64), "not text"),
    Case("huge file", "outturn", huge_file, "larger than the 50 MB limit"),
    Case("workbook saved as .csv", "outturn", csv_workbook_in_disguise, "no sheet named like"),
    Case("missing column", "outturn", rsx_edit(rsx_drop_column("C7R699")), "expected columns are missing.*C7R699"),
    Case("no reference row", "outturn", rsx_edit(rsx_remove_rows(lambda r: "C1R190" in r)), "reference row"),
    Case("no header row", "outturn", rsx_edit(rsx_remove_rows(lambda r: r and r[0] == "E-code")), "'E-code'"),
    Case("text in number cell", "outturn", rsx_edit(rsx_cell("E3831", "C2R490", "abc")), "'abc' is not a number"),
    Case("formula in number cell", "outturn", rsx_edit(rsx_cell("E3831", "C1R190", FORMULA)), "spreadsheet formula"),
    Case(
        "formula in name",
        "outturn",
        rsx_edit(rsx_cell("E3831", "Local authority", '=HYPERLINK("http://x","Adur")')),
        "spreadsheet formula",
    ),
    Case(
        "plus-formula in notes",
        "outturn",
        rsx_edit(rsx_cell("E3831", "Notes", "+cmd|' /C calc'!A0")),
        "spreadsheet formula",
    ),
    Case("at-formula in class", "outturn", rsx_edit(rsx_cell("E3831", "Class", "@SUM(1+1)")), "spreadsheet formula"),
    Case("conflicting duplicate row", "outturn", rsx_edit(rsx_duplicate_changed), "appears twice with different"),
    Case("malformed E-code", "outturn", rsx_edit(rsx_cell("E3831", "E-code", "X3831")), "not an MHCLG E-code"),
    Case(
        "codes of two different authorities",
        "outturn",
        rsx_edit(multi(rsx_cell("E3831", "ONS Code", "E10000016"), rsx_cell("E3831", "E-code", "E9998"))),
        "point at different authorities",
    ),
    Case("malformed ONS code", "outturn", rsx_edit(rsx_cell("E3831", "ONS Code", "E0700022X")), "not an ONS"),
    Case("wrong year asked", "outturn", lambda tmp: RSX, "but you asked to import 2021-22", {"year": 2021}),
    Case(
        "title and file name disagree",
        "outturn",
        rsx_edit(lambda rows: None, name="RSX_2021-22_data_by_LA.csv"),
        "title says 2022-23 but the file name says 2021-22",
    ),
    Case(
        "no year anywhere",
        "outturn",
        rsx_edit(rsx_title("Worksheet 2: Revenue Outturn (RSX) data"), name="RSX_data_by_LA.csv"),
        "cannot tell which financial year",
    ),
    Case("cell code in two columns", "outturn", rsx_edit(rsx_rename_code("C1R290", "C1R190")), "two columns"),
    Case("header but no rows", "outturn", rsx_edit(rsx_only_up_to_header), "no authority rows"),
    Case("empty figure cell", "outturn", rsx_edit(rsx_cell("E3831", "C5R590", "")), "empty where a figure is expected"),
    Case("empty authority name", "outturn", rsx_edit(rsx_cell("E3831", "Local authority", "")), "name is empty"),
    # RS workbooks
    Case(
        "truncated xlsx",
        "outturn",
        truncated(DATA_DIR / "revenue-outturn" / "RS_2017-18_data_by_LA.xlsx", 0.4),
        "cannot be read",
    ),
    Case(
        "truncated xls",
        "outturn",
        truncated(DATA_DIR / "revenue-outturn", 0.5, pattern="*2013-14*.xls"),
        "cannot be read",
    ),
    Case("wrong sheet name", "outturn", rs_workbook(sheet="Sheet1"), "no sheet named like"),
    Case("text in workbook number cell", "outturn", rs_workbook(adur_value="twelve"), "'twelve' is not a number"),
    Case("formula text in workbook", "outturn", rs_workbook(adur_value=FORMULA), "spreadsheet formula"),
    Case(
        "truncated ods",
        "outturn",
        truncated(DATA_DIR / "service-detail" / "RO3_2022-23_data_by_LA.ods", 0.5, name="RS_2023-24_data_by_LA.ods"),
        "cannot be read",
    ),
    Case(
        "measure sheet without an E-code header",
        "outturn",
        multi_sheet_workbook(header_code="Code"),
        "'Net current expenditure \\(col 1\\)' has no header row with an 'E-code' column",
    ),
    Case(
        "multi-sheet workbook without its net current expenditure sheet",
        "outturn",
        multi_sheet_workbook(measures=("Capital charges (col 2)", "Net total cost (col 3)")),
        "no net current expenditure sheet",
    ),
    Case(
        "sheet and title years disagree",
        "outturn",
        rs_workbook(title="Revenue Outturn (RO) 2016-17: Revenue Outturn Summary (RS) data"),
        "title says",
    ),
    # RA budget CSV
    Case("RA missing ONS column", "budget", ra_edit(ra_header_rename("ONS Code", "Code")), "'ons code'"),
    Case(
        "RA without line numbers or known labels", "budget", ra_edit(ra_remove_line_numbers_and_labels), "line numbers"
    ),
    Case("RA duplicate authority", "budget", ra_edit(ra_duplicate), "appears twice"),
    Case("RA formula cell", "budget", ra_edit(ra_cell(FORMULA)), "spreadsheet formula"),
    Case(
        "RA long text in number cell",
        "budget",
        ra_edit(ra_cell("see the notes worksheet for details of this figure")),
        "is not a number",
    ),
    Case("RA wrong year asked", "budget", lambda tmp: RA, "but you asked to import 2022-23", {"year": 2022}),
    Case("RA not an RA file", "budget", text_file("a,b,c\n1,2,3\n", "RA_2023-24_data.csv"), "does not look like an RA"),
    # RA budget workbooks
    Case(
        "RA truncated xls",
        "budget",
        truncated(DATA_DIR / "revenue-budget" / "RA_2015-16_data_by_LA.xls", 0.5),
        "cannot be read",
    ),
    Case("RA sheet without E-code header", "budget", ra_workbook_without_ecode_header, "no sheet has a header row"),
    # authority lookup
    Case(
        "lookup missing columns",
        "authorities",
        lookup_edit(lookup_drop_column("gss-code")),
        "not mySociety's authority lookup",
    ),
    Case("lookup duplicate code", "authorities", lookup_edit(lambda rows: rows.append(list(rows[5]))), "appears twice"),
    Case("lookup bad date", "authorities", lookup_edit(lookup_set("ADU", "start-date", "1st April")), "not a date"),
    Case(
        "lookup unknown type",
        "authorities",
        lookup_edit(lookup_set("ADU", "local-authority-type", "XYZ")),
        "unknown local-authority-type",
    ),
    Case(
        "lookup dangling successor",
        "authorities",
        lookup_edit(lookup_set("ADU", "replaced-by", "NOPE")),
        "not in the lookup",
    ),
    Case("lookup bad GSS code", "authorities", lookup_edit(lookup_set("ADU", "gss-code", "Adur")), "not a GSS code"),
    Case(
        "lookup formula name",
        "authorities",
        lookup_edit(lookup_set("ADU", "nice-name", FORMULA)),
        "spreadsheet formula",
    ),
    # population
    Case(
        "mid-2023 wrong columns",
        "population_mid2023",
        text_file("area,people\nE06000001,1\n", MID2023.name),
        "expected columns",
    ),
    Case(
        "mid-2023 text population",
        "population_mid2023",
        text_file("code,population_mid2023\nE06000001,lots\n", MID2023.name),
        "not a whole number",
    ),
    Case(
        "mid-2023 duplicate code",
        "population_mid2023",
        text_file("code,population_mid2023\nE06000001,1\nE06000001,2\n", MID2023.name),
        "appears twice",
    ),
    Case(
        "mid-2023 formula code",
        "population_mid2023",
        text_file(f'code,population_mid2023\n"{FORMULA}",1\n', MID2023.name),
        "spreadsheet formula",
    ),
    Case("ONS workbook missing sheets", "population_workbook", workbook_missing_sheets, "missing sheets"),
    Case(
        "ONS workbook that is a CSV", "population_workbook", text_file("Code,Name\n", "mye22final.xlsx"), "not an Excel"
    ),
    # RO3 social care detail
    Case("RO3 truncated .ods", "detail", truncated(RO3, 0.5), "cannot be read"),
    Case("RO3 with no header row", "detail", ro3_without_header, "no sheet has a header row with an 'E-code' column"),
    # Oflog
    Case("Oflog missing columns", "performance", oflog_edit(lambda rows: [r.pop() for r in rows]), "missing columns"),
    Case(
        "Oflog bad year", "performance", oflog_edit(oflog_set(3, "Financial year", "2022-24")), "not a financial year"
    ),
    Case("Oflog text value", "performance", oflog_edit(oflog_set(3, "Value", "n/a")), "is not a number"),
    Case("Oflog duplicate row", "performance", oflog_edit(lambda rows: rows.append(list(rows[1]))), "repeats row"),
    Case(
        "Oflog unknown authority",
        "performance",
        oflog_edit(oflog_set(3, "Local authority code", "E06999999")),
        "not in the authority lookup",
    ),
    Case(
        "Oflog conflicting polarity",
        "performance",
        oflog_edit(oflog_set(2, "rank_order", "asc")),
        "conflicting rank_order",
    ),
]


def test_the_corpus_has_at_least_thirty_distinct_files():
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_file_is_refused_clearly_and_nothing_changes(loaded, tmp_path, case):
    path = case.build(tmp_path)
    before = snapshot()
    with pytest.raises(OfficialDataError, match=case.message) as refused:
        IMPORTERS[case.kind](path, **case.kwargs)
    message = str(refused.value)
    assert path.name in message  # the user is told which file
    assert "Traceback" not in message and len(message) < 600
    assert snapshot() == before


def test_command_reports_the_problem_records_a_failed_run_and_keeps_the_data(loaded, tmp_path):
    path = rsx_edit(rsx_cell("E3831", "C2R490", "abc"))(tmp_path)
    before = snapshot()
    with pytest.raises(CommandError, match="'abc' is not a number"):
        call_command("import_outturn", str(path))
    assert snapshot() == before
    failed = ImportRun.objects.get(status="failed")
    assert failed.file_name == RSX.name and "'abc' is not a number" in failed.report_text


def test_directory_import_goes_on_after_a_bad_file_and_fails_at_the_end(loaded, tmp_path, capsys):
    rsx_edit(rsx_cell("E3831", "C2R490", "abc"))(tmp_path)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    text_file("code,population_mid2023\nE06000001,92338\n", "pop_mid2023_extra.csv")(tmp_path)
    with pytest.raises(CommandError, match="1 files could not be imported"):
        call_command("import_official_data", str(tmp_path))
    captured = capsys.readouterr()
    assert "not a number" in captured.err
    assert "not recognised, skipped" in captured.out and "notes.pdf" in captured.out
    assert PopulationEstimate.objects.get(authority__gss_code="E06000001", mid_year=2023).population == 92338


def test_year_option_is_validated(loaded):
    with pytest.raises(CommandError, match="not a financial year"):
        call_command("import_outturn", str(RSX), "--year", "2022-24")


def test_unknown_cell_codes_are_reported_not_guessed(tmp_path):
    from benchmarks.importers.base import read_source
    from benchmarks.importers.outturn import parse_outturn_file

    def add_column(rows):
        for r in rows:
            r.append("C1R777" if "C1R190" in r else ("1" if r and r[0].startswith("E") else ""))

    parsed = parse_outturn_file(read_source(rsx_edit(add_column)(tmp_path)))
    assert parsed.report.counts["unknown_codes"] == 1
    assert "C1R777" in parsed.report.details["unknown_codes"][0]
    assert all(("777", "employees") not in row.values for row in parsed.rows)
