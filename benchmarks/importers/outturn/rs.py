"""RS workbooks (.xls, .xlsx or .ods): net current expenditure per service, read by labels and codes.

Layouts seen so far, all handled by the same code:
- one sheet per measure plus a "Col refs" sheet (2007-08, 2008-09, 2009-10): net current expenditure
  is the sheet named or titled so; "Col refs" gives each heading's line number;
- one "RS LA Data YYYY-YY (1)" sheet per measure, headings only (2010-11 to 2013-14);
- one "RS LA Data" sheet with a row of line numbers above the headings, with or without an ONS code,
  notes, class and certification columns, rows in any order (2015-16 onwards, .xls or .xlsx).
Which service a column holds is decided by benchmarks.ro from its heading (and line number) in that year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from benchmarks import ro

from ..base import (
    NOT_SUBMITTED_MARKERS,
    OfficialDataError,
    Report,
    SourceFile,
    cell_ref,
    check_expected_year,
    check_text_cell,
    date_in_file_name,
    decimal_from_cell,
    find_last_updated,
    find_year_in_text,
    parse_number_text,
)
from ..sheets import Workbook, cell_text, read_workbook
from .common import (
    NOTES_STARTS,
    OutturnRow,
    ParsedOutturn,
    add_row,
    breakdown_row,
    check_gss,
    classify_row,
    empty_cell,
    finish_report,
)

HEADER_SEARCH_ROWS = 40
OTHER_MEASURE_RE = re.compile(r"capital charges|net total cost")
# Sheets that may hold figures per body; the other measures are candidates only to say they are not stored.
DATA_SHEET_RE = re.compile(r"\b(?:la|rs) data\b|net current expenditure|" + OTHER_MEASURE_RE.pattern)
COL_REFS_RE = re.compile(r"\bcol(?:umn)?s? refs?\b")
LINE_NUMBER_RE = re.compile(r"^\d{3}$")
# Cells printed instead of a figure: not submitted ([x], …) or not available for that body (n/a).
VALUE_MARKERS = {m.lower() for m in NOT_SUBMITTED_MARKERS} | {"…", "n/a"}
NCE = ro.NET_CURRENT_EXPENDITURE
CODE_COLUMN_LABELS = {
    "ecode": ("e code", "ecode"),
    "ons": ("ons code", "ons", "gss code", "ons gss code"),
    "name": ("local authority", "authority", "local authority name"),
    "ro_class": ("class",),
    "detailed": ("detailed class",),
    "notes": ("notes", "note"),
    "certified": ("certification", "certified"),
    "region": ("region",),
}


@dataclass
class DataSheet:
    name: str
    rows: list[list]
    header_index: int
    title_lines: list[str]


@dataclass
class RsLayout:
    codes: dict[str, int | None]
    services: dict[int, str] = field(default_factory=dict)  # column -> service key


def parse_rs_workbook(source: SourceFile, expected_year: int | None = None) -> ParsedOutturn:
    report = Report(title=f"Revenue outturn summary (RS) {source.name}")
    book = read_workbook(source)
    sheet = find_data_sheet(book, source.name)
    year = _sheet_year(source.name, sheet, expected_year)
    layout = map_columns(book, sheet, year, source.name, report)
    rows = parse_rows(source.name, sheet, layout, report)
    title = sheet.title_lines[0] if sheet.title_lines else ""
    result = ParsedOutturn(
        year=year,
        file_format="RS",
        rows=list(rows.values()),
        report=report,
        measures=[NCE],
        service_codes=list(layout.services.values()),
        publisher_last_updated=find_last_updated(sheet.title_lines) or date_in_file_name(source.name),
        title=title,
    )
    report.note(f"net current expenditure read from sheet {sheet.name!r}")
    if result.publisher_last_updated and not find_last_updated(sheet.title_lines):
        report.note(f"publisher date {result.publisher_last_updated:%d %B %Y} taken from the file name")
    finish_report(result)
    return result


# ---------------------------------------------------------------------------------------------
# Find the data sheet and its header row


def _sheet_key(name: str) -> str:
    return " ".join(re.sub(r"[_\s]+", " ", name.lower()).split())


def header_position(rows: list[list]) -> tuple[int, int] | None:
    """(row, column) of the 'E-code' heading in the first rows of a sheet."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        for j, value in enumerate(row):
            if isinstance(value, str) and ro.normalise_label(value) in CODE_COLUMN_LABELS["ecode"]:
                return i, j
    return None


