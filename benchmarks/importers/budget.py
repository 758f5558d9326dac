"""Parse MHCLG revenue account budget (RA) files: about 200 detailed lines per authority.

RA data come as CSV exports (2021-22 on) and as workbooks (.xls, .xlsx, .ods) with one or several
data sheets. Every layout goes through the same steps: find the data sheet(s) and their header row
(the row with 'E-code' and 'Local authority'), map the identity columns by their labels, identify
each line column by the row of form line numbers above the header (or, in years that print no line
numbers, by the line's label: see `ra_lines`), parse the authority rows, and combine a workbook's
sheets into one row per authority. Nothing depends on column positions.
"""

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
    decimal_from_cell,
    decode_csv_text,
    find_last_updated,
    find_year_in_text,
    parse_number_text,
    read_csv_rows,
)
from .outturn import TOTALS_NAMES
from .ra_lines import code_for_label
from .sheets import cell_text, read_workbook, workbook_format

LINE_CODE_RE = re.compile(r"^\d{3,4}[a-z]?$")
# Published words standing in for numbers, stored as the cell's marker (value NULL).
KNOWN_MARKERS = NOT_SUBMITTED_MARKERS | {"Category discontinued", "-", "n/a", "[c]", "[z]", "…"}
# Rows above the header that may hold line numbers, form columns, asset ids and section names.
ROWS_ABOVE_HEADER = 8
MIN_LINES = 20
# Identity columns, found by their header label (lower case, as published in any year so far).
ID_LABELS = {
    "e-code": "ecode",
    "ecode": "ecode",
    "ons code": "ons",
    "local authority": "name",
    "region": "region",
    "class": "class",
    "notes": "notes",
}
REQUIRED_ID_COLUMNS = {"ecode": "e-code", "name": "local authority", "class": "class"}
# Other identity-like columns that carry no figures and need no handling.
IGNORED_ID_LABELS = {"subclass", "detailed class", "certified"}


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
    region: str = ""  # as published (e.g. "EM" or "East Midlands"); "" when the file has no Region column


@dataclass
class ParsedBudget:
    year: int
    lines: list[BudgetLineSpec]
    rows: list[BudgetRow]
    report: Report
    publisher_last_updated: date | None
    title: str


@dataclass
class _SheetPart:
    """One data sheet (or the CSV) once parsed: its lines and its authority rows by E-code."""

    sheet: str
    lines: list[BudgetLineSpec]
    rows: dict[str, BudgetRow]


# ---------------------------------------------------------------------------------------------
# Entry points


def parse_ra_file(source: SourceFile, expected_year: int | None = None) -> ParsedBudget:
    """Any RA file: a workbook (told apart by content, not by name) or a CSV export."""
    if workbook_format(source.data) is None:
        return parse_ra_csv(source, expected_year)
    return parse_ra_workbook(source, expected_year)


def parse_ra_csv(source: SourceFile, expected_year: int | None = None) -> ParsedBudget:
    report = Report(title=f"Revenue account budget (RA) {source.name}")
    rows = read_csv_rows(decode_csv_text(source, report), source.name)
    return _parse_grids(source, [("", rows)], report, expected_year)


def parse_ra_workbook(source: SourceFile, expected_year: int | None = None) -> ParsedBudget:
    report = Report(title=f"Revenue account budget (RA) {source.name}")
    book = read_workbook(source)
    grids = [(name, book.rows(name)) for name in book.sheet_names]
    data = [(name, rows) for name, rows in grids if _find_header(rows) is not None]
    if not data:
        raise OfficialDataError(
            f"{source.name}: no sheet has a header row with 'E-code' and 'Local authority' columns "
            f"(sheets: {', '.join(book.sheet_names) or 'none'}). Nothing was imported."
        )
    report.note(f"{book.format} workbook; data sheets: {', '.join(name for name, _ in data)}")
    return _parse_grids(source, data, report, expected_year)


def _parse_grids(source: SourceFile, grids, report: Report, expected_year: int | None) -> ParsedBudget:
    title, year = _title_and_year(source, grids[0][1], expected_year)
    parts = []
    for sheet, rows in grids:
        where = f"{source.name}{f' sheet {sheet!r}' if sheet else ''}"
        header_index = _find_header(rows)
        if header_index is None:
            raise OfficialDataError(f"{where}: cannot find the header row starting with 'E-code'.")
        header = [cell_text(c) for c in rows[header_index]]
        cols = _map_columns(header, where)
        lines = _line_specs(rows, header_index, header, cols, where, report)
        parts.append(_SheetPart(sheet, lines, _parse_rows(rows, header_index, cols, lines, where, report)))
    lines, parsed = _combine_sheets(parts, source.name, report)
    if not parsed:
        raise OfficialDataError(f"{source.name}: no authority rows found below the header.")
    _summarise(report, lines, parsed)
    return ParsedBudget(
        year=year,
        lines=lines,
        rows=parsed,
        report=report,
        publisher_last_updated=find_last_updated(cell_text(r[0]) for r in grids[0][1][:10] if r),
        title=title,
    )


