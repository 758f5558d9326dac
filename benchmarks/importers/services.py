"""Database writes for the official imports.

Every import:
- reads and parses the whole file first (pure functions in this package); a bad file raises
  `OfficialDataError` before anything is written;
- writes inside one transaction (a failure leaves the previous data intact);
- replaces the figures it covers (a year of outturn, a year of budget …), so it is idempotent,
  and skips entirely when the same file (same SHA-256) is already the loaded one;
- records provenance on an `ImportRun` (file name, checksum, size, publisher's date, counts, report);
- purges the anonymous page cache once committed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from benchmarks.models import (
    Authority,
    BudgetLine,
    BudgetValue,
    Dataset,
    ImportRun,
    OutturnReturn,
    OutturnValue,
    PerformanceMeasure,
    PerformanceValue,
    PlaceCharacteristics,
    PopulationEstimate,
    PopulationSource,
    PriceIndex,
    ReturnStatus,
)
from benchmarks.ro import NET_CURRENT_EXPENDITURE as NCE
from benchmarks.services import ensure_services
from benchmarks.years import FinancialYear

from .authorities import parse_authority_lookup
from .base import MAX_FILE_BYTES, OfficialDataError, Report, SourceFile, read_source
from .budget import parse_ra_file
from .outturn import parse_outturn_file
from .outturn.compare import compare_figures
from .performance import parse_oflog_csv
from .population import ParsedPopulation, parse_mid2023_csv, parse_ons_workbook
from .population_years import is_mid2022_layout, parse_mid_year_estimates
from .prices import parse_deflator_csv
from .regions import (
    apply_official_regions,
    apply_workbook_regions,
    keep_official_region,
    lookup_source,
    source_label,
)
from .sheets import read_workbook, workbook_format

BATCH = 2000
# Abolished before the April 2023 boundaries of the ONS mid-2022 workbook.
POP2020_END_DATE_CUTOFF = "2023-04-01"


@dataclass
class ImportResult:
    run: ImportRun | None
    report: Report
    unchanged: bool = False
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return self.run.values_loaded if self.run else 0


def _fast_delete(queryset) -> int:
    """DELETE without loading rows or sending signals (these tables have no dependents).

    Django's collector would load every row to send post_delete signals (site search listens to
    all models), which costs seconds per year of figures.
    """
    model = queryset.model
    if any(rel.related_model is not None for rel in model._meta.related_objects):
        return queryset.delete()[0]
    return queryset._raw_delete(queryset.db)


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> int:
    """INSERT many rows with executemany (psycopg pipelines it; SQLite runs it in C).

    About ten times faster than bulk_create for hundreds of thousands of figures because no model
    instances are built. Values must already be database-ready (ints, str, Decimal, None).
    """
    from django.db import connection

    if not rows:
        return 0
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    cols = ", ".join(qn(model._meta.get_field(c).column) for c in columns)
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's bulk path: one round trip for the whole batch.
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return len(rows)
    # Table and column names come from our own model metadata, quoted; values are parameters.
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10000):
            cursor.executemany(sql, rows[start : start + 10000])
    return len(rows)


def _purge_cache() -> None:
    from cop.core.cache import purge_page_cache

    transaction.on_commit(purge_page_cache)


def _already_loaded(dataset: str, source: SourceFile, year: int | None, still_used) -> ImportRun | None:
    """The latest successful run of this file, if it had the same checksum and its data is still in use."""
    runs = ImportRun.objects.filter(dataset=dataset, status=ImportRun.Status.SUCCEEDED)
    if year is not None:
        runs = runs.filter(year=year)
    latest = runs.filter(file_name=source.name).order_by("-started_at", "-id").first()
    if latest and latest.sha256 == source.sha256 and still_used(latest):
        return latest
    return None


def _unchanged_result(run: ImportRun, source: SourceFile, started: float) -> ImportResult:
    report = Report(
        title=f"{source.name}: unchanged since import on {run.started_at:%Y-%m-%d %H:%M} (same SHA-256); "
        "nothing to do. Use --force to load it again."
    )
    return ImportResult(run=run, report=report, unchanged=True, seconds=time.monotonic() - started)


def _new_run(dataset: str, source: SourceFile, *, year=None, last_updated=None, title="") -> ImportRun:
    return ImportRun.objects.create(
        dataset=dataset,
        year=FinancialYear(year) if year is not None else None,
        file_name=source.name,
        sha256=source.sha256,
        file_size=len(source.data),
        publisher_last_updated=last_updated,
        publisher_title=title[:300],
    )


def _finish_run(
    run: ImportRun, report: Report, started: float, *, rows_read=0, rows_loaded=0, values=0, skipped=0
) -> None:
    run.seconds = round(time.monotonic() - started, 3)
    run.rows_read, run.rows_loaded, run.values_loaded, run.rows_skipped = rows_read, rows_loaded, values, skipped
    report.counts = {"values_loaded": values, **report.counts}
    run.report = report.as_dict()
    run.report_text = report.as_text(max_items=1000)
    run.save()


def record_failed_import(dataset: str, path: str | Path, message: str) -> ImportRun:
    """Keep a visible trace of a refused file (outside the rolled-back transaction)."""
    path = Path(path)
    sha = ""
    size = 0
    try:
        if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
            import hashlib

            data = path.read_bytes()
            sha, size = hashlib.sha256(data).hexdigest(), len(data)
    except OSError:
        pass
    return ImportRun.objects.create(
        dataset=dataset,
        file_name=path.name[:255],
        sha256=sha,
        file_size=size,
        status=ImportRun.Status.FAILED,
        report={"error": message},
        report_text=message,
    )


# ---------------------------------------------------------------------------------------------
# Authorities


AUTHORITY_FIELDS = [
    "gss_code",
    "ecode",
    "mysociety_code",
    "name",
    "official_name",
    "alt_names",
    "slug",
    "authority_type",
    "lookup_type",
    "tier",
    "is_principal_council",
    "region",
    "region_source",
    "nation",
    "start_date",
    "end_date",
    "former_gss_codes",
    "latitude",
    "longitude",
]


def import_authorities(path, *, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (run := _already_loaded(Dataset.AUTHORITIES, source, None, lambda r: Authority.objects.exists())):
        return _unchanged_result(run, source, started)
    records, report = parse_authority_lookup(source)
    with transaction.atomic():
        run = _new_run(Dataset.AUTHORITIES, source, title="mySociety UK local authorities lookup")
        to_create, to_update = _match_authorities(records, source, report)
        Authority.objects.bulk_create(to_create, batch_size=BATCH)
        Authority.objects.bulk_update(to_update, AUTHORITY_FIELDS, batch_size=500)
        ids = dict(Authority.objects.filter(mysociety_code__isnull=False).values_list("mysociety_code", "id"))
        links = _link_authorities(records, ids)
        pop_rows = _store_mid2020_populations(records, ids, run)

        report.count("created", len(to_create))
        report.count("updated", len(to_update))
        report.count("successor_links", links)
        report.count("mid_2020_populations_for_abolished_councils", len(pop_rows))
        _finish_run(
            run,
            report,
            started,
            rows_read=len(records),
            rows_loaded=len(records),
            values=len(to_create) + len(to_update),
        )
        _purge_cache()
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)


def _match_authorities(records, source, report) -> tuple[list[Authority], list[Authority]]:
    """Match each lookup row to an authority (mySociety code, then GSS, then E-code): new and changed rows."""
    existing = list(Authority.objects.all())
    by_code = {a.mysociety_code: a for a in existing if a.mysociety_code}
    by_gss = {a.gss_code: a for a in existing if a.gss_code and not a.mysociety_code}
    by_ecode = {a.ecode: a for a in existing if a.ecode and not a.mysociety_code}
    to_create, to_update = [], []
    for rec in records:
        obj = (
            by_code.get(rec.mysociety_code)
            or (by_gss.get(rec.gss_code) if rec.gss_code else None)
            or (by_ecode.get(rec.ecode) if rec.ecode else None)
        )
        values = _authority_values(rec)
        if obj is None:
            to_create.append(Authority(**values, region_source=lookup_source(source.name, rec.region)))
            continue
        # An official file's region is kept over the lookup's (issue 11); disagreements reported.
        values["region"], values["region_source"] = keep_official_region(obj, rec.region, source.name, report)
        if obj.ecode and rec.ecode == "":
            values["ecode"] = obj.ecode  # keep the E-code MHCLG published for this body
        if _update_authority(obj, values):
            to_update.append(obj)
        if rec.mysociety_code not in by_code:
            report.add("merged_with_bodies_from_outturn", f"{rec.mysociety_code} {rec.name}")
        by_code[rec.mysociety_code] = obj
    for obj in to_create + to_update:
        # Coordinates come with many decimals; store them at the field's precision.
        for key in ("latitude", "longitude"):
            if getattr(obj, key) is not None:
                setattr(obj, key, round(getattr(obj, key), 8))
    return to_create, to_update


def _authority_values(rec) -> dict:
    return {
        "gss_code": rec.gss_code,
        "ecode": rec.ecode,
        "mysociety_code": rec.mysociety_code,
        "name": rec.name,
        "official_name": rec.official_name,
        "alt_names": rec.alt_names,
        "slug": rec.slug,
        "authority_type": rec.authority_type,
        "lookup_type": rec.lookup_type,
        "tier": rec.tier,
        "is_principal_council": rec.is_principal_council,
        "region": rec.region,
        "nation": rec.nation,
        "start_date": rec.start_date,
        "end_date": rec.end_date,
        "former_gss_codes": rec.former_gss_codes,
        "latitude": rec.latitude,
        "longitude": rec.longitude,
    }


def _update_authority(obj: Authority, values: dict) -> bool:
    """Set the values that differ; True if any did. Coordinates equal at the lower precision count as equal."""
    changed = False
    for key, value in values.items():
        current = getattr(obj, key)
        if key in ("latitude", "longitude") and current is not None and value is not None:
            if current.quantize(value) == value or value.quantize(current) == current:
                continue
        if current != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _link_authorities(records, ids: dict[str, int]) -> int:
    """Parent counties and successors (a second pass: they refer to rows above and below). Returns the links."""
    parent_updates = []
    rec_by_code = {r.mysociety_code: r for r in records}
    for obj in Authority.objects.filter(mysociety_code__in=rec_by_code).only("id", "mysociety_code", "parent_id"):
        rec = rec_by_code[obj.mysociety_code]
        parent_id = ids.get(rec.parent_code) if rec.parent_code else None
        if obj.parent_id != parent_id:
            obj.parent_id = parent_id
            parent_updates.append(obj)
    Authority.objects.bulk_update(parent_updates, ["parent"], batch_size=500)
    through = Authority.successors.through
    wanted = {(ids[r.mysociety_code], ids[s]) for r in records for s in r.successor_codes}
    have = set(
        through.objects.filter(from_authority_id__in=ids.values()).values_list("from_authority_id", "to_authority_id")
    )
    for from_id, to_id in have - wanted:
        through.objects.filter(from_authority_id=from_id, to_authority_id=to_id).delete()
    through.objects.bulk_create(
        [through(from_authority_id=a, to_authority_id=b) for a, b in sorted(wanted - have)], batch_size=BATCH
    )
    return len(wanted)


def _store_mid2020_populations(records, ids: dict[str, int], run) -> list:
    """mid-2020 population for councils abolished before the ONS mid-2022 (April 2023) boundaries."""
    pop_rows = [
        r
        for r in records
        if r.pop_2020 is not None and r.end_date is not None and r.end_date.isoformat() <= POP2020_END_DATE_CUTOFF
    ]
    existing_pop = {
        (p.authority_id): p
        for p in PopulationEstimate.objects.filter(
            mid_year=2020, authority_id__in=[ids[r.mysociety_code] for r in pop_rows]
        )
    }
    new_pop, changed_pop = [], []
    for r in pop_rows:
        authority_id = ids[r.mysociety_code]
        current = existing_pop.get(authority_id)
        if current is None:
            new_pop.append(
                PopulationEstimate(
                    authority_id=authority_id,
                    mid_year=2020,
                    population=r.pop_2020,
                    source=PopulationSource.MYSOCIETY_POP2020,
                    import_run=run,
                )
            )
        elif current.population != r.pop_2020 or current.source != PopulationSource.MYSOCIETY_POP2020:
            current.population, current.source, current.import_run = (
                r.pop_2020,
                PopulationSource.MYSOCIETY_POP2020,
                run,
            )
            changed_pop.append(current)
    PopulationEstimate.objects.bulk_create(new_pop, batch_size=BATCH)
    PopulationEstimate.objects.bulk_update(changed_pop, ["population", "source", "import_run"], batch_size=500)
    return pop_rows


# ---------------------------------------------------------------------------------------------
# Matching MHCLG rows (E-code, sometimes ONS code) to authorities


_NOTE_SUFFIX = re.compile(r"\s*\([a-z]\)$")


class AuthorityMatcher:
    """Finds the authority for an MHCLG row: E-code first, then ONS code.

    Councils must already be in the lookup (import it first). Other bodies (MHCLG class "O":
    police, fire, national parks, waste, combined authorities) are not in the lookup and are
    added, labelled as other bodies, and listed in the report.
    """

    def __init__(self, report: Report, *, skip_unknown: bool = False):
        self.report = report
        # Outturn files: a council that matches nothing is reported and skipped, the rest still loads.
        self.skip_unknown = skip_unknown
        self.by_ecode: dict[str, Authority] = {}
        self.by_gss: dict[str, Authority] = {}
        for a in Authority.objects.all():
            if a.ecode:
                self.by_ecode.setdefault(a.ecode, a)
            if a.gss_code:
                self.by_gss[a.gss_code] = a
        self.dirty: dict[int, Authority] = {}
        self.unknown: list[str] = []

    def match(self, ecode: str, gss: str, name: str, ro_class: str, detailed: str, where: str) -> Authority | None:
        authority = self.by_ecode.get(ecode)
        if authority is None and gss:
            authority = self.by_gss.get(gss)
            if authority is not None:
                if authority.ecode and authority.ecode != ecode:
                    raise OfficialDataError(
                        f"{where}: E-code {ecode} and ONS code {gss} point at different authorities "
                        f"({authority.name} has E-code {authority.ecode}). Nothing was imported."
                    )
                authority.ecode = ecode
                self.by_ecode[ecode] = authority
                self.dirty[authority.pk] = authority
                self.report.add("ecodes_recorded_from_file", f"{ecode} for {authority.name} ({gss})")
        if authority is None:
            if ro_class.upper() != "O":
                self.unknown.append((where, f"{ecode} {name} (class {ro_class})"))
                return None
            authority = Authority.objects.create(
                ecode=ecode,
                gss_code=gss or None,
                name=_NOTE_SUFFIX.sub("", name),
                authority_type="O",
                tier="none",
                is_principal_council=False,
                ro_class=ro_class,
                ro_detailed_class=detailed,
            )
            self.by_ecode[ecode] = authority
            if gss:
                self.by_gss[gss] = authority
            self.report.count("other_bodies_added")
            self.report.add("other_bodies_added", f"{ecode} {authority.name} ({detailed or ro_class})")
        elif gss and authority.gss_code and authority.gss_code != gss:
            self.report.add(
                "ons_code_differs_from_lookup",
                f"{ecode} {authority.name}: file {gss}, lookup {authority.gss_code} (lookup kept)",
            )
        if (ro_class and not authority.ro_class) or (detailed and not authority.ro_detailed_class):
            authority.ro_class = authority.ro_class or ro_class
            authority.ro_detailed_class = authority.ro_detailed_class or detailed
            self.dirty[authority.pk] = authority
        return authority

    def finish(self, name: str) -> None:
        if self.unknown and self.skip_unknown:
            self.report.count("unknown_bodies_skipped", len(self.unknown))
            self.report.note(
                f"{len(self.unknown)} councils are not in the authority lookup (join is on E-code/ONS code, never "
                "names) and were skipped; import authorities/uk_local_authorities.csv, then this file again"
            )
            for where, body in self.unknown:
                self.report.add("unknown_bodies_skipped", f"{body}, {where}")
        elif self.unknown:
            listed = [f"{where}: {body}" for where, body in self.unknown[:5]]
            raise OfficialDataError(
                f"{name}: {len(self.unknown)} councils are not in the authority lookup (join is on E-code/ONS code, "
                f"never names): {'; '.join(listed)}{' …' if len(self.unknown) > 5 else ''}. Import "
                "authorities/uk_local_authorities.csv first. Nothing was imported."
            )
        if self.dirty:
            Authority.objects.bulk_update(list(self.dirty.values()), ["ecode", "ro_class", "ro_detailed_class"])


# ---------------------------------------------------------------------------------------------
# Revenue outturn


def _outturn_run_in_use(run: ImportRun) -> bool:
    """Its returns are still the stored ones, or (a compared RS workbook) the RSX import it was compared with is."""
    if OutturnReturn.objects.filter(source=run).exists():
        return True
    compared_with = (run.report or {}).get("compared_with_run")
    return bool(compared_with) and OutturnReturn.objects.filter(year=run.year, source_id=compared_with).exists()


def _stored_measures(fy: FinancialYear) -> set[str]:
    return set(OutturnValue.objects.filter(year=fy).values_list("measure", flat=True).distinct())


def _stored_is_rsx(fy: FinancialYear) -> bool:
    """The year's stored figures came from an RSX file (seven measures, not net current expenditure alone)."""
    return bool(_stored_measures(fy) - {NCE})