def find_data_sheet(book: Workbook, name: str) -> DataSheet:
    """The sheet of net current expenditure per body: named like RS LA Data, with an E-code header."""
    candidates = [s for s in book.sheet_names if DATA_SHEET_RE.search(_sheet_key(s))]
    if not candidates:
        raise OfficialDataError(
            f"{name}: no sheet named like 'RS LA Data 2013-14 (1)', 'RS_LA_Data_2018-19' or 'Net current "
            f"expenditure (col 1)'. The workbook has: {', '.join(book.sheet_names[:10])}. Nothing was imported."
        )
    without_header, other_measures = [], []
    for sheet_name in candidates:
        rows = book.rows(sheet_name)
        position = header_position(rows)
        if position is None:
            without_header.append(sheet_name)
            continue
        title_lines = [cell_text(v) for r in rows[: position[0]] for v in r[:3] if isinstance(v, str) and v.strip()]
        measure_text = " ".join([_sheet_key(sheet_name), *(t.lower() for t in title_lines)])
        if OTHER_MEASURE_RE.search(measure_text) and "net current expenditure" not in measure_text:
            other_measures.append(sheet_name)  # capital charges or net total cost: not stored
            continue
        return DataSheet(sheet_name, rows, position[0], title_lines)
    if without_header:
        raise OfficialDataError(
            f"{name}: the sheet {without_header[0]!r} has no header row with an 'E-code' column (looked in the "
            f"first {HEADER_SEARCH_ROWS} rows), so its bodies cannot be found. Nothing was imported."
        )
    raise OfficialDataError(
        f"{name}: no net current expenditure sheet (found only {', '.join(other_measures)}). Nothing was imported."
    )


def _sheet_year(name: str, sheet: DataSheet, expected_year: int | None) -> int:
    sheet_year = find_year_in_text(sheet.name)
    title = next((t for t in sheet.title_lines if find_year_in_text(t)), "")
    title_year = find_year_in_text(title)
    if sheet_year is not None and title_year is not None and sheet_year != title_year:
        raise OfficialDataError(
            f"{name}: the sheet is named for {sheet_year} but its title says {title}. Nothing was imported."
        )
    found = sheet_year or title_year or find_year_in_text(name)
    return check_expected_year(found, expected_year, name, "no year like 2022-23 in the sheet name, title or file name")


# ---------------------------------------------------------------------------------------------
# Map columns: code columns by heading, service columns by heading and line number (benchmarks.ro)


def map_columns(book: Workbook, sheet: DataSheet, year: int, name: str, report: Report) -> RsLayout:
    header = [cell_text(v) for v in sheet.rows[sheet.header_index]]
    labels = [ro.normalise_label(h) for h in header]
    codes = {
        key: next((j for j, lab in enumerate(labels) if lab in wanted), None)
        for key, wanted in CODE_COLUMN_LABELS.items()
    }
    if codes["name"] is None or codes["ro_class"] is None:
        raise OfficialDataError(
            f"{name}: the header row of {sheet.name!r} needs 'Local authority' and 'Class' columns. Nothing was imported."
        )
    line_row = _line_number_row(sheet)
    col_refs = _col_refs(book)
    layout = RsLayout(codes=codes)
    code_columns = {j for j in codes.values() if j is not None}
    for j, text in enumerate(header):
        if j in code_columns or not text:
            continue
        line = line_row.get(j) or _line_from_col_refs(col_refs, labels[j])
        key = _service_of(year, text, line, report)
        if key is None:
            continue
        if key in layout.services.values():
            report.add(
                "repeated_service_columns",
                f"column {cell_ref(sheet.header_index, j)} {text!r}: a later block repeats the heading; "
                "only the first (the service block) is read",
            )
            continue
        layout.services[j] = key
    _check_services(name, sheet.name, layout)
    return layout


def _line_number_row(sheet: DataSheet) -> dict[int, str]:
    """{column: line number} from the row of published line numbers above the header, if there is one."""
    best: dict[int, str] = {}
    for row in sheet.rows[max(0, sheet.header_index - 6) : sheet.header_index]:
        numbers = {j: cell_text(v) for j, v in enumerate(row) if cell_text(v) in ro.KNOWN_LINE_NUMBERS}
        if len(numbers) > len(best):
            best = numbers
    return best if len(best) >= 5 else {}


def _col_refs(book: Workbook) -> dict[str, str]:
    """{normalised heading: line number} from a 'Col refs' sheet (older multi-sheet workbooks)."""
    sheet_name = next((s for s in book.sheet_names if COL_REFS_RE.search(_sheet_key(s))), None)
    if sheet_name is None:
        return {}
    refs: dict[str, str] = {}
    for row in book.rows(sheet_name):
        texts = [cell_text(v) for v in row]
        at = next((i for i, t in enumerate(texts) if LINE_NUMBER_RE.match(t)), None)
        label = next((t for t in texts[at + 1 :] if t), "") if at is not None else ""
        if label and not LINE_NUMBER_RE.match(label):
            refs.setdefault(ro.normalise_label(label), texts[at])
    return refs


def _line_from_col_refs(col_refs: dict[str, str], label: str) -> str | None:
    if label in col_refs:
        return col_refs[label]
    # Headings are sometimes cut short ("TOTAL SERVICE EXPENDITURE" for "… (TOTAL OF LINES 190 TO 698)").
    found = {
        line for ref, line in col_refs.items() if len(label) >= 8 and (ref.startswith(label) or label.startswith(ref))
    }
    return found.pop() if len(found) == 1 else None


