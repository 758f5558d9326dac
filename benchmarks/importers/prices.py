"""Parse a GDP deflator series by financial year (HM Treasury's "GDP deflators at market prices").

The columns are found by their headers (one naming the financial year, one the deflator), not by
position, and the base year is the year whose deflator is 100, as HM Treasury publishes it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from benchmarks.years import MIN_START_YEAR, FinancialYear

from .base import OfficialDataError, Report, SourceFile, decode_csv_text, parse_number_text

HUNDRED = Decimal(100)


@dataclass
class ParsedPrices:
    deflators: dict[int, Decimal]  # financial year start -> deflator
    base_year: int
    report: Report
    provisional: bool = True
    skipped: list[str] = field(default_factory=list)


def _columns(header: list[str], name: str) -> tuple[int, int]:
    lower = [h.strip().lower() for h in header]
    year = next((i for i, h in enumerate(lower) if "year" in h), None)
    deflator = next((i for i, h in enumerate(lower) if "deflator" in h), None)
    if year is None or deflator is None:
        raise OfficialDataError(
            f"{name}: expected a financial year column and a GDP deflator column; found "
            f"{', '.join(header[:6]) or 'no header'}. Nothing was imported."
        )
    return year, deflator


def parse_deflator_csv(source: SourceFile) -> ParsedPrices:
    report = Report(title=f"GDP deflators {source.name}")
    rows = list(csv.reader(io.StringIO(decode_csv_text(source, report), newline="")))
    if not rows:
        raise OfficialDataError(f"{source.name}: the file is empty. Nothing was imported.")
    year_col, deflator_col = _columns(rows[0], source.name)
    deflators: dict[int, Decimal] = {}
    early = 0
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{source.name} row {number}"
        try:
            start = int(row[year_col].strip()[:4])
            year = FinancialYear.parse(row[year_col]) if start >= MIN_START_YEAR else None
        except (ValueError, IndexError):
            raise OfficialDataError(f"{where}: {row[year_col : year_col + 1]!r} is not a financial year like 2023-24.")
        value = parse_number_text(row[deflator_col]) if deflator_col < len(row) else None
        if value is None or value <= 0:
            raise OfficialDataError(f"{where}: the deflator is missing or not a positive number. Nothing was imported.")
        if year is None:
            early += 1  # before any outturn year this site holds (and before FinancialYear's range)
            continue
        if year.start_year in deflators:
            raise OfficialDataError(f"{where}: {year.label} appears twice. Nothing was imported.")
        deflators[year.start_year] = value
    bases = [y for y, v in deflators.items() if v == HUNDRED]
    if len(bases) != 1:
        raise OfficialDataError(
            f"{source.name}: cannot tell the base year (the year whose deflator is 100); found "
            f"{len(bases)}. Nothing was imported."
        )
    if early:
        report.count("years_before_1990_not_loaded", early)
    report.count("years", len(deflators))
    report.note("the source release is not stated in the transcription: loaded as provisional")
    return ParsedPrices(deflators, bases[0], report)
