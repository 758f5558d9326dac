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
    from benchmarks.years import FinancialYear

    report = Report(title=f"Oflog performance measures {source.name}")
    text = decode_csv_text(source, report)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise OfficialDataError(
            f"{source.name}: missing columns {', '.join(missing)}; is this Oflog's data explorer CSV?"
        )
    names: dict[str, str] = {}
    orders: dict[str, set[str]] = {}
    records: list[PerformanceRecord] = []
    seen: dict[tuple, int] = {}
    for index, row in enumerate(reader, start=2):
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
        if code in names and names[code] != measure_name:
            report.add("measure_names_vary", f"{code}: {names[code]!r} and {measure_name!r}")
        names.setdefault(code, measure_name)
        order = row["rank_order"].strip()
        orders.setdefault(code, set()).add(order)
        text_value = row["Value"].strip()
        if text_value == "":
            value = None
            report.count("blank_values")
        else:
            try:
                value = Decimal(text_value)
            except InvalidOperation:
                check_text_cell(text_value, where)
                raise OfficialDataError(f"{where}: the value {text_value[:40]!r} is not a number.")
            if not value.is_finite():
                raise OfficialDataError(f"{where}: the value {text_value[:40]!r} is not a number.")
        key = (code, gss, year)
        if key in seen:
            raise OfficialDataError(f"{where}: {code} for {gss} in {row['Financial year']} repeats row {seen[key]}.")
        seen[key] = index
        records.append(PerformanceRecord(index, year, gss, row["Local authority name"].strip(), code, value))
    if not records:
        raise OfficialDataError(f"{source.name}: no rows.")
    measures = []
    for code, name in sorted(names.items()):
        as_published = {o for o in orders[code] if o}
        published = {o.lower() for o in as_published}
        if published == {"desc"}:
            polarity = "higher"
        elif published == {"asc"}:
            polarity = "lower"
        elif not published:
            polarity = "not_stated"
        else:
            raise OfficialDataError(f"{source.name}: {code} has conflicting rank_order values {sorted(published)}.")
        if published and "" in orders[code]:
            report.add("rank_order_blank_on_some_rows", f"{code}: polarity taken from the rows that state it")
        measures.append(MeasureSpec(code, name, polarity, ", ".join(sorted(as_published))))
    report.counts = {"rows": len(records), "measures": len(measures), **report.counts}
    return measures, records, report