def _stored_nce(fy: FinancialYear) -> dict[tuple[str, str], Decimal | None]:
    return {
        (ecode, service): value
        for ecode, service, value in OutturnValue.objects.filter(year=fy, measure=NCE).values_list(
            "authority__ecode", "service__code", "value_thousands"
        )
    }


def _parsed_nce(parsed) -> dict[tuple[str, str], Decimal | None]:
    return {(row.ecode, s): v for row in parsed.rows for (s, m), v in row.values.items() if m == NCE}


def _record_comparison(run: ImportRun, comparison, compared_with: int | None, fy: FinancialYear) -> None:
    """Put an RS-vs-RSX comparison on the RS workbook's run (whichever file was imported first)."""
    report = Report(
        title=run.report.get("title", ""),
        counts=dict(run.report.get("counts", {})),
        notes=list(run.report.get("notes", [])),
        details=dict(run.report.get("details", {})),
    )
    comparison.add_to(report)
    report.note(
        f"{fy} is stored from the RSX file (seven measures); this RS workbook's net current expenditure was compared "
        "with it and not stored. Figures that differ by more than £1k are listed as RS-RSX disagreements."
    )
    run.report = {**report.as_dict(), "compared_with_run": compared_with}
    run.report_text = report.as_text(max_items=1000)
    run.save(update_fields=["report", "report_text"])


