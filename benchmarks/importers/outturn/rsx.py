"""RSX CSV exports (2021-22 onwards): title rows, a row of cell codes (C1R190 …), then one row per body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmarks import ro

from ..base import (
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
from .common import (
    MEASURES,
    OutturnRow,
    ParsedOutturn,
    add_row,
    breakdown_row,
    check_gss,
    check_sums,
    classify_row,
    empty_cell,
    finish_report,
)

RSX_REF_RE = re.compile(r"^C(\d)R(\d{3})$")


@dataclass
class RsxLayout:
    header_index: int
    ecode: int
    ons: int
    name: int
    ro_class: int
    detailed: int | None
    notes: int | None
    certified: int | None
    values: dict[int, tuple[str, str]]  # column -> (service key, measure)


def rsx_services(year: int) -> list[str]:
    return [key for key in ro.RSX_SERVICE_KEYS if ro.SERVICE_BY_KEY[key].applies_to(year)]


def parse_rsx_csv(source: SourceFile, expected_year: int | None = None) -> ParsedOutturn:
    report = Report(title=f"Revenue outturn (RSX) {source.name}")
    rows = read_csv_rows(decode_csv_text(source, report), source.name)
    title_cells = [r[0] for r in rows[:12] if r]
    year = _rsx_year(source, title_cells, expected_year)
    layout = _rsx_layout(source, rows, year, report)
    parsed = _rsx_rows(source, rows, layout, report)
    services = rsx_services(year)
    result = ParsedOutturn(
        year=year,
        file_format="RSX",
        rows=list(parsed.values()),
        report=report,
        measures=list(MEASURES.values()),
        service_codes=services,
        publisher_last_updated=find_last_updated(title_cells),
        title=title_cells[0] if title_cells else "",
    )
    finish_report(result)
    check_sums(result.rows, report, services)
    return result


def _rsx_year(source: SourceFile, title_cells: list[str], expected_year: int | None) -> int:
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
    return year


def _rsx_layout(source: SourceFile, rows: list[list[str]], year: int, report: Report) -> RsxLayout:
    """Find the header row and every code and value column by their labels and cell codes."""
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
        if name in header:
            return header.index(name)
        if required:
            raise OfficialDataError(f"{source.name}: the header row has no {name!r} column.")
        return None

    return RsxLayout(
        header_index=header_index,
        ecode=column("e-code"),
        ons=column("ons code"),
        name=column("local authority"),
        ro_class=column("class"),
        detailed=column("detailed class", False),
        notes=column("notes", False),
        certified=column("certified", False),
        values=_rsx_value_columns(source, rows[ref_index], ref_index, year, report),
    )


def _rsx_value_columns(source: SourceFile, ref_row: list[str], ref_index: int, year: int, report: Report) -> dict:
    value_columns: dict[int, tuple[str, str]] = {}
    for i, cell in enumerate(ref_row):
        match = RSX_REF_RE.match(cell.strip())
        if not match:
            continue
        col_no, line = int(match.group(1)), match.group(2)
        service = ro.service_for(year, line=line)
        if service is None or col_no not in MEASURES:
            report.count("unknown_codes")
            report.add("unknown_codes", f"column {cell_ref(ref_index, i)}: cell code {cell.strip()} is not an RSX line")
            continue
        if (service, MEASURES[col_no]) in value_columns.values():
            raise OfficialDataError(f"{source.name}: cell code {cell.strip()} appears in two columns.")
        value_columns[i] = (service, MEASURES[col_no])
    expected = {(s, m) for s in rsx_services(year) for m in MEASURES.values()}
    missing = expected - set(value_columns.values())
    if missing:
        column_of = {m: c for c, m in MEASURES.items()}
        names = sorted(f"C{column_of[m]}R{ro.published_line_for(year, s)}" for s, m in missing)
        raise OfficialDataError(
            f"{source.name}: {len(missing)} expected columns are missing ({', '.join(names[:8])}"
            f"{' …' if len(names) > 8 else ''}). Nothing was imported."
        )
    return value_columns


def _rsx_rows(source: SourceFile, rows: list[list[str]], layout: RsxLayout, report: Report) -> dict[str, OutturnRow]:
    parsed: dict[str, OutturnRow] = {}
    width = max(layout.values) + 1
    in_breakdown = False  # below ENGLAND / a second header: class totals, not authority returns
    for r_index in range(layout.header_index + 1, len(rows)):
        raw = rows[r_index]
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        where = f"{source.name} row {r_index + 1}"
        kind = classify_row(raw[layout.ecode], raw[layout.name], where)
        if kind != "authority":
            in_breakdown = _skip_row(kind, raw, r_index, layout, report) or in_breakdown
            continue
        row = _rsx_row(raw, r_index, layout, where, report)
        if in_breakdown:
            breakdown_row(parsed, row, report)
            continue
        add_row(parsed, row, report, source.name)
    if not parsed:
        raise OfficialDataError(f"{source.name}: no authority rows found below the header.")
    return parsed


def _skip_row(kind: str, raw: list[str], r_index: int, layout: RsxLayout, report: Report) -> bool:
    """Report a row that is not a body's return; True when the class-breakdown table starts here."""
    if kind == "blank":
        if any(raw[i].strip() for i in layout.values):
            report.count("unlabelled_rows_skipped")
            report.add("unlabelled_rows_skipped", f"row {r_index + 1}: figures with no code or name (check sums)")
        return False
    if kind == "header":
        report.add("further_tables", f"row {r_index + 1}: a second table starts (class breakdown)")
        return True
    if kind == "note":
        return False
    report.count("totals_rows_skipped")
    report.add("totals_rows_skipped", f"row {r_index + 1}: {raw[layout.ecode].strip()} {raw[layout.name].strip()}")
    return raw[layout.name].strip().lower() == "england"


