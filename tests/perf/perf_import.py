"""Time the import of every official file in the data directory, then the committed snapshot's load.

    .venv/bin/python tests/perf/perf_import.py                     # SQLite /tmp/perf_import.sqlite3
    .venv/bin/python tests/perf/perf_import.py --database-url postgres://postgres@127.0.0.1:5432/pe_benchdata_perf
    .venv/bin/python tests/perf/perf_import.py --data ../shared/data --snapshot benchmarks/snapshot/official.jsonl.xz

The database is dropped and re-created first (a PostgreSQL one must be named pe_… or perf…), so
the figures are those of a first import. Prints seconds and values per second for each file and in
total, then times a second run (which must find every file unchanged), then loads the snapshot
into a second fresh database (same URL, suffixed "_snapshot") and times that.
Targets: whole directory < 60 s on SQLite, second run < 1 s, snapshot load < 20 s.
A file an importer refuses is reported and left out; the run goes on.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "sqlite:////tmp/perf_import.sqlite3"
TARGET_IMPORT, TARGET_SECOND, TARGET_SNAPSHOT = 60.0, 1.0, 20.0


def fresh_database(url: str) -> None:
    """Start from an empty database so the figures are those of a first import."""
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).unlink(missing_ok=True)
        return
    if not url.startswith("postgres"):
        return
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not name.startswith(("pe_", "perf")):
        sys.exit(f"Refusing to drop database {name!r}: use a database named pe_… or perf… for this benchmark.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def snapshot_url(url: str) -> str:
    if url.startswith("sqlite:///"):
        return url.removesuffix(".sqlite3") + "_snapshot.sqlite3"
    return url + "_snapshot"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    sys.path.insert(0, str(ROOT))
    fresh_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def import_directory(data: str) -> tuple[float, int, list]:
    """Import every file once; print a line per file. Returns (seconds, values, plan of files that loaded)."""
    from django.db import connection

    from benchmarks.importers.base import OfficialDataError
    from benchmarks.importers.directory import IMPORTERS, plan_directory

    plan, _ = plan_directory(data)
    print(f"Importing {len(plan)} files from {data} into {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"{'file':<78} {'seconds':>8} {'values':>8} {'values/s':>9}")
    total_seconds, total_values, loaded = 0.0, 0, []
    for kind, path in plan:
        started = time.perf_counter()
        try:
            result = IMPORTERS[kind](path)
        except OfficialDataError as exc:
            total_seconds += time.perf_counter() - started
            print(f"{path.name[:78]:<78} REFUSED: {str(exc)[:200]}")
            continue
        seconds = time.perf_counter() - started
        values = result.run.values_loaded
        total_seconds += seconds
        total_values += values
        loaded.append((kind, path))
        print(f"{path.name[:78]:<78} {seconds:8.2f} {values:8d} {values / seconds:9.0f}")
    print(f"{'TOTAL':<78} {total_seconds:8.2f} {total_values:8d} {total_values / max(total_seconds, 1e-9):9.0f}")
    return total_seconds, total_values, loaded


def second_import(loaded: list) -> float:
    from benchmarks.importers.directory import IMPORTERS

    started = time.perf_counter()
    unchanged = sum(IMPORTERS[kind](path).unchanged for kind, path in loaded)
    seconds = time.perf_counter() - started
    print(f"second run: {unchanged}/{len(loaded)} files unchanged, {seconds:.2f} s")
    return seconds


def load_snapshot_timed(snapshot: str) -> int:
    """(In a child process, on its own fresh database.) Print the load time; 0 if under target."""
    from benchmarks.official_snapshot import load_snapshot

    started = time.perf_counter()
    result = load_snapshot(snapshot)
    seconds = time.perf_counter() - started
    rows = sum(result.snapshot.counts().values())
    print(
        f"snapshot load: {rows} rows from {Path(snapshot).name} ({result.snapshot.size / 1e6:.2f} MB) in {seconds:.2f} s"
    )
    started = time.perf_counter()
    again = load_snapshot(snapshot)
    print(
        f"snapshot load again: {'nothing to do' if again.unchanged else 'LOADED AGAIN'}, {time.perf_counter() - started:.2f} s"
    )
    print(f"target: snapshot load < {TARGET_SNAPSHOT:.0f} s:", "PASS" if seconds < TARGET_SNAPSHOT else "FAIL")
    return 0 if seconds < TARGET_SNAPSHOT else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.environ.get("DATA_DIR") or str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--snapshot", default=str(ROOT / "benchmarks" / "snapshot" / "official.jsonl.xz"))
    parser.add_argument("--snapshot-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    setup_django(args.database_url)
    if args.snapshot_only:
        return load_snapshot_timed(args.snapshot)

    total_seconds, _, loaded = import_directory(args.data)
    second = second_import(loaded)
    print(f"target: whole directory < {TARGET_IMPORT:.0f} s:", "PASS" if total_seconds < TARGET_IMPORT else "FAIL")
    print(f"target: second run < {TARGET_SECOND:.0f} s:", "PASS" if second < TARGET_SECOND else "FAIL")
    # A separate process: Django is configured for one database per process.
    sys.stdout.flush()
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--snapshot-only",
            "--snapshot",
            args.snapshot,
            "--database-url",
            snapshot_url(args.database_url),
        ],
        check=False,
    )
    return int(total_seconds >= TARGET_IMPORT or second >= TARGET_SECOND or child.returncode != 0)


if __name__ == "__main__":
    sys.exit(main())