def _compare_rs_with_stored_rsx(parsed, source: SourceFile, started: float) -> ImportResult:
    """A year with an RSX file keeps the RSX figures; the RS workbook is only compared with them."""
    fy = FinancialYear(parsed.year)
    comparison = compare_figures(_parsed_nce(parsed), _stored_nce(fy))
    rsx_run_id = OutturnReturn.objects.filter(year=fy).values_list("source_id", flat=True).first()
    with transaction.atomic():
        run = _new_run(
            Dataset.REVENUE_OUTTURN,
            source,
            year=parsed.year,
            last_updated=parsed.publisher_last_updated,
            title=parsed.title,
        )
        _finish_run(run, parsed.report, started, rows_read=len(parsed.rows))
        _record_comparison(run, comparison, rsx_run_id, fy)
    report = Report(**{k: run.report[k] for k in ("title", "counts", "notes", "details")})
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)


def _previous_rs_run(fy: FinancialYear) -> ImportRun | None:
    """The RS workbook's run when the year's stored figures came from it (net current expenditure only)."""
    if _stored_measures(fy) != {NCE}:
        return None
    run_id = OutturnReturn.objects.filter(year=fy).values_list("source_id", flat=True).first()
    return ImportRun.objects.filter(pk=run_id).first()


def _match_outturn_rows(parsed, report: Report, source: SourceFile) -> list:
    matcher = AuthorityMatcher(report, skip_unknown=True)
    matched = []
    for row in parsed.rows:
        authority = matcher.match(
            row.ecode, row.gss_code, row.name, row.ro_class, row.detailed_class, f"{source.name} row {row.row_number}"
        )
        if authority is not None:
            matched.append((row, authority))
    matcher.finish(source.name)
    return matched


