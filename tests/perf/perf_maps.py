#!/usr/bin/env python
"""Server time and size of the choropleth maps over the full official dataset (issue 15: the service
view with its map under 80 ms uncached, the map's SVG under 150 KB).

Usage (PostgreSQL, with the official data or the committed snapshot loaded):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/px_i15maps \\
        .venv/bin/python tests/perf/perf_maps.py [--councils 20] [--rounds 3]

Requests go through Django's whole request cycle in-process with the anonymous page cache off. It
prints, for the service view (a county service and a district service, so both boundary layers), the
benchmarking home page with its map and the profile with its group map: the first ("cold") request,
which reads the year's figures and the boundaries into memory, then p50/p95/max of the uncached
requests after it; the time to build the map alone; and the size of each map's SVG and of the page.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
os.environ.setdefault("ANONYMOUS_PAGE_CACHE_SECONDS", "0")
SVG = re.compile(r'<svg class="pe-map".*?</svg>', re.S)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def line(label, timings):
    print(
        f"{label:<48} n={len(timings):<4} p50={percentile(timings, 50):7.1f} ms  "
        f"p95={percentile(timings, 95):7.1f} ms  max={max(timings):7.1f} ms  mean={statistics.fmean(timings):6.1f} ms"
    )


def timed(client, url):
    """(wall ms, CPU ms of this process, page): on a shared machine the CPU time is the server's own
    work, the wall time adds however long other processes kept it waiting."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed, used = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, used, response.content.decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--councils", type=int, default=20, help="Councils per page kind")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from benchmarks import maps, store
    from benchmarks.models import Authority, Boundary

    settings.ALLOWED_HOSTS = ["*"]
    if not Boundary.objects.exists():
        sys.exit("No boundaries in this database: run import_official_data or load_official_snapshot first.")
    client = Client()
    counties = list(Authority.objects.english_councils().current().filter(authority_type="CTY")[: args.councils])
    districts = list(Authority.objects.english_councils().current().filter(authority_type="NMD")[: args.councils])
    kinds = {
        "service view, adult social care (counties map)": [f"/benchmarking/{a.gss_code}/360/" for a in counties],
        "service view, planning (districts map)": [f"/benchmarking/{a.gss_code}/599/" for a in districts],
        "service view, total (districts map)": [f"/benchmarking/{a.gss_code}/699/" for a in districts],
        "profile with its group map": [f"/benchmarking/{a.gss_code}/?group=region" for a in counties + districts],
        "benchmarking home with England's map": [
            f"/benchmarking/?service={code}" for code in ("360", "190", "599", "699", "290", "509")
        ],
    }
    store.clear_memory_cache()
    sizes = {}
    for label, urls in kinds.items():
        cold, cold_cpu, html = timed(client, urls[0])
        print(f"{label:<48} cold (reads the year and boundaries) {cold:7.1f} ms wall, {cold_cpu:7.1f} ms CPU")
        timings, cpu = [], []
        for _ in range(args.rounds):
            for url in urls:
                elapsed, used, html = timed(client, url)
                timings.append(elapsed)
                cpu.append(used)
                for svg in SVG.findall(html):
                    sizes.setdefault(label, []).append((len(svg.encode()), len(html.encode())))
        line(f"{label} (uncached, wall)", timings)
        line(f"{label} (uncached, CPU)", cpu)

    version = store.data_version()
    year = store.available_years(version)[-1]
    for code in ("360", "699"):
        dataset = store.year_dataset(year, "net_current_expenditure", version)
        timings = []
        for _ in range(20):
            started = time.process_time()
            built = maps.choropleth(dataset, code, what="x", link=lambda gss, c=code: f"/benchmarking/{gss}/{c}/")
            str(built.table_rows)
            timings.append((time.process_time() - started) * 1000)
        line(f"map, key and table alone, line {code} ({built.layer}), CPU", timings)

    print(f"\nload average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    for label, pairs in sizes.items():
        svg_max = max(s for s, _p in pairs)
        page_max = max(p for _s, p in pairs)
        print(f"{label:<48} largest map SVG {svg_max / 1024:6.1f} KB (uncompressed), page {page_max / 1024:6.1f} KB")


if __name__ == "__main__":
    main()