def _title_and_year(source: SourceFile, rows: list[list], expected_year: int | None) -> tuple[str, int]:
    top = [" ".join(cell_text(c) for c in r if cell_text(c)) for r in rows[:8]]
    title = next((t for t in top if t), "")
    top_text = " ".join(top).lower()
    if "revenue account" not in top_text and "(ra)" not in top_text:
        raise OfficialDataError(f"{source.name}: this does not look like an RA (revenue account budget) file.")
    title_year, name_year = find_year_in_text(title), find_year_in_text(source.name)
    year = check_expected_year(
        title_year or name_year, expected_year, source.name, "no year like 2023-24 in the title row or file name"
    )
    if title_year and name_year and title_year != name_year:
        raise OfficialDataError(f"{source.name}: the title and the file name name different years.")
    return title, year


# ---------------------------------------------------------------------------------------------
# Header and columns


def _find_header(rows: list[list]) -> int | None:
    """The row with an 'E-code' cell and a 'Local authority' cell, near the top of the sheet."""
    for index, row in enumerate(rows[:40]):
        cells = {cell_text(c).lower() for c in row}
        if ("e-code" in cells or "ecode" in cells) and "local authority" in cells:
            return index
    return None


def _map_columns(header: list[str], where: str) -> dict[str, int]:
    """Identity columns by label. A code column we do not know is refused rather than guessed."""
    cols: dict[str, int] = {}
    for index, text in enumerate(header):
        label = text.strip().lower()
        key = ID_LABELS.get(label)
        if key is not None:
            cols.setdefault(key, index)
        elif label.endswith("code") and label not in IGNORED_ID_LABELS:
            raise OfficialDataError(
                f"{where}: the header row has a column {text!r} that is not a code column this importer knows "
                "('e-code' or 'ons code'). Nothing was imported."
            )
    for key, label in REQUIRED_ID_COLUMNS.items():
        if key not in cols:
            raise OfficialDataError(f"{where}: the header row has no {label!r} column.")
    return cols


def _line_specs(rows, header_index, header, cols, where, report) -> list[BudgetLineSpec]:
    above = [[cell_text(c) for c in r] for r in rows[max(0, header_index - ROWS_ABOVE_HEADER) : header_index]]
    # Line columns are the ones that are not identity columns, wherever those stand.
    skip = set(cols.values()) | {i for i, h in enumerate(header) if h.strip().lower() in IGNORED_ID_LABELS}
    section_row = next((r for r in above if any("education services" == c.lower() for c in r)), None)
    line_row = _line_code_row(above, skip)
    if line_row is not None:
        lines = _specs_from_codes(above, line_row, section_row, header, skip, where, report)
    else:
        lines = _specs_from_labels(section_row, header, skip, where, report)
    if len(lines) < MIN_LINES:
        raise OfficialDataError(
            f"{where}: cannot find the row of RA line numbers (110, 120 … 990) above the header, and only "
            f"{len(lines)} column labels are known RA lines. Nothing was imported."
        )
    return lines


def _line_code_row(above: list[list[str]], skip: set[int]) -> list[str] | None:
    """The row above the header with the most line numbers (110 … 4046); None if none has many."""

    def count(row):
        return sum(1 for i, c in enumerate(row) if i not in skip and LINE_CODE_RE.match(c))

    best = max(above, key=count, default=None)
    return best if best is not None and count(best) >= MIN_LINES else None


def _section_at(section_row, index: int, current: str) -> str:
    if section_row is None or index >= len(section_row) or not section_row[index]:
        return current
    # Older workbooks repeat the name between asterisks ("***  HIGHWAYS …  ***  HIGHWAYS …").
    parts = [p.strip() for p in section_row[index].split("***") if p.strip()]
    return parts[0] if parts else current