def _store_outturn_year(fy: FinancialYear, matched: list, run: ImportRun, service_ids: dict) -> tuple[int, int]:
    _fast_delete(OutturnValue.objects.filter(year=fy))
    _fast_delete(OutturnReturn.objects.filter(year=fy))
    returns, values = [], []
    for row, authority in matched:
        returns.append(
            OutturnReturn(
                authority_id=authority.pk,
                year=fy,
                status=ReturnStatus.SUBMITTED if row.submitted else ReturnStatus.NOT_SUBMITTED,
                not_submitted_marker=row.not_submitted_marker,
                certified=row.certified,
                name_as_published=row.name[:200],
                ro_class=row.ro_class[:5],
                ro_detailed_class=row.detailed_class[:5],
                notes=row.notes[:100],
                source=run,
            )
        )
        for (service, measure), value in row.values.items():
            values.append((authority.pk, fy.start_year, service_ids[service], measure, value, run.pk))
    OutturnReturn.objects.bulk_create(returns, batch_size=BATCH)
    _insert_rows(OutturnValue, ["authority", "year", "service", "measure", "value_thousands", "source"], values)
    return len(returns), len(values)


def import_outturn(path, *, year: int | None = None, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (run := _already_loaded(Dataset.REVENUE_OUTTURN, source, year, _outturn_run_in_use)):
        return _unchanged_result(run, source, started)
    parsed = parse_outturn_file(source, year)
    report = parsed.report
    fy = FinancialYear(parsed.year)
    if parsed.file_format == "RS" and _stored_is_rsx(fy):
        return _compare_rs_with_stored_rsx(parsed, source, started)
    with transaction.atomic():
        service_ids = ensure_services()
        run = _new_run(
            Dataset.REVENUE_OUTTURN,
            source,
            year=parsed.year,
            last_updated=parsed.publisher_last_updated,
            title=parsed.title,
        )
        matched = _match_outturn_rows(parsed, report, source)
        if parsed.file_format == "RS":
            # Early RS workbooks state each council's region: an official statement beats the lookup.
            apply_workbook_regions(source, "RS", parsed.year, report)
        previous_rs = _previous_rs_run(fy) if parsed.file_format == "RSX" else None
        if previous_rs is not None:
            # The RS workbook came first: compare its stored figures with this file before replacing them.
            _record_comparison(previous_rs, compare_figures(_stored_nce(fy), _parsed_nce(parsed)), run.pk, fy)
            report.note(f"replaces figures from {previous_rs.file_name}; the comparison is on that file's import run")
        replaced = OutturnReturn.objects.filter(year=fy).count()
        loaded, values = _store_outturn_year(fy, matched, run, service_ids)
        if replaced:
            report.note(f"replaced the {replaced} returns previously stored for {fy}")
        _finish_run(
            run,
            report,
            started,
            rows_read=len(parsed.rows),
            rows_loaded=loaded,
            values=values,
            skipped=report.counts.get("totals_rows_skipped", 0) + report.counts.get("duplicates_dropped", 0),
        )
        _purge_cache()
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)


