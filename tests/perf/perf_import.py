"""Time the import of every official file in the data directory into PostgreSQL (or SQLite).

    .venv/bin/python tests/perf/perf_import.py                     # PostgreSQL database pe_benchdata_perf
    DATABASE_URL=sqlite:////tmp/perf.sqlite3 .venv/bin/python tests/perf/perf_import.py
    .venv/bin/python tests/perf/perf_import.py --data ../shared/data --database-url postgres://postgres@127.0.0.1:5432/x

The database is dropped and re-created first (it must be named pe_… or perf…), so the figures
are those of a first import. Prints seconds and rows (values) per second for each file and in
total, then times a second run (which must find every file unchanged). Target: under 60 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pe_benchdata_perf"


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    sys.path.insert(0, str(ROOT))
    fresh_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, skip_checks=True)
    from benchmarks.importers.services import IMPORTERS, plan_directory

    plan, _ = plan_directory(args.data)
    print(f"Importing {len(plan)} files from {args.data} into {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"{'file':<78} {'seconds':>8} {'rows':>8} {'rows/s':>9}")
    total_seconds, total_rows = 0.0, 0
    for kind, path in plan:
        started = time.perf_counter()
        result = IMPORTERS[kind](path)
        seconds = time.perf_counter() - started
        rows = result.run.values_loaded
        total_seconds += seconds
        total_rows += rows
        print(f"{path.name[:78]:<78} {seconds:8.2f} {rows:8d} {rows / seconds:9.0f}")
    print(f"{'TOTAL':<78} {total_seconds:8.2f} {total_rows:8d} {total_rows / total_seconds:9.0f}")

    started = time.perf_counter()
    unchanged = sum(IMPORTERS[kind](path).unchanged for kind, path in plan)
    print(f"second run: {unchanged}/{len(plan)} files unchanged, {time.perf_counter() - started:.2f} s")
    print("target: whole directory < 60 s:", "PASS" if total_seconds < 60 else "FAIL")
    return 0 if total_seconds < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
