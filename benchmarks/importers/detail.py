"""Parse the RO3 social care detail workbook (MHCLG revenue outturn, sub-service lines x measures).

One data sheet holds a row per authority and some 200-500 figure columns: each column is one
measure (C1 employees ... C7 net current expenditure) of one sub-service line (residential care,
home care, safeguarding ...). The publisher describes each column in rows above the header, and
the description changes between years:

- 2022-23 (.ods): hidden rows with asset ids (``RO3-cscsr-empl``), cell references (``C1R10``:
  column 1 of form row 10), ``Row_no``/``Col_no`` rows, and a label over each line's first column;
- 2012-13 (.xls): section banners (``*** Adult Social Care ***``) and a label over each line's first
  column only; the row numbers are on another sheet (the LA drop-down table), and the workbook's
  "Col refs" sheet is a left-over from another form (RS 2008-09) whose labels match nothing.

So every column is identified by what is written about it, never by where it sits: its measure
from the header text ``(Cn)`` (else the cell reference, else ``Col_no``), its line from the label
block it falls under, the line's row number from cell references (else ``Row_no``, else a table on
another sheet that pairs that label with a number). Row numbers are reused with other meanings
when the form changes, so a line is (form, row number, label), and the service it belongs to
(330 children's, 360 adults') comes from its label, its section banner or its asset id as
published. Lines that cannot be placed are reported, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from benchmarks.models import MEASURE_BY_COLUMN

from .base import (
    ECODE_RE,
    GSS_RE,
    NOT_SUBMITTED_MARKERS,
    OfficialDataError,
    Report,
    SourceFile,
    cell_ref,
    check_text_cell,
    date_in_file_name,
    decimal_from_cell,
    find_last_updated,
    find_year_in_text,
    parse_number_text,
)
from .sheets import Workbook, cell_text, read_workbook

FORM = "RO3"
CHILDREN, ADULTS, PUBLIC_HEALTH = "330", "360", "390"
HEADER_SCAN_ROWS = 60

NOTE_MARK_RE = re.compile(r"\s*\[note \d+\]", re.I)
CELL_REF_RE = re.compile(r"^C(\d{1,2})R(\d{1,5})$", re.I)
ASSET_ID_RE = re.compile(r"^(RO\d+)-([a-z0-9]+)(?:-[a-z0-9-]+)?$", re.I)
MEASURE_IN_HEADER_RE = re.compile(r"\(\s*C(\d{1,2})\b", re.I)
# Phrases the publisher uses for each service in labels, banners and memo headers.
CHILDREN_RE = re.compile(r"\bchildren'?s?\s+social\s+care\b")
ADULTS_RE = re.compile(r"\badults?'?s?\s+social\s+care\b")
PUBLIC_HEALTH_RE = re.compile(r"\bpublic\s+health\b")
COMBINED_RE = re.compile(r"\btotal\s+social\s+care\b")
# Asset id stems: RO3-csc... children's, RO3-asc... adults', RO3-ph... public health.
ASSET_PREFIXES = (("csc", CHILDREN), ("asc", ADULTS), ("ph", PUBLIC_HEALTH))


@dataclass(frozen=True)
class DetailLineSpec:
    """A sub-service line as published: (form, row number, label) is its identity."""

    code: str
    name: str
    section: str
    service: str
    sort_order: int
    form: str = FORM

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.name)


@dataclass
class DetailRow:
    row_number: int  # 1-based, as a spreadsheet shows it
    ecode: str
    gss_code: str
    name: str
    ro_class: str
    not_submitted_marker: str = ""
    values: dict = field(default_factory=dict)  # (line key, measure) -> Decimal | None

    @property
    def submitted(self) -> bool:
        return not self.not_submitted_marker


@dataclass
class ParsedDetail:
    year: int
    title: str
    publisher_last_updated: date | None
    lines: list[DetailLineSpec]
    rows: list[DetailRow]
    report: Report


@dataclass
class _Column:
    index: int
    measure: int | None = None
    ref: tuple[int, int] | None = None  # (measure, row) from a CnRm reference
    row_no: int | None = None
    col_no: int | None = None
    asset: str = ""
    header: str = ""


@dataclass
class _Block:
    """The columns under one label (one line), in sheet order."""

    label: str
    section: str
    columns: list[_Column] = field(default_factory=list)


@dataclass
class _Layout:
    sheet: str
    header: int
    ids: dict  # "ecode", "gss", "name", "class" -> column index
    columns: dict  # column index -> (line key, measure)
    lines: list[DetailLineSpec]


# --- small helpers ---------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe and dash, single spaces: for matching labels as published."""
    text = str(text).replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def _letters(col_index: int) -> str:
    """Spreadsheet column letters (AB) for a 0-based index, for messages."""
    return cell_ref(0, col_index)[:-1]


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    return int(text) if text.isdigit() else None


