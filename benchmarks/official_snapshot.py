"""A compact, committed snapshot of the official figures, so a clone with no data directory has them.

`export_snapshot` writes every table of the `benchmarks` app (the tables the importers fill, read
from `_meta`, so fields and models added later are carried without changes here) into one
xz-compressed text file:

    line 1      manifest (JSON): format, version, and per table its model, fields, row count, SHA-256
    then        for each table in manifest order, one JSON array per row (Decimal as exact text)

`load_snapshot` reads and checks the whole file before it writes anything, then in one
transaction makes the official tables equal to the snapshot:
- reference rows (authorities, service lines, budget lines, measures, detail lines) are matched on
  their natural keys (unique fields and constraints; an authority with neither code on its E-code)
  and updated or added, never deleted, because user data (groups, submissions, domains) points at them;
- figure tables (every model with a foreign key to ImportRun) are emptied and refilled;
- the ImportRun rows are copied with their file names, checksums and publisher dates, so the
  pages keep naming the original files; each copy's report records the snapshot it came from, and
  that record is how a second load of the same snapshot knows it has nothing to do.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import lzma
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Max

FORMAT = "place-exchange-official-snapshot"
VERSION = 1
DEFAULT_PATH = Path(settings.BASE_DIR) / "benchmarks" / "snapshot" / "official.jsonl.xz"
MAX_BYTES = 10 * 1024 * 1024
# xz preset 1: within 15% of the default's size (6) in a tenth of its time, so the lead can rebuild often.
PRESET = 1
APP_LABEL = "benchmarks"
# Read at most this much decompressed text: a damaged header must not make us allocate without bound.
MAX_TEXT_BYTES = 1024 * 1024 * 1024


class SnapshotError(Exception):
    """The snapshot cannot be loaded; nothing was changed."""


# ---------------------------------------------------------------------------------------------
# Which tables, in which order


def _import_run_model():
    return apps.get_model(APP_LABEL, "ImportRun")


def _is_fact(model) -> bool:
    """Figure tables: rows that cite the import they came from."""
    run = _import_run_model()
    return any(f.is_relation and f.many_to_one and f.related_model is run for f in model._meta.concrete_fields)


def _kind(model) -> str:
    if model is _import_run_model():
        return "runs"
    if model._meta.auto_created:
        return "links"
    return "facts" if _is_fact(model) else "reference"


def snapshot_models() -> list:
    """Every model of the benchmarks app, each after the models its foreign keys point at."""
    pending = list(apps.get_app_config(APP_LABEL).get_models(include_auto_created=True))
    pending.sort(key=lambda m: m._meta.label)
    ordered: list = []
    while pending:
        for model in pending:
            targets = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model is not model and f.related_model in pending
            }
            if not targets:
                ordered.append(model)
                pending.remove(model)
                break
        else:  # pragma: no cover - a cycle between two models would need a schema change to appear
            raise SnapshotError(f"foreign keys form a cycle among {[m._meta.label for m in pending]}")
    return ordered


def _fields(model) -> list:
    return list(model._meta.concrete_fields)


# ---------------------------------------------------------------------------------------------
# Export


def _decimal_text(value: Decimal) -> str:
    # Exact and short: 12.500000000000000 -> "12.5", never exponent notation.
    return format(value.normalize(), "f")


def _exporter(f):
    if isinstance(f, models.DecimalField):
        return lambda v: None if v is None else _decimal_text(v)
    if isinstance(f, (models.DateField, models.DateTimeField)):  # DateTimeField is a DateField
        return lambda v: None if v is None else v.isoformat()
    if isinstance(f, models.JSONField):
        return lambda v: v
    if getattr(f, "from_db_value", None) is not None:
        # Custom Python types (FinancialYear): store what the database holds.
        return f.get_prep_value
    return None


def _exported_runs() -> set[int]:
    """Successful runs that figures cite, and the latest successful run of each file."""
    run_model = _import_run_model()
    keep: set[int] = set()
    for model in snapshot_models():
        for f in _fields(model):
            if _kind(model) == "facts" and f.is_relation and f.related_model is run_model:
                keep |= set(model.objects.values_list(f.attname, flat=True).distinct())
    latest = (
        run_model.objects.filter(status="succeeded")
        .values("dataset", "file_name", "year")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    return keep | set(latest)


def _exported_fields(model) -> list:
    # A figure's own id means nothing elsewhere: leave it out (about a fifth of the file).
    return [f for f in _fields(model) if not (f.primary_key and _kind(model) == "facts")]


def _table_columns(model, runs: set[int]) -> tuple[list, int, list[bytes]]:
    """The table's fields and one JSON line per field: all its values in primary-key order.

    Column by column, runs of equal codes and years compress to almost nothing (a third of the
    size of row by row, and faster both ways)."""
    run_model = _import_run_model()
    fields = _exported_fields(model)
    queryset = model.objects.order_by("pk")
    if model is run_model:
        queryset = queryset.filter(pk__in=runs)
    rows = list(queryset.values_list(*[f.attname for f in fields]))
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in fields]
    count = len(rows)
    for i, f in enumerate(fields):
        conv = _exporter(f)
        if conv is not None:
            columns[i] = [conv(v) for v in columns[i]]
        if model is run_model and f.name == "report":
            # A run copied from an earlier snapshot: the note is about that load, not about the file.
            columns[i] = [{k: v for k, v in (r or {}).items() if k != "snapshot"} for r in columns[i]]
    dump = {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True}
    return fields, count, [json.dumps(column, **dump).encode() + b"\n" for column in columns]


@dataclass
class ExportResult:
    path: Path
    size: int
    sha256: str
    counts: dict[str, int]
    seconds: float


def export_snapshot(path: str | Path = DEFAULT_PATH) -> ExportResult:
    """Write the snapshot to `path` (atomically: a temporary file renamed into place)."""
    started = time.monotonic()
    path = Path(path)
    runs = _exported_runs()
    tables, bodies = [], []
    for model in snapshot_models():
        fields, count, lines = _table_columns(model, runs)
        body = b"".join(lines)
        tables.append(
            {
                "model": model._meta.label_lower,
                "kind": _kind(model),
                "fields": [f.attname for f in fields],
                "rows": count,
                "sha256": hashlib.sha256(body).hexdigest(),
            }
        )
        bodies.append(body)
    manifest = {"format": FORMAT, "version": VERSION, "tables": tables}
    text = json.dumps(manifest, separators=(",", ":"), sort_keys=True).encode() + b"\n" + b"".join(bodies)
    # The output depends only on the input, so the same figures give the same file.
    data = lzma.compress(text, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=PRESET)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return ExportResult(
        path=path,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        counts={t["model"]: t["rows"] for t in tables},
        seconds=time.monotonic() - started,
    )


# ---------------------------------------------------------------------------------------------
# Reading and checking


@dataclass
class Table:
    model: type
    kind: str
    count: int
    columns: dict[str, list]

    def rows(self) -> list[dict]:
        names = list(self.columns)
        return [dict(zip(names, values, strict=True)) for values in zip(*self.columns.values(), strict=True)]


@dataclass
class Snapshot:
    path: Path
    sha256: str
    size: int
    tables: list[Table] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {t.model._meta.label_lower: t.count for t in self.tables}


def _damaged(path: Path, why: str) -> SnapshotError:
    return SnapshotError(
        f"{path.name}: the snapshot is damaged or incomplete ({why}). Nothing was loaded. "
        "Restore it with `git checkout -- <path>` or rebuild it with `manage.py export_official_snapshot`."
    )


def _decompress(path: Path, data: bytes) -> bytes:
    try:
        decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        text = decompressor.decompress(data, max_length=MAX_TEXT_BYTES)
    except lzma.LZMAError as exc:
        raise _damaged(path, f"not a valid xz file: {exc}") from None
    if not decompressor.eof:
        raise _damaged(path, "the compressed data ends early")
    if decompressor.unused_data:
        raise _damaged(path, "unexpected bytes after the end of the data")
    return text


def _manifest(path: Path, line: bytes) -> dict:
    try:
        manifest = json.loads(line)
    except ValueError:
        raise _damaged(path, "the manifest line is not JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SnapshotError(f"{path.name}: not a Place Exchange official-data snapshot. Nothing was loaded.")
    if manifest.get("version") != VERSION:
        raise SnapshotError(
            f"{path.name}: snapshot format version {manifest.get('version')}, this code reads version {VERSION}. "
            "Rebuild it with `manage.py export_official_snapshot`. Nothing was loaded."
        )
    return manifest


def _table_model(path: Path, spec: dict):
    try:
        model = apps.get_model(spec["model"])
    except (LookupError, ValueError, KeyError):
        raise SnapshotError(
            f"{path.name}: table {spec.get('model')!r} is not a model of this site; the snapshot was made by "
            "another version. Rebuild it with `manage.py export_official_snapshot`. Nothing was loaded."
        ) from None
    known = {f.attname for f in _fields(model)}
    unknown = [name for name in spec["fields"] if name not in known]
    if unknown:
        raise SnapshotError(
            f"{path.name}: {model._meta.label} has no field(s) {', '.join(unknown)}; the snapshot was made by a "
            "newer version. Rebuild it with `manage.py export_official_snapshot`. Nothing was loaded."
        )
    return model


def _table(path: Path, spec: dict, lines: list[bytes]) -> Table:
    model = _table_model(path, spec)
    if len(lines) != len(spec["fields"]) or hashlib.sha256(b"".join(lines)).hexdigest() != spec["sha256"]:
        raise _damaged(path, f"the values of {spec['model']} do not match their checksum")
    columns = {}
    for name, line in zip(spec["fields"], lines, strict=True):
        column = json.loads(line)
        if not isinstance(column, list) or len(column) != spec["rows"]:
            raise _damaged(path, f"{spec['model']}.{name} does not have {spec['rows']} values")
        columns[name] = column
    return Table(model, _kind(model), spec["rows"], columns)


def read_snapshot(path: str | Path = DEFAULT_PATH) -> Snapshot:
    """Read and check the whole snapshot (checksums, counts, fields) without touching the database."""
    path = Path(path)
    if not path.is_file():
        raise SnapshotError(f"{path}: no such snapshot file. Nothing was loaded.")
    data = path.read_bytes()
    snapshot = Snapshot(path=path, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    lines = _decompress(path, data).splitlines(keepends=True)
    if not lines:
        raise _damaged(path, "it is empty")
    manifest = _manifest(path, lines[0])
    start = 1
    try:
        for spec in manifest["tables"]:
            width = len(spec["fields"])
            snapshot.tables.append(_table(path, spec, lines[start : start + width]))
            start += width
    except (KeyError, TypeError):
        raise _damaged(path, "the manifest does not describe its tables") from None
    if start != len(lines):
        raise _damaged(path, "there are values after the last table")
    return snapshot


# ---------------------------------------------------------------------------------------------
# Loading


def _python_value(f, value):
    """A snapshot value as the model field's Python value (for the ORM paths: few rows)."""
    if value is None:
        return None
    if isinstance(f, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(f, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(f, models.DecimalField):
        return Decimal(value)
    return value


def _db_column(f, values: list) -> list:
    """Snapshot values as database-ready values for `_insert_rows` (many rows: keep it cheap)."""
    if isinstance(f, models.JSONField):
        return [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
    if isinstance(f, models.DateTimeField):
        return [f.get_db_prep_save(_python_value(f, v), connection) for v in values]
    # Decimals go in as their exact text (what Django's own SQLite adapter sends; COPY reads text),
    # dates as ISO text, numbers, text and booleans as they are.
    return values


def _update_rows(model, fields: list, objs: list) -> None:
    """UPDATE each object's row with one executemany (bulk_update's CASE expressions take seconds here)."""
    if not objs:
        return
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    # Table and column names come from our own model metadata, quoted; values are parameters.
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE {qn(model._meta.pk.column)} = %s"  # noqa: S608
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


class _Loader:
    def __init__(self, snapshot: Snapshot, note: dict):
        self.snapshot = snapshot
        self.note = note
        self.ids: dict = {}  # model -> {snapshot id: database id}

    def map_column(self, model, f, values: list) -> list:
        mapping = self.ids.get(f.related_model)
        if mapping is None:
            return values
        try:
            return [None if v is None else mapping[v] for v in values]
        except KeyError as exc:
            raise _damaged(
                self.snapshot.path, f"{model._meta.label}.{f.name} points at {exc.args[0]}, which is not in it"
            ) from None

    def mapped(self, table: Table, *, skip_self=True) -> list[dict]:
        """The table's rows with foreign keys turned into this database's ids (few rows)."""
        columns = dict(table.columns)
        for f in _fields(table.model):
            if f.is_relation and f.attname in columns and not (skip_self and f.related_model is table.model):
                columns[f.attname] = self.map_column(table.model, f, columns[f.attname])
        names = list(columns)
        return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]

    def run(self) -> None:
        from benchmarks.importers.services import _fast_delete

        for table in reversed(self.snapshot.tables):
            if table.kind == "facts":
                _fast_delete(table.model.objects.all())
        handlers = {"reference": self.reference, "runs": self.runs, "links": self.links, "facts": self.facts}
        for table in self.snapshot.tables:
            handlers[table.kind](table)

    # -- reference rows: match on natural keys, update or add ------------------------------------

    @staticmethod
    def natural_keys(model) -> list[tuple[str, ...]]:
        keys = [(f.attname,) for f in _fields(model) if f.unique and not f.primary_key]
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None:
                keys.append(tuple(model._meta.get_field(name).attname for name in constraint.fields))
        if model._meta.label == "benchmarks.Authority":
            # Bodies known only by an MHCLG E-code (early workbooks) have neither unique code.
            keys.append(("ecode",))
        return keys

    @staticmethod
    def key_index(model, keys) -> dict:
        index: dict = {key: {} for key in keys}
        for existing in model.objects.values("pk", *sorted({name for key in keys for name in key})):
            for key in keys:
                value = tuple(existing[name] for name in key)
                if all(v not in (None, "") for v in value):
                    index[key].setdefault(value, existing["pk"])
        return index

    @staticmethod
    def match(keys, index, values, used):
        for key in keys:
            value = tuple(values.get(name) for name in key)
            if all(v not in (None, "") for v in value):
                pk = index[key].get(value)
                if pk is not None and pk not in used:
                    return pk
        return None

    def reference(self, table: Table) -> None:
        model = table.model
        keys = self.natural_keys(model)
        index = self.key_index(model, keys)
        fields = [f for f in _fields(model) if not f.primary_key]
        self_fks = [f for f in fields if f.is_relation and f.related_model is model]
        mapping, used, to_create, to_update = {}, set(), [], []
        for values in self.mapped(table):
            pk = self.match(keys, index, values, used)
            obj = model(**{f.attname: _python_value(f, values.get(f.attname, f.get_default())) for f in fields})
            for f in self_fks:
                setattr(obj, f.attname, None)  # set below, once every row has its id
            if pk is None:
                to_create.append((values["id"], obj))
            else:
                obj.pk = pk
                used.add(pk)
                mapping[values["id"]] = pk
                to_update.append(obj)
        created = model.objects.bulk_create([obj for _, obj in to_create], batch_size=500)
        mapping.update({snapshot_id: obj.pk for (snapshot_id, _), obj in zip(to_create, created, strict=True)})
        _update_rows(model, [f for f in fields if f not in self_fks], to_update)
        self.ids[model] = mapping
        for f in self_fks:
            self.self_links(table, f)

    def self_links(self, table: Table, f) -> None:
        """Links within one table (a district's county), once every row has its id."""
        model, mapping = table.model, self.ids[table.model]
        targets: dict = {}
        for snapshot_id, target in zip(table.columns["id"], table.columns[f.attname], strict=True):
            if target is not None:
                targets.setdefault(mapping[target], []).append(mapping[snapshot_id])
        model.objects.filter(pk__in=mapping.values()).update(**{f.attname: None})
        for target, pks in targets.items():
            model.objects.filter(pk__in=pks).update(**{f.attname: target})

    # -- import runs: copied, with a note of the snapshot ----------------------------------------

    def runs(self, table: Table) -> None:
        model = table.model
        fields = [f for f in _fields(model) if not f.primary_key]
        rows = self.mapped(table)
        objs = []
        for values in rows:
            obj = model(**{f.attname: _python_value(f, values.get(f.attname, f.get_default())) for f in fields})
            obj.report = {**(obj.report or {}), "snapshot": self.note}
            obj.report_text = (
                f"Loaded from the snapshot {self.note['file']} (sha256 {self.note['sha256'][:12]}…) "
                f"on {self.note['loaded_at'][:10]}.\n{obj.report_text}"
            )
            objs.append(obj)
        created = model.objects.bulk_create(objs, batch_size=500)
        # bulk_create stamps auto_now_add fields with now: put back when each file was imported.
        stamped = [f for f in fields if getattr(f, "auto_now_add", False)]
        for obj, values in zip(created, rows, strict=True):
            restore = {f.attname: _python_value(f, values.get(f.attname)) for f in stamped if values.get(f.attname)}
            if restore:
                model.objects.filter(pk=obj.pk).update(**restore)
        self.ids[model] = {values["id"]: obj.pk for obj, values in zip(created, rows, strict=True)}

    # -- many-to-many links: add the missing ones ------------------------------------------------

    def links(self, table: Table) -> None:
        from benchmarks.importers.services import _insert_rows

        ends = [f for f in _fields(table.model) if f.is_relation]
        have = set(table.model.objects.values_list(*[f.attname for f in ends]))
        wanted = {tuple(row[f.attname] for f in ends) for row in self.mapped(table)}
        _insert_rows(table.model, [f.name for f in ends], sorted(wanted - have))

    # -- figures: the tables were emptied above; refill them -------------------------------------

    def facts(self, table: Table) -> None:
        from benchmarks.importers.services import _insert_rows

        model = table.model
        fields = [f for f in _fields(model) if not f.primary_key]
        columns = []
        for f in fields:
            if f.attname not in table.columns:  # a field added since the snapshot was made
                columns.append([f.get_db_prep_save(f.get_default(), connection)] * table.count)
            elif f.is_relation:
                columns.append(self.map_column(model, f, table.columns[f.attname]))
            else:
                columns.append(_db_column(f, table.columns[f.attname]))
        _insert_rows(model, [f.name for f in fields], list(zip(*columns, strict=True)))


@dataclass
class LoadResult:
    snapshot: Snapshot
    unchanged: bool
    seconds: float


def already_loaded(snapshot: Snapshot) -> bool:
    """True when the database holds exactly this snapshot's figures, as loaded from it."""
    run_model = _import_run_model()
    runs = run_model.objects.filter(report__snapshot__sha256=snapshot.sha256)
    if not runs.exists():
        return False
    for table in snapshot.tables:
        if table.kind != "facts":
            continue
        source = next(f for f in _fields(table.model) if f.is_relation and f.related_model is run_model)
        total = table.model.objects.count()
        if total != table.count or table.model.objects.filter(**{f"{source.name}__in": runs}).count() != total:
            return False
    return True


def load_snapshot(path: str | Path = DEFAULT_PATH, *, force: bool = False) -> LoadResult:
    """Load the snapshot (all or nothing); a second load of the same snapshot does nothing."""
    started = time.monotonic()
    snapshot = read_snapshot(path)
    if not force and already_loaded(snapshot):
        return LoadResult(snapshot, True, time.monotonic() - started)
    note = {
        "file": snapshot.path.name,
        "sha256": snapshot.sha256,
        "loaded_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    with transaction.atomic():
        _Loader(snapshot, note).run()
        from cop.core.cache import purge_page_cache

        transaction.on_commit(purge_page_cache)
    return LoadResult(snapshot, False, time.monotonic() - started)
