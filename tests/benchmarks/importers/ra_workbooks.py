"""Small RA workbooks written by the tests themselves (openpyxl for .xlsx, a minimal OpenDocument
writer for .ods), so layouts the published files do not show can be tried."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from python_calamine import CalamineWorkbook

from benchmarks.importers.sheets import cell_text


def published_sheet(path: Path, sheet: str) -> tuple[int, list[list]]:
    """(header row index, rows) of a published RA sheet, read with calamine directly."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header = next(i for i, r in enumerate(rows) if "E-code" in [cell_text(c) for c in r])
    return header, rows


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if c == "" else c for c in row])
    book.save(path)
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    tables = []
    for name, rows in sheets.items():
        body = []
        for row in rows:
            cells = []
            for c in row:
                if isinstance(c, (int, float)) and not isinstance(c, bool):
                    cells.append(f'<table:table-cell office:value-type="float" office:value="{c}"/>')
                elif c in ("", None):
                    cells.append("<table:table-cell/>")
                else:
                    cells.append(
                        f'<table:table-cell office:value-type="string"><text:p>{escape(str(c))}</text:p></table:table-cell>'
                    )
            body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">{"".join(body)}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def small_ra(title: str, columns: list[tuple[str, str]], rows: list[dict], line_codes: bool = True) -> list[list]:
    """An RA data sheet: title, (optional) line-number row, header, one row per authority.

    columns: (line code or identity key, header label) in the order wanted; rows: {key: value}.
    """
    sheet = [[title], []]
    if line_codes:
        sheet.append([code if code[0].isdigit() else "" for code, _ in columns])
    sheet.append([label for _, label in columns])
    for row in rows:
        sheet.append([row.get(code, "") for code, _ in columns])
    sheet.append([])
    sheet.append(["", "ENGLAND"])
    return sheet
