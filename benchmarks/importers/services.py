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
from benchmarks.services import ensure_services
from benchmarks.years import FinancialYear

from .authorities import parse_authority_lookup
from .base import MAX_FILE_BYTES, OfficialDataError, Report, SourceFile, read_source
from .budget import parse_ra_csv
from .outturn import parse_outturn_file
from .performance import parse_oflog_csv
from .population import ParsedPopulation, parse_mid2023_csv, parse_ons_workbook
from .population_years import is_mid2022_layout, parse_mid_year_estimates
from .prices import parse_deflator_csv
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
            values = {
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
            if obj is None:
                to_create.append(Authority(**values))
                continue
            if obj.ecode and rec.ecode == "":
                values["ecode"] = obj.ecode  # keep the E-code MHCLG published for this body
            changed = False
            for key, value in values.items():
                current = getattr(obj, key)
                if key in ("latitude", "longitude") and current is not None and value is not None:
                    if current.quantize(value) == value or value.quantize(current) == current:
                        continue
                if current != value:
                    setattr(obj, key, value)
                    changed = True
            if changed:
                to_update.append(obj)
            if rec.mysociety_code not in by_code:
                report.add("merged_with_bodies_from_outturn", f"{rec.mysociety_code} {rec.name}")
            by_code[rec.mysociety_code] = obj
        for obj in to_create:
            # Coordinates come with many decimals; store them at the field's precision.
            for key in ("latitude", "longitude"):
                if getattr(obj, key) is not None:
                    setattr(obj, key, round(getattr(obj, key), 8))
        for obj in to_update:
            for key in ("latitude", "longitude"):
                if getattr(obj, key) is not None:
                    setattr(obj, key, round(getattr(obj, key), 8))
        Authority.objects.bulk_create(to_create, batch_size=BATCH)
        Authority.objects.bulk_update(to_update, AUTHORITY_FIELDS, batch_size=500)
        ids = dict(Authority.objects.filter(mysociety_code__isnull=False).values_list("mysociety_code", "id"))

        # Parent counties and successors (second pass: they refer to rows above and below).
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
            through.objects.filter(from_authority_id__in=ids.values()).values_list(
                "from_authority_id", "to_authority_id"
            )
        )
        if have - wanted:
            stale = have - wanted
            for from_id, to_id in stale:
                through.objects.filter(from_authority_id=from_id, to_authority_id=to_id).delete()
        through.objects.bulk_create(
            [through(from_authority_id=a, to_authority_id=b) for a, b in sorted(wanted - have)], batch_size=BATCH
        )

        # mid-2020 population for councils abolished before the ONS mid-2022 (April 2023) boundaries.
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

        report.count("created", len(to_create))
        report.count("updated", len(to_update))
        report.count("successor_links", len(wanted))
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


# ---------------------------------------------------------------------------------------------
# Matching MHCLG rows (E-code, sometimes ONS code) to authorities


_NOTE_SUFFIX = re.compile(r"\s*\([a-z]\)$")


class AuthorityMatcher:
    """Finds the authority for an MHCLG row: E-code first, then ONS code.

    Councils must already be in the lookup (import it first). Other bodies (MHCLG class "O":
    police, fire, national parks, waste, combined authorities) are not in the lookup and are
    added, labelled as other bodies, and listed in the report.
    """

    def __init__(self, report: Report):
        self.report = report
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
                self.unknown.append(f"{where}: {ecode} {name} (class {ro_class})")
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
        if self.unknown:
            raise OfficialDataError(
                f"{name}: {len(self.unknown)} councils are not in the authority lookup (join is on E-code/ONS code, "
                f"never names): {'; '.join(self.unknown[:5])}{' …' if len(self.unknown) > 5 else ''}. Import "
                "authorities/uk_local_authorities.csv first. Nothing was imported."
            )
        if self.dirty:
            Authority.objects.bulk_update(list(self.dirty.values()), ["ecode", "ro_class", "ro_detailed_class"])


# ---------------------------------------------------------------------------------------------
# Revenue outturn