def _latest_outturn_run(source: SourceFile, fy: FinancialYear) -> ImportRun | None:
    return (
        ImportRun.objects.filter(
            dataset=Dataset.REVENUE_OUTTURN, status=ImportRun.Status.SUCCEEDED, year=fy, file_name=source.name
        )
        .order_by("-started_at", "-id")
        .first()
    )


def _check_rs_against_rsx(source: SourceFile, parsed, fy: FinancialYear) -> list[str]:
    """An RS workbook of a year stored from RSX: only the disagreements its import listed may differ."""
    run = _latest_outturn_run(source, fy)
    if run is None or "compared_with_run" not in (run.report or {}):
        return [f"{source.name}: {fy} is stored from an RSX file and this workbook was never compared with it"]
    listed = set(run.report.get("details", {}).get("rs_rsx_disagreements", []))
    comparison = compare_figures(_parsed_nce(parsed), _stored_nce(fy))
    problems = [f"{d} (not in the import report)" for d in comparison.disagreements if d not in listed]
    current = OutturnReturn.objects.filter(year=fy).values_list("source_id", flat=True).first()
    if run.report["compared_with_run"] != current:
        problems.append(f"{source.name}: compared with an earlier import of {fy}; import it again")
    return problems


def check_outturn(path) -> list[str]:
    """Compare the stored figures for the file's year with the file, cell by cell. [] means identical."""
    source = read_source(path)
    parsed = parse_outturn_file(source)
    fy = FinancialYear(parsed.year)
    if parsed.file_format == "RS" and _stored_is_rsx(fy):
        return _check_rs_against_rsx(source, parsed, fy)
    stored = {}
    for ecode, service, measure, value in OutturnValue.objects.filter(year=fy).values_list(
        "authority__ecode", "service__code", "measure", "value_thousands"
    ):
        stored[(ecode, service, measure)] = value
    returns = dict(OutturnReturn.objects.filter(year=fy).values_list("authority__ecode", "status"))
    run = _latest_outturn_run(source, fy)
    skipped = {
        item.split()[0]
        for item in ((run.report or {}) if run else {}).get("details", {}).get("unknown_bodies_skipped", [])
    }
    problems = []
    file_keys = set()
    for row in parsed.rows:
        status = returns.get(row.ecode)
        if status is None:
            if row.ecode not in skipped:
                problems.append(f"{row.ecode} {row.name}: no stored return for {fy}")
            continue
        expected_status = ReturnStatus.SUBMITTED if row.submitted else ReturnStatus.NOT_SUBMITTED
        if status != expected_status:
            problems.append(f"{row.ecode} {row.name}: stored status {status}, file says {expected_status}")
        for (service, measure), value in row.values.items():
            key = (row.ecode, service, measure)
            file_keys.add(key)
            if key not in stored:
                problems.append(f"{row.ecode} {row.name} line {service} {measure}: missing")
            elif not _same_number(stored[key], value):
                problems.append(f"{row.ecode} {row.name} line {service} {measure}: stored {stored[key]}, file {value}")
    for key in set(stored) - file_keys:
        problems.append(f"{key[0]} line {key[1]} {key[2]}: stored but not in the file")
    for ecode in set(returns) - {r.ecode for r in parsed.rows}:
        problems.append(f"{ecode}: stored return not in the file")
    return problems


