#!/usr/bin/env python
"""Server time of the council profile (and service view, compare API) over the full official dataset.

Usage (PostgreSQL; imports /work/shared/data first if the database has no outturn figures):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pe_benchcompare_dev \\
        .venv/bin/python tests/perf/perf_profile.py [--data ../shared/data] [--councils 40]

Requests go through Django's full request/response cycle in-process (test client), with the
anonymous whole-page cache switched off, so each figure is the server's own time. It prints:

* "cold": the first profile request for each year in a fresh process — this is the request that
  reads that year's figures from PostgreSQL into the in-memory frames (keyed on the import version);
* "uncached": every council × year afterwards (no page cache; statistics, ranks, MADs, savings and
  the template are computed per request) with p50/p95/p99/max;
* the same for the service view and the /api/v1/compare endpoint.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
os.environ.setdefault("ANONYMOUS_PAGE_CACHE_SECONDS", "0")


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(label, timings_ms):
    print(
        f"{label:<44} n={len(timings_ms):<5} p50={percentile(timings_ms, 50):7.1f} ms  "
        f"p95={percentile(timings_ms, 95):7.1f} ms  p99={percentile(timings_ms, 99):7.1f} ms  "
        f"max={max(timings_ms):7.1f} ms  mean={statistics.fmean(timings_ms):6.1f} ms"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--councils", type=int, default=0, help="Sample this many councils (0 = all)")
    parser.add_argument("--per-council", action="store_true", help="Print each council/year timing")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks import store
    from benchmarks.models import OutturnReturn

    settings.ALLOWED_HOSTS = ["*"]
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 0
    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    if not OutturnReturn.objects.exists():
        print(f"no outturn figures: importing {args.data} …")
        call_command("migrate", verbosity=0)
        call_command("import_official_data", args.data)

    client = Client()
    version = store.data_version()
    years = store.available_years(version)
    pairs = []
    for year in years:
        dataset = store.year_dataset(year, version=version)
        pairs += [
            (dataset.councils.at[aid, "gss_code"], year)
            for aid in dataset.councils.index
            if isinstance(dataset.councils.at[aid, "gss_code"], str)
        ]
    print(f"{len(years)} years ({years[0]} to {years[-1]}), {len(pairs)} council-years, data version {version}")

    # Cold: a fresh in-memory store, first request for each year reads that year from the database.
    store.clear_memory_cache()
    cold = []
    for year in years:
        gss = next(g for g, y in pairs if y == year)
        start = time.perf_counter()
        response = client.get(f"/benchmarking/{gss}/?year={year.label}")
        cold.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (gss, year, response.status_code)
        print(f"  cold first profile {year.label} ({gss}): {cold[-1]:.1f} ms")
    summary("council profile, cold (first request per year)", cold)

    sample = pairs
    if args.councils:
        random.seed(1)
        sample = random.sample(pairs, min(args.councils * len(years), len(pairs)))
    timings, cpu_timings = [], []
    for gss, year in sample:
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get(f"/benchmarking/{gss}/?year={year.label}")
        elapsed = (time.perf_counter() - start) * 1000
        cpu_timings.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200, (gss, year, response.status_code)
        timings.append(elapsed)
        if args.per_council:
            print(f"  {gss} {year.label}: {elapsed:.1f} ms")
    summary("council profile, uncached (all council-years)", timings)
    summary("  … CPU time of the Django process only", cpu_timings)
    worst = sorted(zip(timings, sample, strict=True), reverse=True)[:5]
    print("  slowest:", ", ".join(f"{g} {y.label} {t:.1f} ms" for t, (g, y) in worst))

    groups = {}
    for group in ("region", "england", "neighbours"):
        groups[group], group_cpu = [], []
        for gss, year in sample[:: max(1, len(sample) // 60)]:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(f"/benchmarking/{gss}/?year={year.label}&group={group}")
            groups[group].append((time.perf_counter() - start) * 1000)
            group_cpu.append((time.process_time() - cpu_start) * 1000)
        summary(f"council profile, group={group}", groups[group])
        summary("  … CPU time of the Django process only", group_cpu)

    service_times, api_times = [], []
    for gss, year in sample[:: max(1, len(sample) // 120)]:
        start = time.perf_counter()
        response = client.get(f"/benchmarking/{gss}/290/?year={year.label}")
        service_times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (gss, year, response.status_code)
        start = time.perf_counter()
        response = client.get(f"/api/v1/compare?authority={gss}&service=290&year={year.label}")
        api_times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (gss, year, response.status_code)
    summary("service view (highways, trend over all years)", service_times)
    summary("API /api/v1/compare", api_times)
    target = percentile(timings, 95)
    print(
        f"\nTarget: profile < 50 ms uncached. p95 = {target:.1f} ms -> {'MET' if target < 50 else 'NOT MET'}"
        f" (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall times include waiting"
        " for a CPU; the CPU-time line shows the work itself)"
    )


if __name__ == "__main__":
    main()
