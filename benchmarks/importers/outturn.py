"""Parse MHCLG revenue outturn files: RS workbooks (.xls/.xlsx) and RSX CSV exports.

Pure functions: they return a `ParsedOutturn` (one `OutturnRow` per authority row, totals rows
skipped) and a report; they never touch the database.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from .base import (
    ECODE_RE,
    GSS_RE,
    NOT_SUBMITTED_MARKERS,
    OfficialDataError,
    Report,
    SourceFile,
    cell_ref,
    check_expected_year,
    check_text_cell,
    date_in_file_name,
    decimal_from_cell,
    decode_csv_text,
    find_last_updated,
    find_year_in_text,
    parse_number_text,
    read_csv_rows,
)
from .taxonomy import SERVICE_CODES

MEASURES = {
    1: "employees",
    2: "running_expenses",
    3: "total_expenditure",
    4: "sales_fees_charges",
    5: "other_income",
    6: "total_income",
    7: "net_current_expenditure",
}
RSX_SERVICE_CODES = [c for c in SERVICE_CODES if c != "330+360"]
RSX_REF_RE = re.compile(r"^C(\d)R(\d{3})$")
TOTALS_ECODES = {"eng", "[y]", "england"}
TOTALS_NAMES = {
    "england",
    "class breakdown",
    "london boroughs",
    "metropolitan districts",
    "unitary authorities",
    "shire counties",
    "shire districts",
    "other authorities",
}

# RS workbooks before 2017-18 have no line numbers, only headings: map the headings of the
# service block (first occurrence only; later blocks reuse the same words for other things).
RS_HEADINGS = {
    "education services": "190",
    "highways and transport services": "290",
    "social care": "330+360",
    "children social care": "330",
    "adult social care": "360",
    "public health": "390",
    "housing services (gfra only)": "490",
    "cultural and related services": "509",
    "environmental and regulatory services": "590",
    "planning and development services": "599",
    "police services": "601",
    "fire and rescue services": "602",
    "central services": "690",
    "other services": "698",
}


@dataclass
class OutturnRow:
    row_number: int  # 1-based, as a spreadsheet shows it
    ecode: str
    gss_code: str
    name: str
    ro_class: str
    detailed_class: str = ""
    notes: str = ""
    certified: bool | None = None
    not_submitted_marker: str = ""
    values: dict[tuple[str, str], Decimal | None] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return not self.not_submitted_marker


@dataclass
class ParsedOutturn:
    year: int
    file_format: str  # "RSX" or "RS"
    rows: list[OutturnRow]
    report: Report
    measures: list[str]
    service_codes: list[str]
    publisher_last_updated: date | None = None
    title: str = ""

    def to_dataframe(self) -> pd.DataFrame:
        """One row per (authority, service, measure), for analysis and checks."""
        records = [
            {"ecode": r.ecode, "gss_code": r.gss_code, "service": s, "measure": m, "value": v}
            for r in self.rows
            for (s, m), v in r.values.items()
        ]
        return pd.DataFrame.from_records(records, columns=["ecode", "gss_code", "service", "measure", "value"])


def parse_outturn_file(source: SourceFile, expected_year: int | None = None) -> ParsedOutturn:
    """Dispatch on content (not the file name): workbook -> RS, text -> RSX CSV."""
    head = source.data[:8]
    if head.startswith(b"PK\x03\x04") or head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return parse_rs_workbook(source, expected_year)
    return parse_rsx_csv(source, expected_year)


# ---------------------------------------------------------------------------------------------
# Shared row handling


def _classify_row(ecode: str, name: str, where: str) -> str:
    """'authority', 'totals', 'blank' or raise for a code we do not know."""
    code = ecode.strip()
    label = name.strip().lower()
    if ECODE_RE.match(code):
        return "authority"
    if code.lower() == "e-code":
        return "header"
    if code.lower() in TOTALS_ECODES or (not code and label in TOTALS_NAMES):
        return "totals"
    if not code and not label:
        return "blank"
    if not code:
        return "unlabelled"
    raise OfficialDataError(
        f"{where}: {code!r} is not an MHCLG E-code (expected a letter E and four digits, e.g. E0101), "
        "and the row is not a totals row. Nothing was imported."
    )


def _empty_cell(where: str, r_index: int, c_index: int, name: str, line: str) -> OfficialDataError:
    # Official files never leave a figure empty: they print [x] or ... for a missing return.
    return OfficialDataError(
        f"{where}, cell {cell_ref(r_index, c_index)} ({name}, line {line}): empty where a figure is expected "
        "(a spreadsheet formula without a saved value also reads as empty). Nothing was imported."
    )


def _check_gss(row: OutturnRow, report: Report, where: str) -> None:
    if not row.gss_code or GSS_RE.match(row.gss_code):
        return
    if row.gss_code == row.ecode:
        # Published this way for bodies with no ONS code (e.g. Lee Valley Regional Park Authority).
        report.add("no_ons_code", f"row {row.row_number}: {row.ecode} {row.name} has its E-code in the ONS code column")
        row.gss_code = ""
        return
    raise OfficialDataError(f"{where}: {row.gss_code!r} is not an ONS (GSS) code like E06000001.")


def _add_row(rows: dict[str, OutturnRow], row: OutturnRow, report: Report, name: str) -> None:
    previous = rows.get(row.ecode)
    if previous is None:
        rows[row.ecode] = row
        return
    if previous.values == row.values and previous.not_submitted_marker == row.not_submitted_marker:
        report.count("duplicates_dropped")
        report.add(
            "duplicates_dropped",
            f"row {row.row_number}: {row.ecode} {row.name} repeats row {previous.row_number} with identical figures",
        )
        return
    raise OfficialDataError(
        f"{name}: {row.ecode} ({row.name}) appears twice with different figures (rows {previous.row_number} and "
        f"{row.row_number}). Remove the wrong row and import again; nothing was imported."
    )


def _breakdown_row(rows: dict[str, OutturnRow], row: OutturnRow, report: Report) -> None:
    """An authority code inside the class-breakdown table (the GLA is its own class in 2022-23).

    That row is the class total, not a second return: the authority's own row above is kept.
    Differences between the two (MHCLG rounds totals separately) are listed in the report.
    """
    original = rows.get(row.ecode)
    report.count("duplicates_dropped")
    if original is None:
        report.add(
            "duplicates_dropped",
            f"row {row.row_number}: {row.ecode} {row.name} in the class breakdown "
            "table has no authority row above it; skipped as a class total",
        )
        return
    differences = [
        f"{s} {m}: {original.values.get((s, m))} vs {v}"
        for (s, m), v in row.values.items()
        if original.values.get((s, m)) != v
    ]
    report.add(
        "duplicates_dropped",
        f"row {row.row_number}: {row.ecode} {row.name} repeated in the class breakdown table; kept row "
        f"{original.row_number}"
        + (f" (class-total figures differ by rounding: {'; '.join(differences)})" if differences else ""),
    )


def _check_sums(parsed_rows: list[OutturnRow], report: Report, service_codes: list[str]) -> None:
    """Report (never fix) rows whose measures do not add up as the RO form says they should."""
    for row in parsed_rows:
        for service in service_codes:
            v = {c: row.values.get((service, MEASURES[c])) for c in MEASURES}
            if v[7] is None or v[3] is None or v[6] is None or v[7] == v[3] - v[6]:
                continue
            if abs(v[7] - (v[3] - v[6])) <= 1:
                # Published figures are rounded to £1k separately, so ±1 is rounding, not an error.
                report.count("rounding_differences_of_1k")
            else:
                report.count("rows_not_adding_up")
                report.add(
                    "c7_not_equal_c3_minus_c6",
                    f"row {row.row_number} {row.ecode} {row.name}, line {service}: C7 {v[7]} but C3 - C6 = {v[3] - v[6]} "
                    "(stored as published)",
                )


# ---------------------------------------------------------------------------------------------
# RSX CSV (2021-22 onwards)


def parse_rsx_csv(source: SourceFile, expected_year: int | None = None) -> ParsedOutturn:
    report = Report(title=f"Revenue outturn (RSX) {source.name}")
    rows = read_csv_rows(decode_csv_text(source, report), source.name)
    title_cells = [r[0] for r in rows[:12] if r]
    year = check_expected_year(
        find_year_in_text(" ".join(title_cells[:3])) or find_year_in_text(source.name),
        expected_year,
        source.name,
        "no year like 2022-23 in the title row or the file name",
    )
    title_year = find_year_in_text(title_cells[0] if title_cells else "")
    name_year = find_year_in_text(source.name)
    if title_year and name_year and title_year != name_year:
        raise OfficialDataError(
            f"{source.name}: the title says {title_year}-{(title_year + 1) % 100:02d} but the file name says "
            f"{name_year}-{(name_year + 1) % 100:02d}. Check the file; nothing was imported."
        )

    ref_index = next(
        (i for i, r in enumerate(rows[:30]) if sum(1 for c in r if RSX_REF_RE.match(c.strip())) >= 7), None
    )
    if ref_index is None:
        raise OfficialDataError(
            f"{source.name}: cannot find the reference row of cell codes (C1R190, C2R190 …) near the top. "
            "Is this the RSX sheet exported as CSV?"
        )
    header_index = next((i for i, r in enumerate(rows[:40]) if r and r[0].strip().lower() == "e-code"), None)
    if header_index is None:
        raise OfficialDataError(f"{source.name}: cannot find the header row starting with 'E-code'.")
    header = [h.strip().lower() for h in rows[header_index]]

    def column(name: str, required: bool = True) -> int | None:
        for i, h in enumerate(header):
            if h == name:
                return i
        if required:
            raise OfficialDataError(f"{source.name}: the header row has no {name!r} column.")
        return None

    col_ecode, col_ons, col_name = column("e-code"), column("ons code"), column("local authority")
    col_class = column("class")
    col_detailed, col_notes = column("detailed class", False), column("notes", False)
    col_certified = column("certified", False)

    value_columns: dict[int, tuple[str, str]] = {}
    for i, cell in enumerate(rows[ref_index]):
        match = RSX_REF_RE.match(cell.strip())
        if not match:
            continue
        col_no, line = int(match.group(1)), match.group(2)
        if line not in RSX_SERVICE_CODES or col_no not in MEASURES:
            report.count("unknown_codes")
            report.add("unknown_codes", f"column {cell_ref(ref_index, i)}: cell code {cell.strip()} is not an RSX line")
            continue
        if (line, MEASURES[col_no]) in value_columns.values():
            raise OfficialDataError(f"{source.name}: cell code {cell.strip()} appears in two columns.")
        value_columns[i] = (line, MEASURES[col_no])
    expected = {(s, m) for s in RSX_SERVICE_CODES for m in MEASURES.values()}
    missing = expected - set(value_columns.values())
    if missing:
        names = sorted(f"C{[k for k, v in MEASURES.items() if v == m][0]}R{s}" for s, m in missing)
        raise OfficialDataError(
            f"{source.name}: {len(missing)} expected columns are missing ({', '.join(names[:8])}"
            f"{' …' if len(names) > 8 else ''}). Nothing was imported."
        )

    parsed: dict[str, OutturnRow] = {}
    width = max(value_columns) + 1
    in_breakdown = False  # below ENGLAND / a second header: class totals, not authority returns
    for r_index in range(header_index + 1, len(rows)):
        raw = rows[r_index]
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        where = f"{source.name} row {r_index + 1}"
        kind = _classify_row(raw[col_ecode], raw[col_name], where)
        if kind == "blank":
            if any(raw[i].strip() for i in value_columns):
                report.count("unlabelled_rows_skipped")
                report.add("unlabelled_rows_skipped", f"row {r_index + 1}: figures with no code or name (check sums)")
            continue
        if kind == "header":
            in_breakdown = True
            report.add("further_tables", f"row {r_index + 1}: a second table starts (class breakdown)")
            continue
        if kind in ("totals", "unlabelled"):
            in_breakdown = in_breakdown or raw[col_name].strip().lower() == "england"
            report.count("totals_rows_skipped")
            report.add("totals_rows_skipped", f"row {r_index + 1}: {raw[col_ecode].strip()} {raw[col_name].strip()}")
            continue
        row = OutturnRow(
            row_number=r_index + 1,
            ecode=raw[col_ecode].strip(),
            gss_code=check_text_cell(raw[col_ons], where),
            name=check_text_cell(raw[col_name], where),
            ro_class=check_text_cell(raw[col_class], where),
            detailed_class=check_text_cell(raw[col_detailed], where) if col_detailed is not None else "",
            notes=check_text_cell(raw[col_notes], where) if col_notes is not None else "",
        )
        _check_gss(row, report, where)
        if not row.name:
            raise OfficialDataError(f"{where}: the authority name is empty.")
        markers = set()
        for i, key in value_columns.items():
            text = raw[i].strip()
            number = parse_number_text(text)
            if number is not None:
                row.values[key] = number
            elif text in NOT_SUBMITTED_MARKERS:
                row.values[key] = None
                markers.add(text)
            elif text == "":
                raise _empty_cell(where, r_index, i, row.name, key[0])
            else:
                check_text_cell(text, f"{where}, cell {cell_ref(r_index, i)}")
                raise OfficialDataError(
                    f"{where}, cell {cell_ref(r_index, i)} ({row.name}, line {key[0]} {key[1].replace('_', ' ')}): "
                    f"{text[:40]!r} is not a number. Nothing was imported."
                )
        if markers and all(v is None for v in row.values.values()):
            row.not_submitted_marker = sorted(markers)[0]
        elif markers:
            report.add(
                "partial_markers", f"row {r_index + 1} {row.name}: some cells marked {', '.join(sorted(markers))}"
            )
        if col_certified is not None:
            certified = raw[col_certified].strip().upper()
            row.certified = {"Y": True, "N": False}.get(certified)
            if certified in NOT_SUBMITTED_MARKERS or certified == "[X]":
                row.not_submitted_marker = row.not_submitted_marker or raw[col_certified].strip()
        if in_breakdown:
            _breakdown_row(parsed, row, report)
            continue
        _add_row(parsed, row, report, source.name)

    if not parsed:
        raise OfficialDataError(f"{source.name}: no authority rows found below the header.")
    result = ParsedOutturn(
        year=year,
        file_format="RSX",
        rows=list(parsed.values()),
        report=report,
        measures=list(MEASURES.values()),
        service_codes=RSX_SERVICE_CODES,
        publisher_last_updated=find_last_updated(title_cells),
        title=title_cells[0] if title_cells else "",
    )
    _finish_report(result)
    _check_sums(result.rows, report, RSX_SERVICE_CODES)
    return result


def _finish_report(parsed: ParsedOutturn) -> None:
    report = parsed.report
    report.counts = {"authority_rows": len(parsed.rows), **report.counts}
    not_submitted = [r for r in parsed.rows if not r.submitted]
    report.count("authorities_submitted", len(parsed.rows) - len(not_submitted))
    report.count("authorities_not_submitted", len(not_submitted))
    # Always print the traps the user should look for, even when there are none.
    for key in ("duplicates_dropped", "totals_rows_skipped", "unknown_codes", "rows_not_adding_up"):
        report.counts.setdefault(key, 0)
    for row in not_submitted:
        report.add("not_submitted", f"{row.ecode} {row.name} ({row.not_submitted_marker})")


# ---------------------------------------------------------------------------------------------
# RS workbooks (.xls 2010-11 to 2013-14, .xlsx 2017-18): net current expenditure only


SHEET_RE = re.compile(r"^RS LA Data (\d{4})-(\d{2})(?: \(1\))?$")


def _workbook_sheet(source: SourceFile) -> tuple[str, list[list]]:
    """Return (sheet name, rows of values) for the 'RS LA Data YYYY-YY' sheet, reading it once."""
    data = source.data
    try:
        if data[:4] == b"PK\x03\x04":
            import warnings

            import openpyxl

            with warnings.catch_warnings():
                # Published workbooks carry print areas openpyxl cannot map; harmless for reading.
                warnings.simplefilter("ignore", UserWarning)
                workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            names = workbook.sheetnames
            name = next((n for n in names if SHEET_RE.match(n.strip())), None)
            if name is None:
                raise OfficialDataError(_no_sheet_message(source.name, names))
            sheet = workbook[name]
            # The service block is in the first ~20 columns; reading only those is much faster.
            rows = [list(r) for r in sheet.iter_rows(values_only=True, max_col=40)]
            workbook.close()
            return name, rows
        import xlrd

        workbook = xlrd.open_workbook(file_contents=data, on_demand=True)
        names = workbook.sheet_names()
        name = next((n for n in names if SHEET_RE.match(n.strip())), None)
        if name is None:
            raise OfficialDataError(_no_sheet_message(source.name, names))
        sheet = workbook.sheet_by_name(name)
        return name, [sheet.row_values(i) for i in range(sheet.nrows)]
    except OfficialDataError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure means an unreadable workbook
        raise OfficialDataError(
            f"{source.name}: the workbook cannot be read ({type(exc).__name__}: {str(exc)[:120]}). It may be "
            "truncated or damaged; download it again. Nothing was imported."
        )


def _no_sheet_message(name: str, sheets: list[str]) -> str:
    return (
        f"{name}: no sheet named like 'RS LA Data 2013-14 (1)'. The workbook has: {', '.join(sheets[:10])}. "
        "Nothing was imported."
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_rs_workbook(source: SourceFile, expected_year: int | None = None) -> ParsedOutturn:
    report = Report(title=f"Revenue outturn summary (RS) {source.name}")
    sheet_name, rows = _workbook_sheet(source)
    match = SHEET_RE.match(sheet_name.strip())
    sheet_year = int(match.group(1))
    if (sheet_year + 1) % 100 != int(match.group(2)):
        raise OfficialDataError(f"{source.name}: the sheet name {sheet_name!r} is not a valid financial year.")
    title = _text(rows[0][0]) if rows and rows[0] else ""
    title_year = find_year_in_text(title)
    if title_year is not None and title_year != sheet_year:
        raise OfficialDataError(
            f"{source.name}: the sheet is named for {sheet_year} but its title says {title}. Nothing was imported."
        )
    year = check_expected_year(sheet_year, expected_year, source.name, "sheet name")

    header_index = next((i for i, r in enumerate(rows[:30]) if r and _text(r[0]).lower() == "e-code"), None)
    if header_index is None:
        raise OfficialDataError(f"{source.name}: cannot find the header row starting with 'E-code' on {sheet_name}.")
    header = [_text(h).lower() for h in rows[header_index]]
    col_name = next((i for i, h in enumerate(header) if h == "local authority"), None)
    col_class = next((i for i, h in enumerate(header) if h == "class"), None)
    col_ons = next((i for i, h in enumerate(header) if h == "ons code"), None)
    if col_name is None or col_class is None:
        raise OfficialDataError(f"{source.name}: the header row needs 'Local authority' and 'Class' columns.")

    # Prefer published line numbers (2017-18 has a row of them above the header); else headings.
    value_columns: dict[int, str] = {}
    for r in rows[max(0, header_index - 4) : header_index]:
        candidates = {i: _text(v) for i, v in enumerate(r) if _text(v) in SERVICE_CODES}
        if len(candidates) >= 10:
            for i, code in candidates.items():
                if code not in value_columns.values():
                    value_columns[i] = code
            break
    if not value_columns:
        for i, h in enumerate(header):
            if h.startswith("total service expenditure"):
                value_columns[i] = "699"
                break
            code = RS_HEADINGS.get(h)
            if code and code not in value_columns.values():
                value_columns[i] = code
    if "699" not in value_columns.values() or len(value_columns) < 12:
        raise OfficialDataError(
            f"{source.name}: cannot find the service expenditure columns (education … total service expenditure) "
            f"on {sheet_name}. Nothing was imported."
        )
    services = list(value_columns.values())
    if "330+360" in services and ("330" in services or "360" in services):
        raise OfficialDataError(f"{source.name}: has both combined and separate social care columns.")

    parsed: dict[str, OutturnRow] = {}
    for r_index in range(header_index + 1, len(rows)):
        raw = list(rows[r_index]) + [None] * max(0, max(value_columns) + 1 - len(rows[r_index]))
        where = f"{source.name} {sheet_name} row {r_index + 1}"
        ecode, name = _text(raw[0]), _text(raw[col_name])
        if ecode.lower().startswith(("source", "notes", "produced on")):
            break  # the footnotes below the table
        kind = _classify_row(ecode, name, where)
        if kind == "blank":
            continue
        if kind in ("totals", "unlabelled", "header"):
            report.count("totals_rows_skipped")
            report.add("totals_rows_skipped", f"row {r_index + 1}: {name}")
            continue
        row = OutturnRow(
            row_number=r_index + 1,
            ecode=ecode,
            name=check_text_cell(name, where),
            gss_code=check_text_cell(_text(raw[col_ons]), where) if col_ons is not None else "",
            ro_class=check_text_cell(_text(raw[col_class]), where),
        )
        _check_gss(row, report, where)
        markers = set()
        for i, code in value_columns.items():
            value = raw[i]
            key = (code, "net_current_expenditure")
            number = decimal_from_cell(value)
            if number is not None:
                row.values[key] = number
                continue
            text = _text(value)
            if text in NOT_SUBMITTED_MARKERS or text == "…":
                row.values[key] = None
                markers.add(text)
            elif text == "":
                raise _empty_cell(where, r_index, i, row.name, code)
            else:
                parsed_text = parse_number_text(text)
                if parsed_text is not None:
                    row.values[key] = parsed_text
                    continue
                check_text_cell(text, f"{where}, cell {cell_ref(r_index, i)}")
                raise OfficialDataError(
                    f"{where}, cell {cell_ref(r_index, i)} ({row.name}, line {code}): {text[:40]!r} is not a number. "
                    "Nothing was imported."
                )
        if markers and all(v is None for v in row.values.values()):
            row.not_submitted_marker = sorted(markers)[0]
        _add_row(parsed, row, report, source.name)

    if not parsed:
        raise OfficialDataError(f"{source.name}: no authority rows found below the header.")
    result = ParsedOutturn(
        year=year,
        file_format="RS",
        rows=list(parsed.values()),
        report=report,
        measures=["net_current_expenditure"],
        service_codes=services,
        publisher_last_updated=find_last_updated([title]) or date_in_file_name(source.name),
        title=title,
    )
    if result.publisher_last_updated and not find_last_updated([title]):
        report.note(f"publisher date {result.publisher_last_updated:%d %B %Y} taken from the file name")
    _finish_report(result)
    return result