def check_budget(path) -> list[str]:
    """Compare the stored RA figures (and text markers) for the file's year with the file. [] = identical."""
    source = read_source(path)
    parsed = parse_ra_file(source)
    fy = FinancialYear(parsed.year)
    # Bodies that match no authority were reported and skipped by the import: nothing to compare.
    known = set(Authority.objects.exclude(ecode="").values_list("ecode", flat=True))
    stored = {
        (e, c): (v, m)
        for e, c, v, m in BudgetValue.objects.filter(year=fy).values_list(
            "authority__ecode", "line__code", "value_thousands", "marker"
        )
    }
    problems, seen = [], set()
    for row in (r for r in parsed.rows if r.ecode in known):
        for code, value in row.values.items():
            key = (row.ecode, code)
            seen.add(key)
            expected = (value, row.markers.get(code, ""))
            if key not in stored:
                problems.append(f"{row.ecode} {row.name} line {code}: missing")
            elif not _same_number(stored[key][0], value) or stored[key][1] != expected[1]:
                problems.append(f"{row.ecode} {row.name} line {code}: stored {stored[key]}, file {expected}")
    problems += [f"{e} line {c}: stored but not in the file" for e, c in set(stored) - seen]
    return problems


def _same_number(stored, published) -> bool:
    if stored is None or published is None:
        return stored is None and published is None
    if stored == published:
        return True
    # SQLite keeps decimals as 8-byte floats (about 15 significant digits); PostgreSQL keeps them
    # exactly, so only SQLite gets this tolerance (far below £0.01).
    from django.db import connection

    return connection.vendor == "sqlite" and abs(stored - published) <= abs(published) * Decimal("1e-14")


# ---------------------------------------------------------------------------------------------
# Revenue account budget (RA)


def import_budget(path, *, year: int | None = None, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(
            Dataset.REVENUE_BUDGET, source, year, lambda r: BudgetValue.objects.filter(source=r).exists()
        )
    ):
        return _unchanged_result(run, source, started)
    parsed = parse_ra_file(source, year)
    report = parsed.report
    fy = FinancialYear(parsed.year)
    with transaction.atomic():
        run = _new_run(
            Dataset.REVENUE_BUDGET,
            source,
            year=parsed.year,
            last_updated=parsed.publisher_last_updated,
            title=parsed.title,
        )
        lines = {line.code: line for line in BudgetLine.objects.all()}
        new_lines, changed_lines = [], []
        for order, spec in enumerate(parsed.lines):
            line = lines.get(spec.code)
            if line is None:
                line = BudgetLine(
                    code=spec.code,
                    name=spec.name[:250],
                    section=spec.section[:120],
                    asset_id=spec.asset_id[:40],
                    sort_order=order * 10,
                )
                new_lines.append(line)
                lines[spec.code] = line
            elif (spec.asset_id and not line.asset_id) or (spec.section and not line.section):
                line.asset_id = line.asset_id or spec.asset_id[:40]
                line.section = line.section or spec.section[:120]
                changed_lines.append(line)
        BudgetLine.objects.bulk_create(new_lines, batch_size=BATCH)
        BudgetLine.objects.bulk_update(changed_lines, ["asset_id", "section"])
        line_ids = dict(BudgetLine.objects.values_list("code", "id"))
        matcher = AuthorityMatcher(report, skip_unknown=True)
        matched = [
            (
                row,
                matcher.match(
                    row.ecode, row.gss_code, row.name, row.ro_class, "", f"{source.name} row {row.row_number}"
                ),
            )
            for row in parsed.rows
        ]
        # A body that matches no authority is reported and skipped; the rest of the file loads.
        matcher.finish(source.name)
        matched = [(row, authority) for row, authority in matched if authority is not None]
        regions = {authority.pk: row.region for row, authority in matched if row.region}
        if regions:
            apply_official_regions(regions, source_label("RA", parsed.year, source.name), report)
        _fast_delete(BudgetValue.objects.filter(year=fy))
        values = [
            (authority.pk, fy.start_year, line_ids[code], value, row.markers.get(code, "")[:40], run.pk)
            for row, authority in matched
            for code, value in row.values.items()
        ]
        _insert_rows(BudgetValue, ["authority", "year", "line", "value_thousands", "marker", "source"], values)
        report.count("lines_added", len(new_lines))
        imputed = [f"{row.ecode} {row.name}" for row in parsed.rows if row.notes.strip().upper() == "S"]
        for item in imputed:
            report.add("imputed_by_mhclg_return_not_received", item)
        _finish_run(
            run,
            report,
            started,
            rows_read=len(parsed.rows),
            rows_loaded=len(matched),
            values=len(values),
            skipped=report.counts.get("totals_rows_skipped", 0),
        )
        _purge_cache()
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)


