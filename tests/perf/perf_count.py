#!/usr/bin/env python
"""The count's place page for a county with 7 districts (Norfolk), server time, page cache off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/px_i16count python tests/perf/perf_count.py [--runs 50]

Needs the official figures loaded (`manage.py load_official_snapshot`: every year of the series).
Prints (1) the first request after the in-memory and shared caches are cleared (the year's figures
read from PostgreSQL), and (2) p50/p95/max of --runs further requests (figures in memory, as every
benchmarking page works), each the whole view with its template, plus the API count and the CSV.
Target: under 80 ms of server time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/px_i16count")
os.environ["ANONYMOUS_PAGE_CACHE_SECONDS"] = "0"

PLACE = "area-E10000020"  # Norfolk: the county council and its 7 districts


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def timed(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from benchmarks import store
    from benchmarks.count import selectors
    from benchmarks.models import OutturnReturn

    settings.ALLOWED_HOSTS = ["*"]
    years = sorted({str(y) for y in OutturnReturn.objects.values_list("year", flat=True).distinct()})
    if not years:
        raise SystemExit("No official figures: run manage.py load_official_snapshot first")
    year = store.available_years()[-1]
    place = selectors.get_place(PLACE)
    councils = selectors.place_councils(selectors.count_year(year), place)
    print(f"{place.name} {year.label}: {len(councils)} councils; {len(years)} years of outturn loaded")
    client = Client()
    urls = {
        "page": f"/benchmarking/places/{PLACE}/?year={year.label}",
        "api": f"/api/v1/places/{PLACE}/count?year={year.label}",
        "csv": f"/benchmarking/places/{PLACE}/?year={year.label}&format=csv",
    }
    store.clear_memory_cache()
    cache.clear()
    print(f"first request, caches cleared (reads the year from PostgreSQL): {timed(client, urls['page']):.1f} ms")
    for name, url in urls.items():
        times = [timed(client, url) for _ in range(args.runs)]
        print(
            f"{name}: p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
            f"max {max(times):.1f} ms over {args.runs} requests"
        )


if __name__ == "__main__":
    main()
