"""Parse Oflog's adult social care measures (performance/oflog_asc_data.csv)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .base import GSS_RE, OfficialDataError, Report, SourceFile, check_text_cell, decode_csv_text

REQUIRED = ["Financial year", "Local authority code", "Local authority name", "Measure", "Code", "Value", "rank_order"]


@dataclass
class MeasureSpec:
    code: str
    name: str
    polarity: str  # higher / lower / not_stated
    rank_order_as_published: str


@dataclass
class PerformanceRecord:
    row_number: int
    year: int
    gss_code: str
    name: str
    code: str
    value: Decimal | None


def parse_oflog_csv(source: SourceFile) -> tuple[list[MeasureSpec], list[PerformanceRecord], Report]:
    report = Report(title=f"Oflog performance measures {source.name}")
    text = decode_csv_text(source, report)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _check_columns(reader.fieldnames, source)
    names: dict[str, str] = {}
    orders: dict[str, set[str]] = {}
    records: list[PerformanceRecord] = []
    seen: dict[tuple, int] = {}
    for index, row in enumerate(reader, start=2):
        record = _parse_row(row, index, source, report)
        if record.code in names and names[record.code] != record.measure_name:
            report.add("measure_names_vary", f"{record.code}: {names[record.code]!r} and {record.measure_name!r}")
        names.setdefault(record.code, record.measure_name)
        orders.setdefault(record.code, set()).add(row["rank_order"].strip())
        key = (record.code, record.gss_code, record.year)
        if key in seen:
            raise OfficialDataError(
                f"{source.name} row {index}: {record.code} for {record.gss_code} in {row['Financial year']} "
                f"repeats row {seen[key]}."
            )
        seen[key] = index
        records.append(PerformanceRecord(index, record.year, record.gss_code, record.name, record.code, record.value))
    if not records:
        raise OfficialDataError(f"{source.name}: no rows.")
    measures = [_measure(code, name, orders[code], source, report) for code, name in sorted(names.items())]
    report.counts = {"rows": len(records), "measures": len(measures), **report.counts}
    return measures, records, report


def _check_columns(fieldnames, source: SourceFile) -> None:
    missing = [c for c in REQUIRED if c not in (fieldnames or [])]
    if missing:
        raise OfficialDataError(
            f"{source.name}: missing columns {', '.join(missing)}; is this Oflog's data explorer CSV?"
        )


@dataclass
class _Row:
    year: int
    gss_code: str
    name: str
    code: str
    measure_name: str
    value: Decimal | None


def _parse_row(row: dict, index: int, source: SourceFile, report: Report) -> _Row:
    from benchmarks.years import FinancialYear

    where = f"{source.name} row {index}"
    if None in row:
        raise OfficialDataError(f"{where}: the row has more cells than the header.")
    try:
        year = FinancialYear.parse(row["Financial year"]).start_year
    except ValueError:
        raise OfficialDataError(f"{where}: {row['Financial year']!r} is not a financial year like 2022-23.")
    gss = check_text_cell(row["Local authority code"], where)
    if not GSS_RE.match(gss):
        raise OfficialDataError(f"{where}: {gss!r} is not a GSS code like E06000001.")
    code = check_text_cell(row["Code"], where)
    if not code:
        raise OfficialDataError(f"{where}: the measure code is empty.")
    measure_name = check_text_cell(row["Measure"], where)
    value = _value(row["Value"].strip(), where, report)
    return _Row(year, gss, row["Local authority name"].strip(), code, measure_name, value)


def _value(text_value: str, where: str, report: Report) -> Decimal | None:
    if text_value == "":
        report.count("blank_values")
        return None
    try:
        value = Decimal(text_value)
    except InvalidOperation:
        check_text_cell(text_value, where)
        raise OfficialDataError(f"{where}: the value {text_value[:40]!r} is not a number.")
    if not value.is_finite():
        raise OfficialDataError(f"{where}: the value {text_value[:40]!r} is not a number.")
    return value


def _measure(code: str, name: str, orders: set[str], source: SourceFile, report: Report) -> MeasureSpec:
    # Oflog states the direction per row as rank_order: "desc" means a higher value ranks better.
    as_published = {o for o in orders if o}
    published = {o.lower() for o in as_published}
    if published == {"desc"}:
        polarity = "higher"
    elif published == {"asc"}:
        polarity = "lower"
    elif not published:
        polarity = "not_stated"
    else:
        raise OfficialDataError(f"{source.name}: {code} has conflicting rank_order values {sorted(published)}.")
    if published and "" in orders:
        report.add("rank_order_blank_on_some_rows", f"{code}: polarity taken from the rows that state it")
    return MeasureSpec(code, name, polarity, ", ".join(sorted(as_published)))