# ---------------------------------------------------------------------------------------------
# Population


def _load_population(parsed: ParsedPopulation, source: SourceFile, started: float) -> ImportResult:
    report = parsed.report
    with transaction.atomic():
        run = _new_run(
            Dataset.POPULATION, source, last_updated=parsed.publisher_last_updated, title=parsed.report.title
        )
        by_gss = dict(Authority.objects.filter(gss_code__isnull=False).values_list("gss_code", "id"))
        matched = [(area, by_gss[area.code]) for area in parsed.areas if area.code in by_gss]
        unmatched = [area for area in parsed.areas if area.code not in by_gss]
        for area in unmatched:
            report.add("areas_that_are_not_authorities", f"{area.code} {area.name or ''} {area.geography}".strip())
        report.count("areas_matched_to_authorities", len(matched))
        report.count("areas_not_authorities", len(unmatched))
        authority_ids = [a for _, a in matched]
        existing = {
            (p.authority_id, p.mid_year): p
            for p in PopulationEstimate.objects.filter(authority_id__in=authority_ids, mid_year__in=parsed.mid_years)
        }
        transcribed = parsed.source_label == PopulationSource.ONS_MID2023_TRANSCRIBED
        estimates, replace_ids, kept = [], [], 0
        for area, authority_id in matched:
            for mid_year, population in area.population.items():
                current = existing.get((authority_id, mid_year))
                if current is not None and transcribed and current.source != PopulationSource.ONS_MID2023_TRANSCRIBED:
                    kept += 1  # the ONS original is preferred to the transcription
                    continue
                if current is not None:
                    replace_ids.append(current.pk)
                estimates.append(
                    PopulationEstimate(
                        authority_id=authority_id,
                        mid_year=mid_year,
                        population=population,
                        source=parsed.source_label,
                        import_run=run,
                    )
                )
        if kept:
            report.note(f"{kept} figures kept from the ONS original in preference to the transcription")
        _fast_delete(PopulationEstimate.objects.filter(pk__in=replace_ids))
        PopulationEstimate.objects.bulk_create(estimates, batch_size=BATCH)
        places = []
        if parsed.source_label == PopulationSource.ONS_MYE22:  # only that workbook has place characteristics
            _fast_delete(PlaceCharacteristics.objects.filter(mid_year=2022))
            for area, authority_id in matched:
                f, m = area.females, area.males
                both = [a + b for a, b in zip(f, m, strict=True)] if f and m else []
                places.append(
                    PlaceCharacteristics(
                        authority_id=authority_id,
                        mid_year=2022,
                        area_sq_km=area.area_sq_km,
                        people_per_sq_km=area.people_per_sq_km,
                        median_age=area.median_age,
                        population=area.population.get(2022),
                        aged_0_15=sum(both[:16]) if both else None,
                        aged_16_64=sum(both[16:65]) if both else None,
                        aged_65_plus=sum(both[65:]) if both else None,
                        aged_85_plus=sum(both[85:]) if both else None,
                        age_by_sex={"F": f, "M": m} if both else {},
                        import_run=run,
                    )
                )
            PlaceCharacteristics.objects.bulk_create(places, batch_size=500)
        report.count("estimates_loaded", len(estimates))
        _finish_run(
            run,
            report,
            started,
            rows_read=len(parsed.areas),
            rows_loaded=len(matched),
            values=len(estimates) + len(places),
            skipped=len(unmatched),
        )
        _purge_cache()
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)


def import_population_workbook(path, *, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(
            Dataset.POPULATION, source, None, lambda r: PopulationEstimate.objects.filter(import_run=r).exists()
        )
    ):
        return _unchanged_result(run, source, started)
    return _load_population(parse_population_workbook(source), source, started)