def _service_of(year: int, heading: str, line: str | None, report: Report) -> str | None:
    """A column's service: its heading decides (a line's meaning is its label that year); else its line number."""
    by_label = ro.service_for(year, label=heading)
    by_line = ro.service_for(year, line=line) if line else None
    if by_label is not None:
        if by_line is not None and by_line != by_label:
            report.add(
                "line_numbers_not_matching_headings", f"{heading!r} is printed over line {line}: read as {by_label}"
            )
        return by_label
    if by_line is not None:
        report.add("services_found_by_line_number", f"line {line} {heading!r}: heading not known, read as {by_line}")
    return by_line


def _check_services(name: str, sheet_name: str, layout: RsLayout) -> None:
    services = set(layout.services.values())
    if ro.TOTAL_SERVICE not in services or len(services) < 10:
        raise OfficialDataError(
            f"{name}: cannot find the service expenditure columns (education … total service expenditure) on "
            f"{sheet_name}. Nothing was imported."
        )
    if "330+360" in services and ({"330", "360"} & services):
        raise OfficialDataError(f"{name}: has both combined and separate social care columns. Nothing was imported.")


# ---------------------------------------------------------------------------------------------
# Parse rows


def _text_at(raw: list, column: int | None) -> str:
    return cell_text(raw[column]) if column is not None and column < len(raw) else ""


def parse_rows(name: str, sheet: DataSheet, layout: RsLayout, report: Report) -> dict[str, OutturnRow]:
    parsed: dict[str, OutturnRow] = {}
    in_breakdown = False  # below a second header: the class-breakdown table, not returns
    for r_index in range(sheet.header_index + 1, len(sheet.rows)):
        raw = sheet.rows[r_index]
        where = f"{name} {sheet.name} row {r_index + 1}"
        ecode, body = _text_at(raw, layout.codes["ecode"]), _text_at(raw, layout.codes["name"])
        kind = classify_row(ecode, body, where)
        if kind == "authority":
            row = _parse_row(raw, r_index, layout, where, report)
            if in_breakdown:
                breakdown_row(parsed, row, report)
            else:
                add_row(parsed, row, report, name)
        elif kind == "note" and ecode.lower().startswith(NOTES_STARTS):
            break  # the footnotes below the table
        elif kind == "header":
            in_breakdown = True
            report.add("further_tables", f"row {r_index + 1}: a second table starts (class breakdown)")
        elif kind in ("totals", "unlabelled"):
            report.count("totals_rows_skipped")
            report.add("totals_rows_skipped", f"row {r_index + 1}: {ecode} {body}".strip())
    if not parsed:
        raise OfficialDataError(f"{name}: no authority rows found below the header.")
    return parsed


def _parse_row(raw: list, r_index: int, layout: RsLayout, where: str, report: Report) -> OutturnRow:
    codes = layout.codes
    row = OutturnRow(
        row_number=r_index + 1,
        ecode=_text_at(raw, codes["ecode"]),
        name=check_text_cell(_text_at(raw, codes["name"]), where),
        gss_code=check_text_cell(_text_at(raw, codes["ons"]), where),
        ro_class=check_text_cell(_text_at(raw, codes["ro_class"]), where),
        detailed_class=check_text_cell(_text_at(raw, codes["detailed"]), where),
        notes=check_text_cell(_text_at(raw, codes["notes"]), where),
    )
    check_gss(row, report, where)
    if not row.name:
        raise OfficialDataError(f"{where}: the authority name is empty.")
    markers: set[str] = set()
    for j, service in layout.services.items():
        value = raw[j] if j < len(raw) else ""
        row.values[(service, NCE)] = _figure(value, where, r_index, j, row.name, service, markers)
    if markers and all(v is None for v in row.values.values()):
        row.not_submitted_marker = sorted(markers)[0]
    elif markers:
        report.add("partial_markers", f"row {r_index + 1} {row.name}: some cells marked {', '.join(sorted(markers))}")
    certified = _text_at(raw, codes["certified"]).upper()
    if codes["certified"] is not None:
        row.certified = {"Y": True, "N": False}.get(certified)
    return row


STORED_PLACES = Decimal("1e-15")  # value_thousands keeps 15 decimal places


def _figure(value, where: str, r_index: int, j: int, name: str, service: str, markers: set[str]):
    number = decimal_from_cell(value)
    if number is not None:
        # A few workbook figures are doubles such as 0.006560000000000003 (2015-16): digits past the 15th
        # decimal place are binary noise that PostgreSQL would round away, so round them here, once.
        return number.quantize(STORED_PLACES) if number.as_tuple().exponent < -15 else number
    text = cell_text(value)
    if text.lower() in VALUE_MARKERS:
        markers.add(text)
        return None
    if text == "":
        raise empty_cell(where, r_index, j, name, service)
    number = parse_number_text(text)
    if number is not None:
        return number
    check_text_cell(text, f"{where}, cell {cell_ref(r_index, j)}")
    raise OfficialDataError(
        f"{where}, cell {cell_ref(r_index, j)} ({name}, line {service}): {text[:40]!r} is not a number. "
        "Nothing was imported."
    )