def _is_plain_text(value) -> bool:
    """Text that can be a label or banner: not a number, cell reference, asset id or row marker."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or _whole_number(text) is not None:
        return False
    return not (CELL_REF_RE.match(text) or ASSET_ID_RE.match(text) or normalise(text) in ("row_no", "col_no"))


def service_for_text(text: str) -> str | None:
    """330, 360 or 390 when the text names exactly one service; None otherwise (or a combined total)."""
    norm = normalise(text)
    if not norm or COMBINED_RE.search(norm):
        return None
    found = {
        code
        for code, pattern in ((CHILDREN, CHILDREN_RE), (ADULTS, ADULTS_RE), (PUBLIC_HEALTH, PUBLIC_HEALTH_RE))
        if pattern.search(norm)
    }
    return found.pop() if len(found) == 1 else None


def service_for_asset(asset: str) -> str | None:
    match = ASSET_ID_RE.match(asset or "")
    if not match:
        return None
    stem = match.group(2).lower()
    return next((code for prefix, code in ASSET_PREFIXES if stem.startswith(prefix)), None)


# --- finding the data sheet and its header row ----------------------------------------------------------


def _header_index(rows: list[list]) -> int | None:
    """The first row with an E-code header cell and at least two measure headers (Cn)."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        texts = [normalise(cell_text(c)) for c in row]
        if any(t in ("e-code", "ecode", "e code") for t in texts):
            if sum(1 for c in row if isinstance(c, str) and MEASURE_IN_HEADER_RE.search(c)) >= 2:
                return index
    return None


def _data_sheet(book: Workbook) -> tuple[str, list[list], int]:
    best = None
    for name in book.sheet_names:
        rows = book.rows(name)
        header = _header_index(rows)
        if header is None:
            continue
        measures = sum(1 for c in rows[header] if isinstance(c, str) and MEASURE_IN_HEADER_RE.search(c))
        if best is None or measures > best[3]:
            best = (name, rows, header, measures)
    if best is None:
        raise OfficialDataError(
            f"{book.name}: no sheet has a header row with an 'E-code' column and measure columns such as "
            f"'Employees (C1)' (sheets: {', '.join(book.sheet_names)}). Is this the RO3 social care workbook? "
            "Nothing was imported."
        )
    return best[0], best[1], best[2]


def _id_columns(header_row: list, name: str) -> dict:
    ids = {}
    for index, value in enumerate(header_row):
        text = normalise(cell_text(value))
        if text in ("e-code", "ecode", "e code"):
            ids.setdefault("ecode", index)
        elif text in ("ons code", "ons", "gss code", "ons code (gss)"):
            ids.setdefault("gss", index)
        elif text in ("local authority", "authority", "local authority name", "authority name"):
            ids.setdefault("name", index)
        elif text == "class":
            ids.setdefault("class", index)
    if "name" not in ids:
        raise OfficialDataError(
            f"{name}: the header row has an E-code column but no 'Local authority' name column. Nothing was imported."
        )
    return ids


# --- describing the figure columns ------------------------------------------------------------------------


def _describe_columns(rows: list[list], header: int, ids: dict) -> tuple[list[_Column], dict, dict]:
    """Each candidate column's published description, plus the label row and banner rows above it."""
    id_columns = set(ids.values())
    width = len(rows[header])
    above = rows[:header]
    plain_counts = Counter()
    row_no_rows, col_no_rows = set(), set()
    for r, row in enumerate(above):
        if any(normalise(cell_text(c)) == "row_no" for c in row):
            row_no_rows.add(r)
        if any(normalise(cell_text(c)) == "col_no" for c in row):
            col_no_rows.add(r)
        plain_counts[r] = sum(1 for j, c in enumerate(row) if j not in id_columns and _is_plain_text(c))
    label_row = max(plain_counts, key=lambda r: (plain_counts[r], r), default=None)
    if label_row is None or plain_counts[label_row] == 0:
        raise OfficialDataError("no line labels were found above the header row")
    banner_rows = [r for r, n in plain_counts.items() if n and r != label_row]
    columns = []
    for j in range(width):
        if j in id_columns:
            continue
        column = _Column(index=j, header=cell_text(rows[header][j]))
        match = MEASURE_IN_HEADER_RE.search(column.header)
        column.measure = int(match.group(1)) if match else None
        for r, row in enumerate(above):
            value = row[j] if j < len(row) else ""
            _describe_cell(column, value, r in row_no_rows, r in col_no_rows)
        columns.append(column)
    labels = {
        j: " ".join(NOTE_MARK_RE.sub("", cell_text(v)).split())
        for j, v in enumerate(above[label_row])
        if j not in id_columns and _is_plain_text(v)
    }
    banners = {}
    for r in sorted(banner_rows):
        for j, v in enumerate(above[r]):
            if j not in id_columns and _is_plain_text(v):
                banners[j] = cell_text(v)
    return columns, labels, banners