def parse_population_workbook(source: SourceFile) -> ParsedPopulation:
    """Told apart by content: the mid-2022 layout (areas by mid-year, with age and density) or any
    other ONS mid-year estimates workbook (one year's persons sheet)."""
    if workbook_format(source.data) is None:
        raise OfficialDataError(
            f"{source.name}: not an Excel or OpenDocument workbook (.xls, .xlsx or .ods); ONS mid-year "
            "estimates are published as workbooks. Nothing was imported."
        )
    workbook = read_workbook(source)
    if is_mid2022_layout(workbook):
        return parse_ons_workbook(source)
    return parse_mid_year_estimates(source, workbook)


def check_population(path) -> list[str]:
    """Compare the stored estimates from this file's mid-years with the file. [] means identical."""
    source = read_source(path)
    parsed = parse_population_workbook(source)
    stored = {
        (code, year): (population, src)
        for code, year, population, src in PopulationEstimate.objects.filter(mid_year__in=parsed.mid_years).values_list(
            "authority__gss_code", "mid_year", "population", "source"
        )
    }
    authorities = set(Authority.objects.filter(gss_code__isnull=False).values_list("gss_code", flat=True))
    problems = []
    for area in parsed.areas:
        if area.code not in authorities:
            continue  # regions, countries and the like: reported at import, never stored
        for year, population in area.population.items():
            found = stored.get((area.code, year))
            if found is None:
                problems.append(f"{area.code} {area.name} mid-{year}: missing")
            elif found != (population, parsed.source_label):
                problems.append(f"{area.code} {area.name} mid-{year}: stored {found}, file {population}")
    return problems


def import_population_mid2023(path, *, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(
            Dataset.POPULATION, source, None, lambda r: PopulationEstimate.objects.filter(import_run=r).exists()
        )
    ):
        return _unchanged_result(run, source, started)
    return _load_population(parse_mid2023_csv(source), source, started)


# ---------------------------------------------------------------------------------------------
# GDP deflators (for real terms)


def import_prices(path, *, force: bool = False) -> ImportResult:
    """Replace the whole deflator series: a new release revises past years, and mixing releases would
    put years on different bases."""
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(Dataset.PRICES, source, None, lambda r: PriceIndex.objects.filter(source=r).exists())
    ):
        return _unchanged_result(run, source, started)
    parsed = parse_deflator_csv(source)
    with transaction.atomic():
        run = _new_run(Dataset.PRICES, source, title="GDP deflators at market prices (HM Treasury), transcribed")
        _fast_delete(PriceIndex.objects.all())
        base = FinancialYear(parsed.base_year)
        PriceIndex.objects.bulk_create(
            PriceIndex(year=FinancialYear(y), deflator=v, base_year=base, provisional=parsed.provisional, source=run)
            for y, v in sorted(parsed.deflators.items())
        )
        n = len(parsed.deflators)
        _finish_run(run, parsed.report, started, rows_read=n, rows_loaded=n, values=n)
        _purge_cache()
    return ImportResult(run=run, report=parsed.report, seconds=time.monotonic() - started)


# ---------------------------------------------------------------------------------------------
# Oflog performance measures


def import_performance(path, *, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(
            Dataset.PERFORMANCE, source, None, lambda r: PerformanceValue.objects.filter(source=r).exists()
        )
    ):
        return _unchanged_result(run, source, started)
    specs, records, report = parse_oflog_csv(source)
    with transaction.atomic():
        run = _new_run(Dataset.PERFORMANCE, source, title="Oflog Local Authority Data Explorer: adult social care")
        by_gss = dict(Authority.objects.filter(gss_code__isnull=False).values_list("gss_code", "id"))
        unknown = sorted({f"{r.gss_code} {r.name}" for r in records if r.gss_code not in by_gss})
        if unknown:
            raise OfficialDataError(
                f"{source.name}: {len(unknown)} authority codes are not in the authority lookup: "
                f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}. Import the lookup first. "
                "Nothing was imported."
            )
        measures = {m.code: m for m in PerformanceMeasure.objects.filter(code__in=[s.code for s in specs])}
        for spec in specs:
            measure = measures.get(spec.code)
            fields = {
                "name": spec.name[:250],
                "polarity": spec.polarity,
                "rank_order_as_published": spec.rank_order_as_published[:20],
            }
            if measure is None:
                measures[spec.code] = PerformanceMeasure.objects.create(code=spec.code, unit_label="", **fields)
            elif any(getattr(measure, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(measure, k, v)
                measure.save()
        _fast_delete(PerformanceValue.objects.filter(measure__in=list(measures.values())))
        values = [(measures[r.code].pk, by_gss[r.gss_code], r.year, r.value, run.pk) for r in records]
        _insert_rows(PerformanceValue, ["measure", "authority", "year", "value", "source"], values)
        report.note("units are not stated by Oflog; shown as published, without a unit")
        _finish_run(run, report, started, rows_read=len(records), rows_loaded=len(values), values=len(values))
        _purge_cache()
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)
