"""Record, or check, the responses of a fixed set of 50 API requests on a deterministic database.

A refactor that claims to change no behaviour proves it here: record before, check after.

    .venv/bin/python tests/perf/api_baseline.py --record   # writes tests/perf/api_baseline.json
    .venv/bin/python tests/perf/api_baseline.py            # compares, exits 1 on any difference

The database is a fresh in-memory SQLite built from the test world (tests/benchmarks/world.py)
plus a few Oflog measure values, so the figures are the ones the API tests check by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("api_baseline.json")


def _requests(world) -> list[str]:
    """Fifty requests covering every endpoint, its filters, pagination and its error paths."""
    gss = {name: authority.gss_code for name, authority in world.councils.items()}
    corby, epsom, fenland, vale = gss["Corby Unitary"], gss["Epsom Unitary"], gss["Fenland Unitary"], gss["North Vale"]
    paths = [
        "/api/v1/authorities",
        "/api/v1/authorities?type=NMD",
        "/api/v1/authorities?type=UA&current=true",
        "/api/v1/authorities?current=false",
        "/api/v1/authorities?page_size=4",
        "/api/v1/authorities?page_size=4&page=2",
        "/api/v1/authorities?page=999",
        "/api/v1/authorities?type=XYZ",
        "/api/v1/services",
        "/api/v1/years",
        "/api/v1/values?page_size=50",
        "/api/v1/values?year=2022-23&page_size=20&page=2",
        f"/api/v1/values?authority={epsom}&service=190&year=2022-23&measure=net_current_expenditure",
        f"/api/v1/values?authority={fenland}&service=190&year=2022-23",
        f"/api/v1/values?authority={fenland}&year=2021-22",
        f"/api/v1/values?authority={vale}",
        "/api/v1/values?service=360&year=2021-22",
        "/api/v1/values?measure=net_current_expenditure&service=699",
        "/api/v1/values?year=1999-00",
        "/api/v1/values?year=banana",
    ]
    for group in ("type", "england", "region", "neighbours"):
        paths.append(f"/api/v1/compare?authority={corby}&service=290&year=2022-23&group={group}")
    for name in ("Ashford Unitary", "Dover Unitary", "Northshire", "North Hills", "South Downs"):
        paths.append(f"/api/v1/compare?authority={gss[name]}&service=360&year=2022-23&group=type")
    paths += [
        f"/api/v1/compare?authority={corby}&service=190&year=2021-22&group=type",
        f"/api/v1/compare?authority={epsom}&service=699&year=2022-23&group=england",
        f"/api/v1/compare?authority={fenland}&service=290&year=2022-23&group=type",
        f"/api/v1/compare?authority={fenland}&service=290&year=2021-22&group=type",
        f"/api/v1/compare?authority={vale}&service=190&year=2022-23&group=type",
        f"/api/v1/compare?authority={corby}&service=290&year=2022-23",
        f"/api/v1/compare?authority={corby}&service=290&year=2019-20&group=type",
        f"/api/v1/compare?authority={corby}&service=999&year=2022-23&group=type",
        "/api/v1/compare?authority=E99999999&service=290&year=2022-23&group=type",
        f"/api/v1/compare?authority={corby}&service=290&year=2022-23&group=nonsense",
        "/api/v1/compare?service=290",
        f"/api/v1/compare?authority={corby}&service=290&year=2022-23&group=type&measure=bogus",
    ]
    for name in ("Dover Unitary", "Ashford Unitary", "Northshire"):
        paths.append(f"/api/v1/measures/ASC1/compare?authority={gss[name]}&year=2022-23")
    paths += [
        f"/api/v1/measures/asc1/compare?authority={corby}&year=2022-23",
        f"/api/v1/measures/ASC99/compare?authority={corby}&year=2022-23",
        f"/api/v1/measures/ASC1/compare?authority={vale}&year=2022-23",
        f"/api/v1/measures/ASC1/compare?authority={corby}&year=2021-22",
        "/api/v1/measures/ASC1/compare?authority=E99999999&year=2022-23",
        f"/api/v1/measures/ASC1/compare?authority={corby}",
    ]
    assert len(paths) == 50, len(paths)
    return paths


def _build():
    from tests.benchmarks.factories import PerformanceValueFactory
    from tests.benchmarks.world import build_world

    world = build_world()
    values = [Decimal("7.1"), Decimal("7.5"), Decimal("7.9"), Decimal("8.4"), Decimal("6.0")]
    names = ["Ashford Unitary", "Bexley Unitary", "Corby Unitary", "Dover Unitary", "Northshire"]
    for name, value in zip(names, values, strict=True):
        PerformanceValueFactory(authority=world[name], value=value)
    return world


def record() -> dict[str, dict]:
    os.environ.pop("DATABASE_URL", None)  # always the same engine: in-memory SQLite
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from rest_framework.throttling import AnonRateThrottle

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    cache.clear()
    AnonRateThrottle.THROTTLE_RATES = {"anon": "100000/min"}  # fifty requests must not trip the limit
    world = _build()
    client = Client()
    responses = {}
    for path in _requests(world):
        response = client.get(path)
        responses[path] = {"status": response.status_code, "body": response.content.decode()}
    return responses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the baseline instead of checking it")
    args = parser.parse_args()
    responses = record()
    if args.record:
        BASELINE.write_text(json.dumps(responses, indent=1, sort_keys=False) + "\n")
        print(f"Recorded {len(responses)} responses in {BASELINE.relative_to(ROOT)}.")
        return 0
    expected = json.loads(BASELINE.read_text())
    differ = [p for p in expected if responses.get(p) != expected[p]]
    differ += [p for p in responses if p not in expected]
    for path in differ:
        print(f"DIFFERS: {path}\n  before: {str(expected.get(path))[:300]}\n  after:  {str(responses.get(path))[:300]}")
    same = len(expected) - len([p for p in differ if p in expected])
    print(f"{same} of {len(expected)} responses byte-identical.")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
