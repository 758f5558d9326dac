"""Parse MHCLG revenue outturn files: RS workbooks (.xls/.xlsx/.ods) and RSX CSV exports.

Pure functions: they return a `ParsedOutturn` (one `OutturnRow` per body's row, totals rows
skipped) and a report; they never touch the database. Which service a column means in a year
comes from benchmarks.ro.
"""

from __future__ import annotations

from ..base import SourceFile
from ..sheets import workbook_format
from .common import MEASURES, TOTALS_NAMES, OutturnRow, ParsedOutturn
from .rs import parse_rs_workbook
from .rsx import parse_rsx_csv

__all__ = [
    "MEASURES",
    "TOTALS_NAMES",  # budget.py skips the same totals rows
    "OutturnRow",
    "ParsedOutturn",
    "parse_outturn_file",
    "parse_rs_workbook",
    "parse_rsx_csv",
]


def parse_outturn_file(source: SourceFile, expected_year: int | None = None) -> ParsedOutturn:
    """Dispatch on content (not the file name): a workbook is an RS workbook, text an RSX CSV."""
    if workbook_format(source.data) is not None:
        return parse_rs_workbook(source, expected_year)
    return parse_rsx_csv(source, expected_year)
