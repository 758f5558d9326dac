"""Spreadsheet exports that can never run as formulas.

A cell starting with =, +, -, @, tab or carriage return is treated by Excel and LibreOffice
as a formula (CSV injection). Text cells that start that way are prefixed with an
apostrophe; real numbers are written as numbers so negative values stay numeric.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def plain_number(value):
    """A number as written in a CSV file: its digits without exponent or padding zeros
    (Decimal("372852.000000000000000") -> "372852", Decimal("12.50") -> "12.5", 875.0 -> "875");
    anything else as is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, Decimal) and value.is_finite():
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("", "-0") else text
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False) -> HttpResponse:
    """``bom``: start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8 (£, accents)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if bom:
        response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([plain_number(safe_cell(v)) for v in row])
    return response


def xlsx_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    sheet_title: str = "Data",
    about: Sequence[tuple[str, str]] = (),
) -> HttpResponse:
    """``about``: (label, text) rows for a second sheet, "About this data" (sources, licence...)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        cells = []
        for value in row:
            cell = safe_cell(value)
            cells.append(float(cell) if isinstance(cell, Decimal) else cell)
        sheet.append(cells)
    if about:
        about_sheet = workbook.create_sheet(title="About this data")
        for label, text in about:
            about_sheet.append([safe_cell(label), safe_cell(text)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
