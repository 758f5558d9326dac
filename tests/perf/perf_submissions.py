#!/usr/bin/env python
"""Benchmarking club timings on PostgreSQL: prints figures, asserts nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pe_benchsubmit .venv/bin/python tests/perf/perf_submissions.py [N]

Seeds N submissions (default 2,000 = 196,000 figures) with tests.perf.seed_submissions, then times:
validating a full grid, saving it (conditional UPDATE + 98 rows + audit event), the detail and
edit pages as an officer, and `published_submission_values(year)` for bench-compare.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")


def timed(label, func, repeat=5):
    samples = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<55} median {statistics.median(samples):8.1f} ms  max {max(samples):8.1f} ms  (n={repeat})")
    return result


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database you own (e.g. pe_benchsubmit).")
    call_command("migrate", verbosity=0)
    setup_test_environment()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000

    from benchmarks.submissions import selectors, services
    from benchmarks.submissions.models import Submission, SubmissionValue
    from benchmarks.submissions.validation import validate_submission
    from cop.members.models import Profile, User
    from tests.perf.seed_submissions import seed

    start = time.perf_counter()
    seed(n)
    print(
        f"seed({n}): {time.perf_counter() - start:.1f} s; now {Submission.objects.count()} submissions, "
        f"{SubmissionValue.objects.count()} figures"
    )

    submission = Submission.objects.filter(status="draft").select_related("council").first()
    values, _ = selectors.submission_figures(submission)
    raw = {cell: str(value) for cell, value in values.items()}
    timed("validate_submission (pure, 98 cells)", lambda: validate_submission(raw), repeat=50)
    timed("validate_for (with last year + comparison group)", lambda: services.validate_for(submission, raw))

    officer, _ = User.objects.get_or_create(username="perf-officer", defaults={"email": "perf@example.org"})
    Profile.objects.update_or_create(
        user=officer, defaults={"verified_council": submission.council, "organisation": submission.council}
    )
    officer = User.objects.get(pk=officer.pk)

    def save():
        current = Submission.objects.get(pk=submission.pk)
        return services.save_figures(
            current, raw=raw, explanations={}, expected_version=current.version, user=officer, reason="perf"
        )

    timed("save_figures (conditional UPDATE, 98 rows, event)", save)
    client = Client()
    client.force_login(officer)
    timed("GET detail page (officer)", lambda: client.get(f"/benchmarking/submissions/{submission.pk}/"))
    timed("GET edit page (officer)", lambda: client.get(f"/benchmarking/submissions/{submission.pk}/edit/"))
    published = timed("published_submission_values(2023-24)", lambda: selectors.published_submission_values("2023-24"))
    print(f"  -> {len(published)} published figures")
    timed(
        "preferred_figures(2023-24, 699, C7)",
        lambda: selectors.preferred_figures("2023-24", "699", "net_current_expenditure"),
    )
    timed("GET published page (anonymous)", lambda: Client().get("/benchmarking/submissions/published/?year=2023-24"))


if __name__ == "__main__":
    main()