def _describe_cell(column: _Column, value, is_row_no: bool, is_col_no: bool) -> None:
    text = cell_text(value)
    if not text:
        return
    ref = CELL_REF_RE.match(text)
    if ref:
        column.ref = (int(ref.group(1)), int(ref.group(2)))
    elif ASSET_ID_RE.match(text):
        column.asset = text
    elif is_row_no:
        column.row_no = _whole_number(value)
    elif is_col_no:
        column.col_no = _whole_number(value)


def _column_measure(column: _Column) -> int | None:
    if column.measure is not None:
        return column.measure
    if column.ref is not None:
        return column.ref[0]
    return column.col_no


def _blocks(columns: list[_Column], labels: dict, banners: dict) -> list[_Block]:
    """Group the figure columns into lines: the columns under one label (as the sheet lays them out).

    A column whose header is not a measure but which is described by a cell reference (a memorandum
    item such as agency staff costs) is a line of its own, labelled by its header.
    """
    blocks: list[_Block] = []
    current: _Block | None = None
    section = ""
    for column in columns:
        section = banners.get(column.index, section)
        if column.index in labels:
            current = _Block(labels[column.index], section)
            blocks.append(current)
        if column.measure is not None:
            if current is not None:
                current.columns.append(column)
        elif column.ref is not None and column.header:
            memo = _Block(column.header, section, [column])
            blocks.append(memo)
    return [b for b in blocks if b.columns]


def _block_code(block: _Block, row_numbers: dict, report: Report) -> str:
    """The line's row number: cell references, else the Row_no row, else a table pairing label and number."""
    refs = [c.ref[1] for c in block.columns if c.ref is not None]
    candidates = refs or [c.row_no for c in block.columns if c.row_no is not None]
    if candidates:
        code, _n = Counter(candidates).most_common(1)[0]
        for column in block.columns:
            found = column.ref[1] if column.ref is not None else column.row_no
            if found is not None and found != code:
                report.add(
                    "row_numbers_corrected",
                    f"column {_letters(column.index)} under '{block.label}' says row {found}; the line's "
                    f"other columns say row {code}, so it is read as row {code}",
                )
        return str(code)
    numbers = row_numbers.get(normalise(block.label), set())
    if len(numbers) == 1:
        return str(next(iter(numbers)))
    if len(numbers) > 1:
        report.add("lines_without_row_number", f"'{block.label}': the workbook gives rows {sorted(numbers)}")
    else:
        report.add("lines_without_row_number", f"'{block.label}': no cell reference and no table gives its row")
    return ""


def _block_service(block: _Block) -> str | None:
    if COMBINED_RE.search(normalise(block.label)):
        return None  # "TOTAL SOCIAL CARE" covers both services: not a line of either
    for text in (block.label, block.section):
        service = service_for_text(text)
        if service is not None:
            return service
    assets = {service_for_asset(c.asset) for c in block.columns if c.asset} - {None}
    return assets.pop() if len(assets) == 1 else None


def _row_number_tables(book: Workbook, data_sheet: str) -> dict:
    """normalised label -> row numbers, from every other sheet's rows that pair a number with a label.

    2012-13 keeps the RO3 row numbers only in its LA drop-down table ("11 | Children's social care -
    Service strategy"); labels that match no line (e.g. a stale "Col refs" sheet) are simply unused.
    """
    found: dict[str, set] = {}
    for name in book.sheet_names:
        if name == data_sheet:
            continue
        for row in book.rows(name):
            cells = [c for c in row if cell_text(c)]
            for first, second in zip(cells, cells[1:], strict=False):
                number = _whole_number(first)
                if number is not None and 0 < number < 10000 and _is_plain_text(second):
                    found.setdefault(normalise(second), set()).add(number)
                    break
    return found


