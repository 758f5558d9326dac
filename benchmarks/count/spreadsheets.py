"""The site's template for partners' figures, and reading a filled-in CSV or XLSX back (by header, never
by position; formulas are read as their text and refused by validation, never evaluated)."""

from __future__ import annotations

import csv
import io
import zipfile

from cop.core.exports import csv_response, xlsx_response

from .validation import FIELDS, HEADERS

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
MAX_XLSX_UNCOMPRESSED = 20 * 1024 * 1024
EXAMPLE = ["NHS Herefordshire and Worcestershire ICB", "Health", "", "", "", "actual", "high"]


class UploadRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def template_response(fmt: str, year_label: str):
    header = [HEADERS[f] for f in FIELDS]
    rows = [[*EXAMPLE[:3], year_label, *EXAMPLE[4:]], ["Total", "", "", "", "", "", ""]]
    if fmt == "xlsx":
        return xlsx_response(f"count-partners-template-{year_label}.xlsx", header, rows, sheet_title="Partners")
    return csv_response(f"count-partners-template-{year_label}.csv", header, rows)


def _rows(data: bytes, name: str) -> list[list]:
    if len(data) > MAX_BYTES:
        raise UploadRejected("The file is larger than 2 MB: use the template, one row per agency and theme")
    if data[:2] == b"PK":
        return _xlsx_rows(data)
    if b"\x00" in data:
        raise UploadRejected("The file is not a CSV or XLSX spreadsheet: save it as “CSV UTF-8” or .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))[: MAX_ROWS + 1]
    except csv.Error as error:
        raise UploadRejected(f"The file could not be read as CSV ({error})") from error


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "xl/workbook.xml" not in archive.namelist():
            raise UploadRejected("The file is a zip archive, not an XLSX spreadsheet")
        if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
            raise UploadRejected("The spreadsheet is too large when unpacked: use the template")
    except zipfile.BadZipFile as error:
        raise UploadRejected("The spreadsheet is damaged: save it again as .xlsx or CSV") from error
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise UploadRejected("The spreadsheet could not be opened: save it again as .xlsx or CSV") from error
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(max_row=MAX_ROWS + 1, max_col=20, values_only=True)]
    finally:
        book.close()


def read_upload(data: bytes, name: str = "") -> list[dict]:
    """The file's rows as {field: cell}, found by the template's headers."""
    rows = [r for r in _rows(data, name) if any(str(c or "").strip() for c in r)]
    if not rows:
        raise UploadRejected("The file is empty: fill in the template")
    wanted = {HEADERS[f].split(" (")[0].lower(): f for f in FIELDS}
    columns = {}
    for index, cell in enumerate(rows[0]):
        field = wanted.get(str(cell or "").split(" (")[0].strip().lower())
        if field:
            columns[field] = index
    missing = [HEADERS[f] for f in FIELDS if f not in columns]
    if missing:
        raise UploadRejected(f"The first row must be the template's headers; missing: {', '.join(missing)}")
    return [{f: (r[i] if i < len(r) else None) for f, i in columns.items()} for r in rows[1:]]
