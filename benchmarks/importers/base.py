"""Shared pieces for the official-data importers: errors, reports, file reading, cell parsing.

Parsing functions in this package are pure: they read a file and return records plus a report,
and raise `OfficialDataError` with a message a person can act on when the file is not what we
expect. Database writes live in `benchmarks/importers/load.py`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

# Official files here are at most a few MB; anything far bigger is not one of them.
MAX_FILE_BYTES = 50 * 1024 * 1024

# Cells MHCLG prints instead of a number when a return was not submitted.
NOT_SUBMITTED_MARKERS = {"[x]", "...", "[z]"}

ECODE_RE = re.compile(r"^E\d{4}$")
GSS_RE = re.compile(r"^[EKNSW]\d{8}$")
YEAR_IN_TEXT_RE = re.compile(r"(?<!\d)(20\d{2})[-/ ](\d{2})(?!\d)")
LAST_UPDATED_RE = re.compile(r"Last updated:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.I)
FORMULA_PREFIXES = ("=", "+", "@", "\t", "\r")


class OfficialDataError(Exception):
    """The file cannot be imported; the message says why in words a user understands."""


@dataclass
class Report:
    """What an import found. Printed by the management commands and stored on ImportRun."""

    title: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    details: dict[str, list[str]] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def add(self, key: str, item: str) -> None:
        self.details.setdefault(key, []).append(item)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def as_dict(self) -> dict:
        return {"title": self.title, "counts": self.counts, "notes": self.notes, "details": self.details}

    def as_text(self, max_items: int = 20) -> str:
        lines = [self.title] if self.title else []
        for key, value in self.counts.items():
            lines.append(f"  {key.replace('_', ' ')}: {value}")
        for text in self.notes:
            lines.append(f"  note: {text}")
        for key, items in self.details.items():
            lines.append(f"  {key.replace('_', ' ')} ({len(items)}):")
            for item in items[:max_items]:
                lines.append(f"    - {item}")
            if len(items) > max_items:
                lines.append(f"    … and {len(items) - max_items} more")
        return "\n".join(lines)


@dataclass
class SourceFile:
    path: Path
    data: bytes
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


def read_source(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> SourceFile:
    path = Path(path)
    if not path.is_file():
        raise OfficialDataError(f"{path}: no such file.")
    size = path.stat().st_size
    if size == 0:
        raise OfficialDataError(f"{path.name}: the file is empty.")
    if size > max_bytes:
        raise OfficialDataError(
            f"{path.name}: the file is {size / 1024 / 1024:.1f} MB, larger than the {max_bytes / 1024 / 1024:.0f} MB "
            "limit for official data files. Check you picked the right file."
        )
    data = path.read_bytes()
    return SourceFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest())


def decode_csv_text(source: SourceFile, report: Report, encodings=("utf-8-sig", "cp1252")) -> str:
    """Decode a CSV as published: UTF-8 (with or without BOM), else Windows-1252 (said in the report)."""
    data = source.data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        raise OfficialDataError(
            f"{source.name}: the file is not text in UTF-8 or Windows-1252 (it looks like UTF-16 or a binary "
            "file). Save it as CSV (UTF-8) and try again."
        )
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise OfficialDataError(f"{source.name}: this is a spreadsheet workbook, not a CSV file.")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig":
            report.note(f"file is not UTF-8; read as {encoding}")
        return text
    raise OfficialDataError(f"{source.name}: the file is not text in any of: {', '.join(encodings)}.")


def read_csv_rows(text: str, name: str) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise OfficialDataError(f"{name}: not a readable CSV file ({exc}).")
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise OfficialDataError(f"{name}: the file has no data rows.")
    return rows


def cell_ref(row_index: int, col_index: int) -> str:
    """Spreadsheet-style reference (A1) for 0-based indexes, for messages."""
    col = col_index + 1
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row_index + 1}"


def check_text_cell(value: str, where: str) -> str:
    """Refuse text that a spreadsheet would run as a formula (it never occurs in official files)."""
    text = value.strip()
    if text.startswith(FORMULA_PREFIXES) and not _looks_numeric(text):
        raise OfficialDataError(
            f"{where}: the cell contains {text[:40]!r}, which looks like a spreadsheet formula. Official files "
            "never contain formulas in text cells, so this file has been altered; nothing was imported."
        )
    return text


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?[\d,]*\.?\d+(?:[eE][+-]?\d+)?", text))


_NUMBER_RE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_number_text(text: str) -> Decimal | None:
    """'8,236' -> Decimal('8236'); '-1,660.5' -> Decimal('-1660.5'); anything else -> None."""
    text = text.strip()
    if not _NUMBER_RE.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex already ensures a number
        return None


def decimal_from_cell(value) -> Decimal | None:
    """A workbook number cell as the Decimal it was written as (shortest repr of the stored double)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        if value.is_integer():
            return Decimal(int(value))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    return None


def find_year_in_text(text: str) -> int | None:
    match = YEAR_IN_TEXT_RE.search(text or "")
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    if (start + 1) % 100 != int(end):
        return None
    return start


def find_last_updated(texts) -> date | None:
    for text in texts:
        match = LAST_UPDATED_RE.search(text or "")
        if match:
            try:
                return datetime.strptime(match.group(1), "%d %B %Y").date()
            except ValueError:
                continue
    return None


def date_in_file_name(name: str) -> date | None:
    match = re.search(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", name)
    if not match:
        return None
    try:
        return datetime.strptime("-".join(match.groups()), "%d-%b-%Y").date()
    except ValueError:
        return None


def check_expected_year(found: int | None, expected: int | None, name: str, where: str) -> int:
    if found is None:
        raise OfficialDataError(f"{name}: cannot tell which financial year the file covers ({where}).")
    if expected is not None and found != expected:
        raise OfficialDataError(
            f"{name}: the file is for {found}-{(found + 1) % 100:02d} but you asked to import "
            f"{expected}-{(expected + 1) % 100:02d}. Nothing was imported."
        )
    return found
