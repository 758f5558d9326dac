"""Parse ONS mid-year population estimates: the mid-2022 workbook and the mid-2023 transcribed CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from .base import GSS_RE, OfficialDataError, Report, SourceFile, check_text_cell, decode_csv_text

WORKBOOK_SHEETS = {
    "females": "MYE2 - Females",
    "males": "MYE2 - Males",
    "mye4": "MYE4",
    "mye5": "MYE5",
    "mye6": "MYE6",
}
MAX_AGE = 90  # the last ONS column is "90+" (90 and over)


@dataclass
class AreaPopulation:
    code: str
    name: str
    geography: str
    population: dict[int, int] = field(default_factory=dict)  # mid-year -> all ages
    area_sq_km: Decimal | None = None
    people_per_sq_km: Decimal | None = None
    median_age: Decimal | None = None
    females: list[int] = field(default_factory=list)  # index = age, last = 90+
    males: list[int] = field(default_factory=list)


@dataclass
class ParsedPopulation:
    areas: list[AreaPopulation]
    report: Report
    source_label: str
    publisher_last_updated: date | None = None
    mid_years: list[int] = field(default_factory=list)


def _int(value, where: str) -> int:
    if isinstance(value, bool):
        raise OfficialDataError(f"{where}: {value!r} is not a whole number of people.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value if value is not None else "").strip().replace(",", "")
    if text.isdigit():
        return int(text)
    check_text_cell(text, where)
    raise OfficialDataError(f"{where}: {str(value)[:40]!r} is not a whole number of people.")


def _decimal(value, where: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        check_text_cell(str(value), where)
        raise OfficialDataError(f"{where}: {str(value)[:40]!r} is not a number.")


def _table(rows: list[tuple], sheet: str, source: SourceFile) -> tuple[list[str], list[tuple]]:
    header_index = next((i for i, r in enumerate(rows[:20]) if r and str(r[0] or "").strip() == "Code"), None)
    if header_index is None:
        raise OfficialDataError(f"{source.name}: sheet {sheet} has no header row starting with 'Code'.")
    header = [str(h).strip() if h is not None else "" for h in rows[header_index]]
    body = [r for r in rows[header_index + 1 :] if r and r[0] is not None and str(r[0]).strip()]
    return header, body


def parse_ons_workbook(source: SourceFile) -> ParsedPopulation:
    """ONS 'Mid-Year Population Estimates, UK, June 2022' (mye22final.xlsx); reads each sheet once."""
    report = Report(title=f"ONS population workbook {source.name}")
    tables, cover = _read_workbook(source)
    areas = _Areas(source)
    year_cols = _read_totals(tables["mye4"], areas, source)
    for key in ("females", "males"):
        _read_ages(key, tables[key], areas, source)
    _read_density(tables["mye5"], areas, source)
    _read_median_age(tables["mye6"], areas, source)

    inconsistent = [
        a.code
        for a in areas.values()
        if a.females and a.males and 2022 in a.population and sum(a.females) + sum(a.males) != a.population[2022]
    ]
    if inconsistent:
        report.add("age_sex_not_summing_to_total", ", ".join(inconsistent[:20]))
    report.count("areas", len(areas))
    return ParsedPopulation(
        areas=list(areas.values()),
        report=report,
        source_label="ons_mye22",
        publisher_last_updated=_cover_date(cover),
        mid_years=sorted(set(year_cols.values())),
    )


def _read_workbook(source: SourceFile) -> tuple[dict[str, tuple[list[str], list[tuple]]], list[str]]:
    """Each needed sheet as (header, body), and the cover sheet's text lines."""
    import openpyxl

    if source.data[:4] != b"PK\x03\x04":
        raise OfficialDataError(f"{source.name}: not an Excel .xlsx workbook.")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure means an unreadable workbook
        raise OfficialDataError(
            f"{source.name}: the workbook cannot be read ({type(exc).__name__}). It may be truncated or damaged."
        )
    missing = [s for s in WORKBOOK_SHEETS.values() if s not in workbook.sheetnames]
    if missing:
        raise OfficialDataError(
            f"{source.name}: missing sheets {', '.join(missing)}; this is not the ONS mid-2022 workbook "
            f"(sheets found: {', '.join(workbook.sheetnames[:12])})."
        )
    tables = {}
    try:
        for key, sheet in WORKBOOK_SHEETS.items():
            max_col = MAX_AGE + 5 if key in ("females", "males") else 12
            rows = list(workbook[sheet].iter_rows(values_only=True, max_col=max_col))
            tables[key] = _table(rows, sheet, source)
        cover = (
            [str(r[0]) for r in workbook["Cover sheet"].iter_rows(values_only=True, max_col=1) if r and r[0]]
            if "Cover sheet" in workbook.sheetnames
            else []
        )
    except OfficialDataError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise OfficialDataError(f"{source.name}: the workbook cannot be read ({type(exc).__name__}).")
    finally:
        workbook.close()
    return tables, cover


