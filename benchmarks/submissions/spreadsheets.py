"""The submission template (CSV or XLSX) the site provides, and reading it back when uploaded.

Pure functions over bytes: no database. An upload is checked by its content, never its name:
size first, then file signature (XLSX is a zip with a workbook inside; anything else must be
text that parses as CSV). File- and row-level problems (wrong year, unknown line codes, duplicate
rows, missing columns) reject the file outright with a message per problem; cell-level problems
(text or a formula where a number should be) are left for the preview grid, where the person can
fix them before anything is saved.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .validation import LINE_CODES, LINE_NAME, MEASURE_COLUMN, MEASURE_KEYS, MEASURE_LABEL, Cell, plain_decimal

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # refuses zip bombs before openpyxl opens them
MAX_ROWS = 500
MAX_HEADER_SEARCH_ROWS = 20
_YEAR = re.compile(r"(\d{4})\s*[-/–]\s*(\d{2}|\d{4})")

YEAR_HEADER = "Financial year"
LINE_HEADER = "RO line"
SERVICE_HEADER = "Service"


def measure_header(measure: str) -> str:
    return f"{MEASURE_COLUMN[measure]} {MEASURE_LABEL[measure]} (£ thousand)"


TEMPLATE_HEADER = [YEAR_HEADER, LINE_HEADER, SERVICE_HEADER, *[measure_header(m) for m in MEASURE_KEYS]]

BINARY_SIGNATURES = {
    b"\xd0\xcf\x11\xe0": "an old-style Excel (.xls) or Word file — save it as .xlsx or CSV and upload that",
    b"%PDF": "a PDF",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
    b"MZ": "a program",
    b"\x1f\x8b": "a compressed (gzip) file",
}


class UploadRejected(Exception):
    """The file cannot be read as a submission; .problems holds one message per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class UploadedGrid:
    raw: dict[Cell, object] = field(default_factory=dict)
    file_format: str = ""
    rows_read: int = 0


def template_rows(year_label: str, values: Mapping[Cell, Decimal] | None = None) -> list[list]:
    """One row per RO line; figures pre-filled from `values` (last year's) where known."""
    values = values or {}
    rows = []
    for line in LINE_CODES:
        row: list = [year_label, line, LINE_NAME[line]]
        row.extend(
            plain_decimal(values[(line, measure)]) if (line, measure) in values else "" for measure in MEASURE_KEYS
        )
        rows.append(row)
    return rows


