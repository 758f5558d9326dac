"""Read an official workbook's sheets, whatever the format the publisher chose this year.

MHCLG and ONS publish the same tables as .xls, .xlsx or OpenDocument (.ods), and change format
between years. Every importer reads workbooks through `read_workbook`, which tells the formats apart
by content (never by file name) and reads them all with python-calamine, so a parser sees one
thing: a sheet is a list of rows, a row a list of cell values (str, int, float, bool, date or "").
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from python_calamine import CalamineWorkbook

from .base import OfficialDataError, SourceFile

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def workbook_format(data: bytes) -> str | None:
    """'xls', 'xlsx' or 'ods' from the file's bytes; None when it is not a workbook (e.g. CSV text)."""
    if data[:8] == OLE_SIGNATURE:
        return "xls"
    if data[:4] != ZIP_SIGNATURE:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                return "ods"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError):
        # A damaged archive: say it is a workbook, so reading it gives the "cannot be read" message.
        return "xlsx"
    return None


@dataclass
class Workbook:
    """The sheets of one workbook, read lazily (a parser usually needs one or two of them)."""

    name: str
    format: str
    book: CalamineWorkbook
    _rows: dict[str, list[list]] = field(default_factory=dict)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def rows(self, sheet_name: str) -> list[list]:
        if sheet_name not in self._rows:
            try:
                self._rows[sheet_name] = self.book.get_sheet_by_name(sheet_name).to_python()
            except Exception as exc:  # noqa: BLE001 - any reader failure means a damaged sheet
                raise _unreadable(self.name, exc) from exc
        return self._rows[sheet_name]


def read_workbook(source: SourceFile) -> Workbook:
    """Open a .xls, .xlsx or .ods workbook, or raise OfficialDataError with one clear message."""
    kind = workbook_format(source.data)
    if kind is None:
        raise OfficialDataError(
            f"{source.name}: this is not a spreadsheet workbook (.xls, .xlsx or .ods). Nothing was imported."
        )
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(source.data))
    except Exception as exc:  # noqa: BLE001 - any reader failure means an unreadable workbook
        raise _unreadable(source.name, exc) from exc
    return Workbook(name=source.name, format=kind, book=book)


def _unreadable(name: str, exc: Exception) -> OfficialDataError:
    return OfficialDataError(
        f"{name}: the workbook cannot be read ({type(exc).__name__}: {str(exc)[:120]}). It may be truncated or "
        "damaged; download it again. Nothing was imported."
    )


def cell_text(value) -> str:
    """A cell as trimmed text; whole-number floats without '.0' (codes such as 190 are stored as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
