"""Parse MHCLG revenue account budget (RA) CSV exports: about 200 detailed lines per authority."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .base import (
    ECODE_RE,
    NOT_SUBMITTED_MARKERS,
    OfficialDataError,
    Report,
    SourceFile,
    cell_ref,
    check_expected_year,
    check_text_cell,
    decode_csv_text,
    find_last_updated,
    find_year_in_text,
    parse_number_text,
    read_csv_rows,
)
from .outturn import TOTALS_NAMES

LINE_CODE_RE = re.compile(r"^\d{3,4}[a-z]?$")
# Published words standing in for numbers, stored as the cell's marker (value NULL).
KNOWN_MARKERS = NOT_SUBMITTED_MARKERS | {"Category discontinued", "-", "n/a", "[c]", "[z]"}


@dataclass
class BudgetLineSpec:
    code: str
    name: str
    section: str
    asset_id: str
    column: int


@dataclass
class BudgetRow:
    row_number: int
    ecode: str
    gss_code: str
    name: str
    ro_class: str
    notes: str
    values: dict[str, Decimal | None] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedBudget:
    year: int
    lines: list[BudgetLineSpec]
    rows: list[BudgetRow]
    report: Report
    publisher_last_updated: date | None
    title: str


def parse_ra_csv(source: SourceFile, expected_year: int | None = None) -> ParsedBudget:
    report = Report(title=f"Revenue account budget (RA) {source.name}")
    rows = read_csv_rows(decode_csv_text(source, report), source.name)
    title = rows[0][0].strip() if rows and rows[0] else ""
    top_text = " ".join(r[0] for r in rows[:8] if r)
    if "revenue account" not in top_text.lower() and "(ra)" not in top_text.lower():
        raise OfficialDataError(f"{source.name}: this does not look like an RA (revenue account budget) file.")
    year = check_expected_year(
        find_year_in_text(title) or find_year_in_text(source.name),
        expected_year,
        source.name,
        "no year like 2023-24 in the title row or file name",
    )
    name_year = find_year_in_text(source.name)
    if find_year_in_text(title) and name_year and find_year_in_text(title) != name_year:
        raise OfficialDataError(f"{source.name}: the title and the file name name different years.")

    header_index = next((i for i, r in enumerate(rows[:30]) if r and r[0].strip().lower() == "e-code"), None)
    if header_index is None:
        raise OfficialDataError(f"{source.name}: cannot find the header row starting with 'E-code'.")
    header = [h.strip() for h in rows[header_index]]
    lower = [h.lower() for h in header]
    for needed in ("ons code", "local authority", "class"):
        if needed not in lower:
            raise OfficialDataError(f"{source.name}: the header row has no {needed!r} column.")
    col_ons, col_name, col_class = lower.index("ons code"), lower.index("local authority"), lower.index("class")
    col_notes = lower.index("notes") if "notes" in lower else None

    # The line-number row is the row above the header with the most 3-digit codes.
    above = rows[max(0, header_index - 6) : header_index]
    line_row = max(above, key=lambda r: sum(1 for c in r if LINE_CODE_RE.match(c.strip())), default=[])
    line_row_count = sum(1 for c in line_row if LINE_CODE_RE.match(c.strip()))
    if line_row_count < 20:
        raise OfficialDataError(
            f"{source.name}: cannot find the row of RA line numbers (110, 120 … 990) above the header."
        )
    asset_row = next((r for r in above if any(c.strip() == "eduerl" for c in r)), None)
    section_row = next((r for r in above if any("education services" == c.strip().lower() for c in r)), None)

    # RA forms have several columns for a few lines (reserves at 1 April = column 2, at 31 March =
    # column 3): a row of form column numbers sits above the header. Lines outside column 1 get the
    # column in their code ("1011c2"), so nothing is dropped and codes stay traceable to the form.
    line_cols = [i for i, c in enumerate(line_row) if LINE_CODE_RE.match(c.strip())]
    form_col_row = next(
        (
            r
            for r in above
            if r is not line_row
            and sum(1 for i in line_cols if i < len(r) and re.fullmatch(r"\d", r[i].strip())) > len(line_cols) * 0.9
        ),
        None,
    )

    lines: list[BudgetLineSpec] = []
    seen: dict[str, int] = {}
    section = ""
    first_value_col = None
    for i, cell in enumerate(line_row):
        code = cell.strip()
        if section_row is not None and i < len(section_row) and section_row[i].strip():
            section = section_row[i].strip()
        if not LINE_CODE_RE.match(code) or i <= col_class:
            continue
        first_value_col = first_value_col if first_value_col is not None else i
        form_col = form_col_row[i].strip() if form_col_row is not None and i < len(form_col_row) else "1"
        if form_col not in ("", "1"):
            code = f"{code}c{form_col}"
        if code in seen:
            report.count("duplicate_line_columns_dropped")
            report.add(
                "duplicate_line_columns",
                f"line {code} appears in columns {cell_ref(0, seen[code])} and {cell_ref(0, i)}; the first is kept",
            )
            continue
        seen[code] = i
        name = header[i] if i < len(header) else ""
        lines.append(
            BudgetLineSpec(
                code=code,
                name=check_text_cell(name, f"{source.name} header") or f"Line {code}",
                section=section,
                asset_id=asset_row[i].strip() if asset_row is not None and i < len(asset_row) else "",
                column=i,
            )
        )

    parsed: dict[str, BudgetRow] = {}
    stray: dict[str, int] = {}
    width = max(spec.column for spec in lines) + 1
    for r_index in range(header_index + 1, len(rows)):
        raw = rows[r_index] + [""] * max(0, width - len(rows[r_index]))
        ecode, name = raw[0].strip(), raw[col_name].strip()
        where = f"{source.name} row {r_index + 1}"
        if not ECODE_RE.match(ecode):
            if not ecode and not name:
                continue
            if name.lower() in TOTALS_NAMES or ecode.lower() in ("eng", "[y]"):
                report.count("totals_rows_skipped")
                report.add("totals_rows_skipped", f"row {r_index + 1}: {name or ecode}")
                continue
            if re.match(r"^E\d", ecode):
                raise OfficialDataError(f"{where}: {ecode!r} is not an MHCLG E-code like E0101.")
            check_text_cell(ecode, where)
            report.count("footnote_rows_ignored")
            continue
        if ecode in parsed:
            raise OfficialDataError(
                f"{where}: {ecode} ({name}) appears twice (also row {parsed[ecode].row_number}). Nothing was imported."
            )
        row = BudgetRow(
            row_number=r_index + 1,
            ecode=ecode,
            gss_code=check_text_cell(raw[col_ons], where),
            name=check_text_cell(name, where),
            ro_class=check_text_cell(raw[col_class], where),
            notes=check_text_cell(raw[col_notes], where) if col_notes is not None else "",
        )
        for spec in lines:
            text = raw[spec.column].strip()
            number = parse_number_text(text)
            if number is not None:
                row.values[spec.code] = number
                continue
            row.values[spec.code] = None
            if text == "":
                report.count("blank_cells")
                continue
            check_text_cell(text, f"{where}, cell {cell_ref(r_index, spec.column)}")
            if len(text) > 40:
                raise OfficialDataError(
                    f"{where}, cell {cell_ref(r_index, spec.column)}: {text[:40]!r}… is not a number. Nothing was imported."
                )
            row.markers[spec.code] = text
            if text not in KNOWN_MARKERS:
                stray[text] = stray.get(text, 0) + 1
                report.add(
                    "stray_text_cells",
                    f"row {r_index + 1} {name}, line {spec.code}: {text!r} stored as a note, value left empty",
                )
        parsed[ecode] = row
    if not parsed:
        raise OfficialDataError(f"{source.name}: no authority rows found below the header.")
    report.counts = {"lines": len(lines), "authority_rows": len(parsed), **report.counts}
    marker_counts: dict[str, int] = {}
    for row in parsed.values():
        for text in row.markers.values():
            marker_counts[text] = marker_counts.get(text, 0) + 1
    for text, n in sorted(marker_counts.items()):
        report.add("cells_without_numbers", f"{text!r}: {n} cells")
    return ParsedBudget(
        year=year,
        lines=lines,
        rows=list(parsed.values()),
        report=report,
        publisher_last_updated=find_last_updated(r[0] for r in rows[:10] if r),
        title=title,
    )
