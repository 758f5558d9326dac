#!/usr/bin/env python
"""Server time for signed-in members beside anonymous visitors, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/px_memfast REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python tests/perf/perf_signed_in.py [--runs 200] [--seed]

Times the Django view stack in this process (Django test client: every middleware, the view
and its template; no network, no gunicorn) for a case study, a thread with about 200 replies,
a council profile and a search, once signed in and once anonymous with the anonymous page
cache off (so both columns are the server's own work). Prints p50/p95 wall time, CPU time
(time.process_time, steadier on a shared machine) and SQL queries per request.

The member replied in the thread but did not start it, so their own posts are re-rendered into
the thread's member page shell (cop/core/member_pages.py); a second thread row shows its author,
who always gets the full view (they may accept answers on every post).

With --seed (or on an empty database) it migrates and loads a modest volume first: the demo
content, the official snapshot, 200 case studies and 300 threads / 3,000 posts.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# Production settings (DEBUG off, Redis cache), as gunicorn runs them in run_perf.py.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.production")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/px_memfast")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
for name, value in [("SECURE_SSL_REDIRECT", "false"), ("SECURE_COOKIES", "false"), ("SECURE_HSTS_SECONDS", "0")]:
    os.environ.setdefault(name, value)

SEARCH_URL = "/search/?q=pooled+budget&type=Case+study"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def seed_modest() -> None:
    from django.core.management import call_command

    from tests.perf import seed_content, seed_discussions

    call_command("migrate", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", verbosity=0, stdout=quiet)
        call_command("load_official_snapshot", verbosity=0, stdout=quiet)
    seed_content.seed(200)
    seed_discussions.seed(threads=300, posts=3_000)
    call_command("rebuild_search_index", verbosity=0)


def pages() -> list[tuple[str, str]]:
    """(label, url) of the four member pages, picked the same way as run_perf.py."""
    from tests.perf import run_perf

    found = [
        ("case study", run_perf.case_study_url()),
        ("thread", run_perf.thread_url()),
        ("council profile", next(iter(f"/benchmarking/{gss}/" for gss in run_perf.councils()), None)),
        ("search", SEARCH_URL),
    ]
    return [(label, url) for label, url in found if url]


def time_page(client, url: str, runs: int, warmup: int = 10) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "p50": percentile(walls, 50),
        "p95": percentile(walls, 95),
        "cpu_p50": percentile(cpus, 50),
        "cpu_p95": percentile(cpus, 95),
        "queries": len(queries.captured_queries),
    }


def measure(runs: int) -> list[dict]:
    """Figures for each page, signed in and anonymous (page cache off): a list of rows."""
    from django.test import Client
    from django.test.utils import override_settings

    from tests.perf import perf_members

    found = pages()
    thread_path = next((url for label, url in found if label == "thread"), None)
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(perf_members.member(thread_path))
    anonymous = Client(HTTP_HOST="localhost")
    author = perf_members.thread_author(thread_path) if thread_path else None
    if author is not None:
        # The thread's author may accept answers on every post: always the full view.
        as_author = Client(HTTP_HOST="localhost")
        as_author.force_login(author)
    rows = []
    from django.conf import settings

    # Plain static URLs: no collectstatic manifest needed for an in-process measurement.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=0, STORAGES=storages):
        for label, url in found:
            rows.append(
                {
                    "page": label,
                    "url": url,
                    "member": time_page(signed_in, url, runs),
                    "anonymous": time_page(anonymous, url, runs),
                }
            )
            if label == "thread" and author is not None:
                rows.append(
                    {
                        "page": "thread (author)",
                        "url": url,
                        "member": time_page(as_author, url, runs),
                        "anonymous": rows[-1]["anonymous"],
                    }
                )
    return rows


def print_rows(rows: list[dict], runs: int) -> None:
    print(
        f"Server time per request in ms (Django test client, production settings, {runs} runs after warm-up;"
        " anonymous without the page cache; wall and CPU time)"
    )
    header = (
        f"{'page':<16} {'member p50':>10} {'p95':>6} {'cpu p50':>7} {'p95':>6} {'queries':>7}   "
        f"{'anon p50':>8} {'p95':>6} {'cpu p50':>7} {'p95':>6} {'queries':>7}  url"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        m, a = row["member"], row["anonymous"]
        print(
            f"{row['page']:<16} {m['p50']:>10.1f} {m['p95']:>6.1f} {m['cpu_p50']:>7.1f} {m['cpu_p95']:>6.1f} "
            f"{m['queries']:>7}   {a['p50']:>8.1f} {a['p95']:>6.1f} {a['cpu_p50']:>7.1f} {a['cpu_p95']:>6.1f} "
            f"{a['queries']:>7}  {row['url']}"
        )
    load = os.getloadavg()
    print(
        f"Load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs: wall time includes"
        " waiting for a CPU and for PostgreSQL; CPU time is this process's own work."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", action="store_true", help="migrate and load the modest data volume first")
    args = parser.parse_args()
    import django

    django.setup()
    from casestudies.models import CaseStudyPage

    if args.seed or not CaseStudyPage.objects.exists():
        started = time.monotonic()
        seed_modest()
        print(f"seeded in {time.monotonic() - started:.0f}s")
    print_rows(measure(max(1, args.runs)), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
