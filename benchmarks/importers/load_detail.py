"""Database writes for the RO3 social care detail (service_detail dataset), and the check against the file.

Same contract as the other imports (see services.py): parse first, write in one transaction,
replace the year's detail figures, skip a file already loaded (same SHA-256), record provenance.
A body that matches no authority (by E-code, then ONS code) is reported and skipped: detail rows
never create authorities (the outturn import does that for other bodies).
"""

from __future__ import annotations

import time

from django.db import transaction

from benchmarks.models import Authority, Dataset, DetailLine, DetailValue
from benchmarks.services import ensure_services
from benchmarks.years import FinancialYear

from .base import Report, read_source
from .detail import DetailLineSpec, DetailRow, ParsedDetail, parse_detail_file
from .services import (
    ImportResult,
    _already_loaded,
    _fast_delete,
    _finish_run,
    _insert_rows,
    _new_run,
    _purge_cache,
    _same_number,
    _unchanged_result,
)


class _Lookup:
    """E-code first, then ONS code, over the authorities already stored (never creates any)."""

    def __init__(self):
        self.by_ecode, self.by_gss = {}, {}
        for pk, ecode, gss in Authority.objects.values_list("pk", "ecode", "gss_code"):
            if ecode:
                self.by_ecode.setdefault(ecode, pk)
            if gss:
                self.by_gss[gss] = pk

    def find(self, row: DetailRow) -> int | None:
        return self.by_ecode.get(row.ecode) or (self.by_gss.get(row.gss_code) if row.gss_code else None)


def _ensure_lines(specs: list[DetailLineSpec]) -> dict[tuple[str, str], int]:
    """DetailLine id per (row number, label); creates new lines, keeps the latest section and order."""
    service_ids = ensure_services()
    existing = {(line.form, line.code, line.name): line for line in DetailLine.objects.all()}
    ids = {}
    for spec in specs:
        fields = {"section": spec.section, "service_id": service_ids[spec.service], "sort_order": spec.sort_order}
        line = existing.get((spec.form, spec.code, spec.name))
        if line is None:
            line = DetailLine.objects.create(form=spec.form, code=spec.code, name=spec.name, **fields)
        elif any(getattr(line, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(line, k, v)
            line.save()
        ids[spec.key] = line.pk
    return ids


def _match_rows(parsed: ParsedDetail, report: Report) -> list[tuple[DetailRow, int]]:
    lookup = _Lookup()
    matched = []
    for row in parsed.rows:
        authority_id = lookup.find(row)
        if authority_id is None:
            report.count("bodies_not_matched")
            report.add(
                "bodies_not_matched",
                f"row {row.row_number}: {row.ecode} {row.gss_code or 'no ONS code'} {row.name} (class {row.ro_class}); "
                "skipped",
            )
            continue
        matched.append((row, authority_id))
    return matched


def import_detail(path, *, year: int | None = None, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(
            Dataset.SERVICE_DETAIL, source, year, lambda r: DetailValue.objects.filter(source=r).exists()
        )
    ):
        return _unchanged_result(run, source, started)
    parsed = parse_detail_file(source, year)
    report = parsed.report
    fy = FinancialYear(parsed.year)
    with transaction.atomic():
        run = _new_run(
            Dataset.SERVICE_DETAIL,
            source,
            year=parsed.year,
            last_updated=parsed.publisher_last_updated,
            title=parsed.title,
        )
        line_ids = _ensure_lines(parsed.lines)
        matched = _match_rows(parsed, report)
        replaced = DetailValue.objects.filter(year=fy).count()
        _fast_delete(DetailValue.objects.filter(year=fy))
        values = [
            (authority_id, fy.start_year, line_ids[key], measure, value, run.pk)
            for row, authority_id in matched
            for (key, measure), value in row.values.items()
        ]
        _insert_rows(DetailValue, ["authority", "year", "line", "measure", "value_thousands", "source"], values)
        if replaced:
            report.note(f"replaced the {replaced} detail figures previously stored for {fy}")
        _finish_run(
            run,
            report,
            started,
            rows_read=len(parsed.rows),
            rows_loaded=len(matched),
            values=len(values),
            skipped=len(parsed.rows) - len(matched) + report.counts.get("totals_rows_skipped", 0),
        )
        _purge_cache()
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)


def check_detail(path) -> list[str]:
    """Compare the stored detail figures for the file's year with the file, cell by cell. [] = identical.

    Bodies the import skipped (no matching authority) are skipped here too; every other cell of
    every loaded line must be stored with the same value (NULL where the file says not submitted).
    """
    source = read_source(path)
    parsed = parse_detail_file(source)
    fy = FinancialYear(parsed.year)
    stored = {
        (aid, (code, name), measure): value
        for aid, code, name, measure, value in DetailValue.objects.filter(year=fy).values_list(
            "authority_id", "line__code", "line__name", "measure", "value_thousands"
        )
    }
    lookup = _Lookup()
    problems, seen = [], set()
    for row in parsed.rows:
        authority_id = lookup.find(row)
        if authority_id is None:
            continue
        for (key, measure), value in row.values.items():
            cell = (authority_id, key, measure)
            seen.add(cell)
            if cell not in stored:
                problems.append(f"{row.ecode} {row.name} row {key[0]} '{key[1]}' {measure}: missing")
            elif not _same_number(stored[cell], value):
                problems.append(
                    f"{row.ecode} {row.name} row {key[0]} '{key[1]}' {measure}: stored {stored[cell]}, file {value}"
                )
    for aid, key, measure in set(stored) - seen:
        problems.append(f"authority {aid} row {key[0]} '{key[1]}' {measure}: stored but not in the file")
    return problems