# --- the layout ----------------------------------------------------------------------------------------


def _layout(book: Workbook, report: Report) -> _Layout:
    sheet, rows, header = _data_sheet(book)
    ids = _id_columns(rows[header], f"{book.name} sheet '{sheet}'")
    try:
        columns, labels, banners = _describe_columns(rows, header, ids)
    except OfficialDataError as exc:
        raise OfficialDataError(f"{book.name} sheet '{sheet}': {exc}. Nothing was imported.") from exc
    blocks = _blocks(columns, labels, banners)
    needs_table = any(all(c.ref is None and c.row_no is None for c in b.columns) for b in blocks)
    row_numbers = _row_number_tables(book, sheet) if needs_table else {}
    lines: list[DetailLineSpec] = []
    mapping: dict[int, tuple] = {}
    for order, block in enumerate(blocks):
        spec = _line_spec(block, order, row_numbers, report)
        if spec is None:
            continue
        if any(line.key == spec.key for line in lines):
            report.add("duplicate_lines_skipped", f"row {spec.code} '{spec.name}' appears twice; the first is kept")
            continue
        lines.append(spec)
        _map_measures(block, spec, mapping, report, book.name)
    if not lines:
        raise OfficialDataError(
            f"{book.name} sheet '{sheet}': no children's or adult social care lines could be identified from the "
            "labels, cell references or asset ids above the header row. Nothing was imported."
        )
    return _Layout(sheet, header, ids, mapping, lines)


def _line_spec(block: _Block, order: int, row_numbers: dict, report: Report) -> DetailLineSpec | None:
    service = _block_service(block)
    if service == PUBLIC_HEALTH:
        report.count("public_health_lines_not_loaded")
        return None
    if service is None:
        section = _section_text(block.section) or "none"
        report.add("lines_not_placed", f"'{block.label}' (section '{section}'): not children's or adults'; not loaded")
        return None
    code = _block_code(block, row_numbers, report)
    if not code:
        return None
    return DetailLineSpec(code, block.label[:250], _section_text(block.section)[:200], service, order)


def _section_text(banner: str) -> str:
    """'***  Adult Social Care  ***  Adult Social Care ...' -> 'Adult Social Care'."""
    parts = []
    for part in re.split(r"\*+", banner):
        part = " ".join(part.split())
        if part and part not in parts:
            parts.append(part)
    return " / ".join(parts)


def _map_measures(block: _Block, spec: DetailLineSpec, mapping: dict, report: Report, name: str) -> None:
    seen = {}
    for column in block.columns:
        number = _column_measure(column)
        measure = MEASURE_BY_COLUMN.get(number)
        if measure is None:
            item = f"{' '.join(column.header.split()) or column.ref} (not one of C1-C7; every line)"
            if item not in report.details.get("measures_not_stored", []):
                report.add("measures_not_stored", item)
            continue
        if measure in seen:
            raise OfficialDataError(
                f"{name}: line '{spec.name}' has two columns for C{number} ({_letters(seen[measure])} and "
                f"{_letters(column.index)}); cannot tell which is right. Nothing was imported."
            )
        seen[measure] = column.index
        mapping[column.index] = (spec.key, measure)


# --- the authority rows --------------------------------------------------------------------------------


def _cell_value(value, where: str) -> tuple[Decimal | None, str]:
    """(number, not-submitted marker) for one figure cell; raises on text that is neither."""
    number = decimal_from_cell(value)
    if number is not None:
        return number, ""
    text = check_text_cell(cell_text(value), where)
    if not text:
        return None, ""
    if text.lower() in NOT_SUBMITTED_MARKERS:
        return None, text
    number = parse_number_text(text)
    if number is None:
        raise OfficialDataError(f"{where}: {text[:40]!r} is not a number. Nothing was imported.")
    return number, ""


def _body_row(row: list, index: int, layout: _Layout, name: str) -> DetailRow:
    def cell(key):
        j = layout.ids.get(key)
        return cell_text(row[j]) if j is not None and j < len(row) else ""

    gss = cell("gss").upper()
    detail = DetailRow(index + 1, cell("ecode"), gss if GSS_RE.match(gss) else "", cell("name"), cell("class"))
    markers = []
    for j, (key, measure) in layout.columns.items():
        value = row[j] if j < len(row) else ""
        number, marker = _cell_value(value, f"{name} sheet '{layout.sheet}' cell {cell_ref(index, j)}")
        detail.values[(key, measure)] = number
        if marker:
            markers.append(marker)
    if markers and all(v is None for v in detail.values.values()):
        detail.not_submitted_marker = markers[0]
    return detail