class _Areas(dict):
    """Areas by GSS code, created on first sight in any sheet (insertion order is the workbook's)."""

    def __init__(self, source: SourceFile):
        super().__init__()
        self.source = source

    def get_row(self, row, sheet) -> AreaPopulation:
        code = str(row[0]).strip()
        if not GSS_RE.match(code):
            raise OfficialDataError(f"{self.source.name} sheet {sheet}: {code!r} is not a GSS code.")
        if code not in self:
            self[code] = AreaPopulation(
                code=code, name=check_text_cell(str(row[1] or ""), sheet), geography=str(row[2] or "").strip()
            )
        return self[code]


def _read_totals(table, areas: _Areas, source: SourceFile) -> dict[int, int]:
    """MYE4: all-ages totals, one 'Mid-YYYY' column per year; returns column index -> year."""
    header, body = table
    year_cols = {}
    for i, h in enumerate(header):
        if h.lower().startswith("mid-") and h[4:].isdigit():
            year_cols[i] = int(h[4:])
    if 2022 not in year_cols.values():
        raise OfficialDataError(f"{source.name}: sheet MYE4 has no 'Mid-2022' column.")
    for row in body:
        a = areas.get_row(row, "MYE4")
        for i, year in year_cols.items():
            a.population[year] = _int(row[i], f"{source.name} MYE4 {a.code} {header[i]}")
    return year_cols


def _read_ages(key: str, table, areas: _Areas, source: SourceFile) -> None:
    """MYE2 by sex: single-year ages 0 to 89 and 90+, found by their labels."""
    header, body = table
    labels = [str(age) for age in range(MAX_AGE)] + [f"{MAX_AGE}+"]
    age_cols = [header.index(label) if label in header else None for label in labels]
    if None in age_cols:
        raise OfficialDataError(f"{source.name}: sheet {WORKBOOK_SHEETS[key]} lacks single-year age columns 0 to 90.")
    for row in body:
        a = areas.get_row(row, WORKBOOK_SHEETS[key])
        counts = [
            _int(row[i], f"{source.name} {WORKBOOK_SHEETS[key]} {a.code} age {n}") for n, i in enumerate(age_cols)
        ]
        setattr(a, key, counts)


def _read_density(table, areas: _Areas, source: SourceFile) -> None:
    header, body = table
    lower = [h.lower() for h in header]
    try:
        col_area = next(i for i, h in enumerate(lower) if h.startswith("area"))
        col_density = next(i for i, h in enumerate(lower) if h.startswith("2022 people per"))
    except StopIteration:
        raise OfficialDataError(f"{source.name}: sheet MYE5 lacks the area or 2022 density column.")
    for row in body:
        a = areas.get_row(row, "MYE5")
        a.area_sq_km = _decimal(row[col_area], f"MYE5 {a.code}")
        a.people_per_sq_km = _decimal(row[col_density], f"MYE5 {a.code}")


def _read_median_age(table, areas: _Areas, source: SourceFile) -> None:
    header, body = table
    if "Mid-2022" not in header:
        raise OfficialDataError(f"{source.name}: sheet MYE6 has no 'Mid-2022' column.")
    col = header.index("Mid-2022")
    for row in body:
        a = areas.get_row(row, "MYE6")
        a.median_age = _decimal(row[col], f"MYE6 {a.code}")


def _cover_date(lines: list[str]) -> date | None:
    import re
    from datetime import datetime

    for line in lines:
        match = re.search(r"Date published:\s*(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})", line)
        if match:
            try:
                return datetime.strptime(" ".join(match.groups()), "%d %B %Y").date()
            except ValueError:
                return None
    return None


def parse_mid2023_csv(source: SourceFile) -> ParsedPopulation:
    report = Report(title=f"Mid-2023 population (transcribed) {source.name}")
    text = decode_csv_text(source, report)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:2] != ["code", "population_mid2023"]:
        raise OfficialDataError(
            f"{source.name}: expected columns 'code,population_mid2023'; found {', '.join(header[:4]) or 'nothing'}."
        )
    areas: dict[str, AreaPopulation] = {}
    for index, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        where = f"{source.name} row {index}"
        code = check_text_cell(row[0], where)
        if not GSS_RE.match(code):
            raise OfficialDataError(f"{where}: {code!r} is not a GSS code like E06000001.")
        if len(row) < 2:
            raise OfficialDataError(f"{where}: the population is missing.")
        if code in areas:
            raise OfficialDataError(f"{where}: {code} appears twice.")
        areas[code] = AreaPopulation(code=code, name="", geography="", population={2023: _int(row[1], where)})
    if not areas:
        raise OfficialDataError(f"{source.name}: no rows.")
    report.count("areas", len(areas))
    report.note("transcribed from the ONS table; provisional until the ONS original is loaded")
    return ParsedPopulation(
        areas=list(areas.values()), report=report, source_label="ons_mid2023_transcribed", mid_years=[2023]
    )