def _specs_from_codes(above, line_row, section_row, header, skip, where, report) -> list[BudgetLineSpec]:
    asset_row = next((r for r in above if any(c == "eduerl" for c in r)), None)
    line_cols = {i for i, c in enumerate(line_row) if i not in skip and LINE_CODE_RE.match(c)}
    # RA forms have several columns for a few lines (reserves at 1 April = column 1, at 31 March =
    # column 2): a row of form column numbers sits above the header. Lines outside column 1 get the
    # column in their code ("1011c2"), so nothing is dropped and codes stay traceable to the form.
    form_col_row = next(
        (
            r
            for r in above
            if r is not line_row
            and sum(1 for i in line_cols if i < len(r) and re.fullmatch(r"\d", r[i])) > len(line_cols) * 0.9
        ),
        None,
    )
    lines, seen, section = [], {}, ""
    for i in range(len(line_row)):
        section = _section_at(section_row, i, section)
        if i not in line_cols:
            continue
        form_col = form_col_row[i] if form_col_row is not None and i < len(form_col_row) else "1"
        code = line_row[i] if form_col in ("", "1") else f"{line_row[i]}c{form_col}"
        if code in seen:
            report.count("duplicate_line_columns_dropped")
            report.add(
                "duplicate_line_columns",
                f"{where}: line {code} appears in columns {cell_ref(0, seen[code])} and {cell_ref(0, i)}; "
                "the first is kept",
            )
            continue
        seen[code] = i
        name = header[i] if i < len(header) else ""
        asset = asset_row[i] if asset_row is not None and i < len(asset_row) else ""
        lines.append(
            BudgetLineSpec(code, check_text_cell(name, f"{where} header") or f"Line {code}", section, asset, i)
        )
    return lines


def _specs_from_labels(section_row, header, skip, where, report) -> list[BudgetLineSpec]:
    """Years that print no line numbers: each column's label names its line (see `ra_lines`)."""
    lines, seen, section, previous = [], set(), "", 0
    for i in range(len(header)):
        section = _section_at(section_row, i, section)
        label = check_text_cell(header[i], f"{where} header")
        if not label or i in skip:
            continue
        code = code_for_label(label, section, previous)
        if code is None or code in seen:
            why = "matches no known RA line" if code is None else f"names line {code} again"
            report.add("columns_not_recognised", f"{where} column {cell_ref(0, i)}: {label!r} {why}; not imported")
            continue
        seen.add(code)
        previous = int(re.match(r"\d+", code).group())
        lines.append(BudgetLineSpec(code, label, section, "", i))
    if lines:
        report.note(f"{where}: no row of line numbers; {len(lines)} lines identified by their labels")
    return lines


# ---------------------------------------------------------------------------------------------
# Authority rows


def _parse_rows(rows, header_index, cols, lines, where, report) -> dict[str, BudgetRow]:
    parsed: dict[str, BudgetRow] = {}
    width = max([spec.column for spec in lines] + list(cols.values())) + 1
    for r_index in range(header_index + 1, len(rows)):
        raw = list(rows[r_index]) + [""] * max(0, width - len(rows[r_index]))
        row = _identity(raw, cols, r_index, where, report)
        if row is None:
            continue
        if row.ecode in parsed:
            raise OfficialDataError(
                f"{where} row {r_index + 1}: {row.ecode} ({row.name}) appears twice (also row "
                f"{parsed[row.ecode].row_number}). Nothing was imported."
            )
        for spec in lines:
            _read_value(row, spec, raw[spec.column], f"{where} row {r_index + 1}", r_index, report)
        parsed[row.ecode] = row
    return parsed


def _identity(raw, cols, r_index, where, report) -> BudgetRow | None:
    """The row's authority, or None for blank, totals and footnote rows (counted in the report)."""
    ecode, name = cell_text(raw[cols["ecode"]]), cell_text(raw[cols["name"]])
    where = f"{where} row {r_index + 1}"
    if not ECODE_RE.match(ecode):
        if not ecode and not name:
            return None
        if name.lower() in TOTALS_NAMES or ecode.lower() in ("eng", "[y]"):
            report.count("totals_rows_skipped")
            report.add("totals_rows_skipped", f"{where}: {name or ecode}")
            return None
        if re.match(r"^E\d", ecode):
            raise OfficialDataError(f"{where}: {ecode!r} is not an MHCLG E-code like E0101.")
        check_text_cell(ecode, where)
        report.count("footnote_rows_ignored")
        return None

    def text(key):
        return check_text_cell(cell_text(raw[cols[key]]), where) if key in cols else ""

    return BudgetRow(
        row_number=r_index + 1,
        ecode=ecode,
        gss_code=text("ons"),
        name=check_text_cell(name, where),
        ro_class=text("class"),
        notes=text("notes"),
        region=text("region"),
    )