def _optional_text(raw: list[str], column: int | None, where: str) -> str:
    return check_text_cell(raw[column], where) if column is not None else ""


def _rsx_row(raw: list[str], r_index: int, layout: RsxLayout, where: str, report: Report) -> OutturnRow:
    row = OutturnRow(
        row_number=r_index + 1,
        ecode=raw[layout.ecode].strip(),
        gss_code=check_text_cell(raw[layout.ons], where),
        name=check_text_cell(raw[layout.name], where),
        ro_class=check_text_cell(raw[layout.ro_class], where),
        detailed_class=_optional_text(raw, layout.detailed, where),
        notes=_optional_text(raw, layout.notes, where),
    )
    check_gss(row, report, where)
    if not row.name:
        raise OfficialDataError(f"{where}: the authority name is empty.")
    markers = set()
    for i, key in layout.values.items():
        text = raw[i].strip()
        number = parse_number_text(text)
        if number is not None:
            row.values[key] = number
        elif text in NOT_SUBMITTED_MARKERS:
            row.values[key] = None
            markers.add(text)
        elif text == "":
            raise empty_cell(where, r_index, i, row.name, key[0])
        else:
            check_text_cell(text, f"{where}, cell {cell_ref(r_index, i)}")
            raise OfficialDataError(
                f"{where}, cell {cell_ref(r_index, i)} ({row.name}, line {key[0]} {key[1].replace('_', ' ')}): "
                f"{text[:40]!r} is not a number. Nothing was imported."
            )
    if markers and all(v is None for v in row.values.values()):
        row.not_submitted_marker = sorted(markers)[0]
    elif markers:
        report.add("partial_markers", f"row {r_index + 1} {row.name}: some cells marked {', '.join(sorted(markers))}")
    if layout.certified is not None:
        certified = raw[layout.certified].strip().upper()
        row.certified = {"Y": True, "N": False}.get(certified)
        if certified in NOT_SUBMITTED_MARKERS or certified == "[X]":
            row.not_submitted_marker = row.not_submitted_marker or raw[layout.certified].strip()
    return row