def read_upload(data: bytes, year_label: str) -> UploadedGrid:
    """Read an uploaded template. Raises UploadRejected with every file/row-level problem found."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected([f"The file is {len(data) / 1024 / 1024:.1f} MB: it must be 2 MB or smaller"])
    if not data.strip():
        raise UploadRejected(["The file is empty: download the template, fill it in and upload it again"])
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
        file_format = "XLSX"
    else:
        for signature, description in BINARY_SIGNATURES.items():
            if data.startswith(signature):
                raise UploadRejected([f"The file is {description}, not a CSV or XLSX spreadsheet"])
        if data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html", b"<?xml", b"<table")):
            raise UploadRejected(["The file is a web page or XML, not a CSV or XLSX spreadsheet"])
        rows = _csv_rows(data)
        file_format = "CSV"
    grid = _grid_from_rows(rows, year_label)
    grid.file_format = file_format
    return grid


def _csv_rows(data: bytes) -> list[list]:
    if b"\x00" in data:
        raise UploadRejected(
            [
                "The file is not a CSV or XLSX spreadsheet (it contains binary data, or is saved as UTF-16): "
                "save it as “CSV UTF-8” or .xlsx"
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in cp1252; accept it rather than make people re-save.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UploadRejected(["The file's text encoding could not be read: save it as “CSV UTF-8”"])
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise UploadRejected([f"The file could not be read as CSV ({error})"])
    if len(rows) > MAX_ROWS:
        raise UploadRejected([f"The file has {len(rows)} rows: the template has {len(LINE_CODES) + 1}"])
    return rows


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        uncompressed = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UploadRejected(["The file looks like a spreadsheet but is damaged: save it again as .xlsx or CSV"])
    if "xl/workbook.xml" not in names:
        raise UploadRejected(["The file is a zip archive or Word/PowerPoint file, not an XLSX spreadsheet"])
    if uncompressed > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise UploadRejected(["The spreadsheet is too large when unpacked: use the template, one sheet, 15 rows"])
    from openpyxl import load_workbook

    try:
        # data_only=False keeps formulas as their text ("=cmd|…"), so they are reported, never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise UploadRejected(["The spreadsheet could not be opened: save it again as .xlsx or CSV"])
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=40, values_only=True):
            rows.append(list(row))
        if len(rows) > MAX_ROWS:
            raise UploadRejected(
                [f"The spreadsheet has more than {MAX_ROWS} rows: the template has {len(LINE_CODES) + 1}"]
            )
        return rows
    finally:
        workbook.close()


def _normalise(text) -> str:
    return " ".join(str(text or "").replace("\u00a3", "£").split()).lower()


def _match_columns(header: list) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _normalise(cell)
        if not name:
            continue
        if name == _normalise(YEAR_HEADER):
            columns.setdefault("year", index)
        elif name == _normalise(LINE_HEADER):
            columns.setdefault("line", index)
        else:
            for measure in MEASURE_KEYS:
                code = MEASURE_COLUMN[measure].lower()
                if name == _normalise(measure_header(measure)) or name.split(" ")[0] == code or name == measure:
                    columns.setdefault(measure, index)
    missing = []
    if "year" not in columns:
        missing.append(f"“{YEAR_HEADER}”")
    if "line" not in columns:
        missing.append(f"“{LINE_HEADER}”")
    missing.extend(f"“{measure_header(m)}”" for m in MEASURE_KEYS if m not in columns)
    return columns, missing


def _grid_from_rows(rows: list[list], year_label: str) -> UploadedGrid:
    header_index = None
    for index, row in enumerate(rows[:MAX_HEADER_SEARCH_ROWS]):
        if any(_normalise(cell) == _normalise(LINE_HEADER) for cell in row):
            header_index = index
            break
    if header_index is None:
        if any(
            ";" in str(cell) and "ro line" in _normalise(cell) for row in rows[:MAX_HEADER_SEARCH_ROWS] for cell in row
        ):
            raise UploadRejected(
                ["The file uses semicolons between columns: save it as “CSV (comma delimited)” or .xlsx"]
            )
        raise UploadRejected(
            [
                f"No header row with an “{LINE_HEADER}” column was found in the first {MAX_HEADER_SEARCH_ROWS} rows: "
                "use the template from this page"
            ]
        )
    columns, missing = _match_columns(rows[header_index])
    if missing:
        raise UploadRejected([f"Missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"])

    problems: list[str] = []
    grid = UploadedGrid()
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(_normalise(cell) for cell in row):
            continue
        grid.rows_read += 1

        def cell(key, row=row):
            position = columns[key]
            return row[position] if position < len(row) else None

        line = _code_text(cell("line"))
        if line not in LINE_CODES:
            shown = str(cell("line") or "").strip()[:30] or "(blank)"
            problems.append(f"Row {offset}: “{shown}” is not an RO line code in the template (190 to 699)")
            continue
        if _year_start(cell("year")) != _year_start(year_label):
            shown = str(cell("year") or "").strip()[:20] or "(blank)"
            problems.append(f"Row {offset}: the financial year is “{shown}” but this submission is for {year_label}")
            continue
        if line in seen:
            problems.append(f"Row {offset}: line {line} appears twice (also row {seen[line]}); keep one row per line")
            continue
        seen[line] = offset
        for measure in MEASURE_KEYS:
            grid.raw[(line, measure)] = cell(measure)
    if not grid.rows_read:
        problems.append("The file has a header row but no figures: fill in one row per RO line")
    if problems:
        raise UploadRejected(problems)
    return grid


def _code_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    # Spreadsheets that saved the code as a number write "190.0".
    if re.fullmatch(r"\d{3}\.0+", text):
        text = text.split(".")[0]
    return text


def _year_start(value) -> int | None:
    """2023 for "2023-24", "2023/24", "2023–24" or "2023-2024"; None for anything else."""
    match = _YEAR.fullmatch(str(value if value is not None else "").strip())
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    expected = f"{(start + 1) % 100:02d}" if len(end) == 2 else str(start + 1)
    return start if end == expected else None