def _read_value(row: BudgetRow, spec: BudgetLineSpec, cell, where: str, r_index: int, report: Report) -> None:
    number = None if isinstance(cell, str) else decimal_from_cell(cell)
    text = cell_text(cell)
    if number is None:
        number = parse_number_text(text)
    row.values[spec.code] = number
    if number is not None:
        return
    if text == "":
        report.count("blank_cells")
        return
    ref = cell_ref(r_index, spec.column)
    check_text_cell(text, f"{where}, cell {ref}")
    if len(text) > 40:
        raise OfficialDataError(f"{where}, cell {ref}: {text[:40]!r}… is not a number. Nothing was imported.")
    row.markers[spec.code] = text
    if text not in KNOWN_MARKERS:
        report.add(
            "stray_text_cells",
            f"row {r_index + 1} {row.name}, line {spec.code}: {text!r} stored as a note, value left empty",
        )


# ---------------------------------------------------------------------------------------------
# Several data sheets: one set of rows per authority


def _combine_sheets(parts: list[_SheetPart], name: str, report: Report):
    """Lines of every sheet; a line in several sheets must carry the same figures in each.

    A copy that holds only zeros and blanks is an unfilled column of the form (the 2015-16
    workbook repeats every line on its second sheet, filled in only for the 31 March reserves):
    it is ignored and reported. Different figures for one line are an error.
    """
    first = parts[0]
    lines = list(first.lines)
    rows = {e: r for e, r in first.rows.items()}
    owner = {spec.code: first for spec in first.lines}
    for part in parts[1:]:
        for spec in part.lines:
            if spec.code not in owner:
                owner[spec.code] = part
                lines.append(spec)
                continue
            kept = _resolve_duplicate_line(owner[spec.code], part, spec, name, report)
            owner[spec.code] = kept
        _merge_rows(rows, part, owner, report)
    return lines, list(rows.values())


def _column(part: _SheetPart, code: str) -> dict[str, tuple]:
    return {e: (r.values.get(code), r.markers.get(code, "")) for e, r in part.rows.items() if code in r.values}


def _is_empty(column: dict[str, tuple]) -> bool:
    return all((v is None or v == 0) and not m for v, m in column.values())


def _resolve_duplicate_line(held: _SheetPart, other: _SheetPart, spec, name: str, report: Report) -> _SheetPart:
    """Which sheet's copy of a line to keep; raises when both carry different figures."""
    a, b = _column(held, spec.code), _column(other, spec.code)
    pair = f"line {spec.code} ({spec.name.strip()}) in sheets {held.sheet!r} and {other.sheet!r}"
    # Authorities on one sheet only cannot disagree; compare the ones on both.
    differ = sorted(e for e in a.keys() & b.keys() if a[e] != b[e])
    if not differ:
        report.count("lines_in_several_sheets_same_figures")
        report.add("lines_in_several_sheets_same_figures", f"{pair}: same figures; the second copy dropped")
        return held
    for empty, kept in ((b, held), (a, other)):
        if _is_empty(empty):
            dropped = other if kept is held else held
            report.count("empty_line_copies_ignored")
            report.add("empty_line_copies_ignored", f"{pair}: only zeros or blanks in {dropped.sheet!r}; ignored")
            return kept
    example = f"{differ[0]}: {a[differ[0]][0]} vs {b[differ[0]][0]}"
    raise OfficialDataError(f"{name}: {pair} carries different figures ({example}). Nothing was imported.")


def _merge_rows(rows: dict[str, BudgetRow], part: _SheetPart, owner: dict, report: Report) -> None:
    for ecode, row in part.rows.items():
        target = rows.get(ecode)
        if target is None:
            # An authority only on this sheet: keep the lines this sheet supplies.
            row.values = {c: v for c, v in row.values.items() if owner.get(c) is part}
            row.markers = {c: m for c, m in row.markers.items() if owner.get(c) is part}
            rows[ecode] = row
            continue
        if row.region and target.region and row.region != target.region:
            report.add("regions_differ_between_sheets", f"{ecode} {row.name}: {target.region} vs {row.region}")
        target.region = target.region or row.region
        for code, value in row.values.items():
            if owner.get(code) is part:
                target.values[code] = value
                target.markers.pop(code, None)
                if code in row.markers:
                    target.markers[code] = row.markers[code]


def _summarise(report: Report, lines, rows) -> None:
    report.counts = {"lines": len(lines), "authority_rows": len(rows), **report.counts}
    marker_counts: dict[str, int] = {}
    for row in rows:
        for text in row.markers.values():
            marker_counts[text] = marker_counts.get(text, 0) + 1
    for text, n in sorted(marker_counts.items()):
        report.add("cells_without_numbers", f"{text!r}: {n} cells")