def _has_figures(row: list, layout: _Layout) -> bool:
    return any(decimal_from_cell(row[j]) is not None for j in layout.columns if j < len(row))


def _read_rows(rows: list[list], layout: _Layout, report: Report, name: str) -> list[DetailRow]:
    out: dict[str, DetailRow] = {}
    ecode_col = layout.ids.get("ecode")
    for index in range(layout.header + 1, len(rows)):
        row = rows[index]
        ecode = cell_text(row[ecode_col]) if ecode_col < len(row) else ""
        if not ECODE_RE.match(ecode):
            if _has_figures(row, layout):
                label = cell_text(row[layout.ids["name"]]) or ecode
                report.count("totals_rows_skipped")
                report.add("totals_rows_skipped", f"row {index + 1}: {label}")
            continue
        detail = _body_row(row, index, layout, name)
        _add_row(out, detail, report, "gss" in layout.ids)
    if "gss" not in layout.ids:
        report.note("the file has no ONS code column; authorities are matched on E-code only")
    if not out:
        raise OfficialDataError(f"{name} sheet '{layout.sheet}': no authority rows (E-codes) below the header.")
    return list(out.values())


def _add_row(out: dict, detail: DetailRow, report: Report, has_gss: bool) -> None:
    if has_gss and not detail.gss_code:
        report.add("no_usable_ons_code", f"row {detail.row_number}: {detail.ecode} {detail.name} (matched on E-code)")
    if not detail.submitted:
        report.add("not_submitted", f"{detail.ecode} {detail.name} ({detail.not_submitted_marker})")
    first = out.get(detail.ecode)
    if first is None:
        out[detail.ecode] = detail
        return
    report.count("duplicates_dropped")
    same = "the same figures" if first.values == detail.values else "different figures; the first row is kept"
    report.add(
        "duplicates_dropped",
        f"row {detail.row_number}: {detail.ecode} {detail.name} repeats row {first.row_number} ({same})",
    )


# --- the file ----------------------------------------------------------------------------------------------


def _year_and_title(sheet: str, rows: list[list], name: str, expected: int | None) -> tuple:
    title = next((cell_text(c) for row in rows[:5] for c in row if cell_text(c)), "")
    found = find_year_in_text(sheet) or find_year_in_text(title)
    if found is None:
        found = next((y for row in rows[:10] for c in row if (y := find_year_in_text(cell_text(c)))), None)
    if found is None:
        raise OfficialDataError(
            f"{name}: cannot tell which financial year the file covers (no year such as 2022-23 in the sheet name "
            f"'{sheet}' or its title). Nothing was imported."
        )
    if expected is not None and found != expected:
        raise OfficialDataError(
            f"{name}: the file is for {found}-{(found + 1) % 100:02d} but you asked to import "
            f"{expected}-{(expected + 1) % 100:02d}. Nothing was imported."
        )
    return found, title


LAST_UPDATED_ORDINAL_RE = re.compile(r"(Last updated:?\s*\d{1,2})(?:st|nd|rd|th)\b", re.I)


def _last_updated(rows: list[list], name: str) -> date | None:
    """The 'Last updated' date printed on the sheet ("14th December 2023"), else the date in the file name."""
    texts = [LAST_UPDATED_ORDINAL_RE.sub(r"\1", cell_text(c)) for row in rows[:12] for c in row if isinstance(c, str)]
    return find_last_updated(texts) or date_in_file_name(name)


def parse_detail_file(source: SourceFile, expected_year: int | None = None) -> ParsedDetail:
    """Read an RO3 workbook (.xls, .xlsx or .ods) into lines and authority rows, with a report."""
    book = read_workbook(source)
    report = Report(title=f"{source.name}: RO3 social care detail")
    layout = _layout(book, report)
    rows = book.rows(layout.sheet)
    year, title = _year_and_title(layout.sheet, rows, source.name, expected_year)
    detail_rows = _read_rows(rows, layout, report, source.name)
    report.counts = {
        "authority_rows": len(detail_rows),
        "lines": len(layout.lines),
        "children_lines": sum(1 for line in layout.lines if line.service == CHILDREN),
        "adult_lines": sum(1 for line in layout.lines if line.service == ADULTS),
        **report.counts,
    }
    return ParsedDetail(year, title, _last_updated(rows, source.name), layout.lines, detail_rows, report)