def import_outturn(path, *, year: int | None = None, force: bool = False) -> ImportResult:
    started = time.monotonic()
    source = read_source(path)
    if not force and (
        run := _already_loaded(
            Dataset.REVENUE_OUTTURN, source, year, lambda r: OutturnReturn.objects.filter(source=r).exists()
        )
    ):
        return _unchanged_result(run, source, started)
    parsed = parse_outturn_file(source, year)
    report = parsed.report
    fy = FinancialYear(parsed.year)
    with transaction.atomic():
        service_ids = ensure_services()
        run = _new_run(
            Dataset.REVENUE_OUTTURN,
            source,
            year=parsed.year,
            last_updated=parsed.publisher_last_updated,
            title=parsed.title,
        )
        matcher = AuthorityMatcher(report)
        matched = []
        for row in parsed.rows:
            authority = matcher.match(
                row.ecode,
                row.gss_code,
                row.name,
                row.ro_class,
                row.detailed_class,
                f"{source.name} row {row.row_number}",
            )
            matched.append((row, authority))
        matcher.finish(source.name)
        replaced = OutturnReturn.objects.filter(year=fy).count()
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
        if replaced:
            report.note(f"replaced the {replaced} returns previously stored for {fy}")
        _finish_run(
            run,
            report,
            started,
            rows_read=len(parsed.rows),
            rows_loaded=len(returns),
            values=len(values),
            skipped=report.counts.get("totals_rows_skipped", 0) + report.counts.get("duplicates_dropped", 0),
        )
        _purge_cache()
    return ImportResult(run=run, report=report, seconds=time.monotonic() - started)


def check_outturn(path) -> list[str]:
    """Compare the stored figures for the file's year with the file, cell by cell. [] means identical."""
    source = read_source(path)
    parsed = parse_outturn_file(source)
    fy = FinancialYear(parsed.year)
    stored = {}
    for ecode, service, measure, value in OutturnValue.objects.filter(year=fy).values_list(
        "authority__ecode", "service__code", "measure", "value_thousands"
    ):
        stored[(ecode, service, measure)] = value
    returns = dict(OutturnReturn.objects.filter(year=fy).values_list("authority__ecode", "status"))
    problems = []
    file_keys = set()
    for row in parsed.rows:
        status = returns.get(row.ecode)
        if status is None:
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
    parsed = parse_ra_csv(source)
    fy = FinancialYear(parsed.year)
    stored = {
        (e, c): (v, m)
        for e, c, v, m in BudgetValue.objects.filter(year=fy).values_list(
            "authority__ecode", "line__code", "value_thousands", "marker"
        )
    }
    problems, seen = [], set()
    for row in parsed.rows:
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
    parsed = parse_ra_csv(source, year)
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
        matcher = AuthorityMatcher(report)
        matched = [
            (
                row,
                matcher.match(
                    row.ecode, row.gss_code, row.name, row.ro_class, "", f"{source.name} row {row.row_number}"
                ),
            )
            for row in parsed.rows
        ]
        matcher.finish(source.name)
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


# ---------------------------------------------------------------------------------------------
# A whole directory


def recognise(path: Path) -> tuple[str, str] | None:
    """(kind, dataset) for files we know how to import, by name; None for anything else."""
    name = path.name.lower()
    if name.endswith(".csv") and "local_authorities" in name:
        return "authorities", Dataset.AUTHORITIES
    if re.match(r"^(revenue_outturn_summary|rs_|rsx_).*\.(xls|xlsx|csv)$", name):
        return "outturn", Dataset.REVENUE_OUTTURN
    if re.match(r"^ra_.*\.csv$", name):
        return "budget", Dataset.REVENUE_BUDGET
    if re.search(r"^mye\d|mid-?year-?estimates|mid-\d{4}", name) and name.endswith((".xls", ".xlsx", ".ods")):
        # ONS mid-year estimates of any year (mye22final.xlsx, MYE2_…_mid-2013.xls, ukmidyearestimates….xls);
        # which layout it is is told from the content.
        return "population_workbook", Dataset.POPULATION
    if re.match(r"^pop_mid2023.*\.csv$", name):
        return "population_mid2023", Dataset.POPULATION
    if "deflator" in name and name.endswith(".csv"):
        return "prices", Dataset.PRICES
    if name.startswith("oflog") and name.endswith(".csv"):
        return "performance", Dataset.PERFORMANCE
    return None


IMPORTERS = {
    "authorities": import_authorities,
    "outturn": import_outturn,
    "budget": import_budget,
    "population_workbook": import_population_workbook,
    "population_mid2023": import_population_mid2023,
    "performance": import_performance,
    "prices": import_prices,
}
ORDER = ["authorities", "population_workbook", "population_mid2023", "outturn", "budget", "performance", "prices"]


def plan_directory(directory) -> tuple[list[tuple[str, Path]], list[Path]]:
    directory = Path(directory)
    if not directory.is_dir():
        raise OfficialDataError(f"{directory}: no such directory.")
    known, unknown = [], []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        kind = recognise(path)
        if kind is None:
            if path.suffix.lower() not in (".md", ".txt") and not path.name.startswith("."):
                unknown.append(path)
        else:
            known.append((kind[0], path))
    known.sort(key=lambda item: (ORDER.index(item[0]), item[1].name))
    return known, unknown
