"""Volume for the benchmarking club: `seed(n)` creates n council submissions (98 figures each, one
audit event each) with bulk_create, spread over councils and years and every status.

Uses existing principal councils (after the official import) and adds synthetic ones if there
are too few. Idempotent per (council, year): re-running adds only what is missing.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import cycle

STATUSES = ["draft", "submitted", "certified", "published"]


def seed(n: int = 1000) -> None:
    from django.db import transaction
    from django.utils import timezone

    from benchmarks.models import Authority
    from benchmarks.services import ensure_services
    from benchmarks.submissions.models import Submission, SubmissionEvent, SubmissionValue
    from benchmarks.submissions.services import default_release_date
    from benchmarks.submissions.validation import MEASURE_KEYS, SERVICE_LINE_CODES, TOTAL_LINE
    from benchmarks.years import FinancialYear

    services = ensure_services()
    years = [FinancialYear(2023), FinancialYear(2022), FinancialYear(2021), FinancialYear(2020)]
    councils = list(Authority.objects.filter(is_principal_council=True).order_by("pk")[:n])
    needed = -(-n // len(years)) - len(councils)
    if needed > 0:
        start = Authority.objects.filter(gss_code__startswith="E99").count()
        Authority.objects.bulk_create(
            [
                Authority(
                    gss_code=f"E99{start + i:06d}",
                    name=f"Perf Council {start + i}",
                    authority_type="UA",
                    is_principal_council=True,
                )
                for i in range(needed)
            ],
            ignore_conflicts=True,
        )
        councils = list(Authority.objects.filter(is_principal_council=True).order_by("pk")[: -(-n // len(years))])
    existing = set(Submission.objects.values_list("council_id", "year"))
    now = timezone.now()
    pairs = [(council, year) for year in years for council in councils if (council.pk, year.start_year) not in existing]
    pairs = pairs[: max(0, n - len(existing))]
    statuses = cycle(STATUSES)
    with transaction.atomic():
        submissions = Submission.objects.bulk_create(
            [
                Submission(
                    council=council,
                    year=year,
                    status=next(statuses),
                    release_date=default_release_date(year),
                    created_at=now,
                    updated_at=now,
                    version=2,
                    published_at=None,
                )
                for council, year in pairs
            ],
            batch_size=1000,
        )
        values, events = [], []
        for index, submission in enumerate(submissions):
            scale = Decimal(1 + index % 50)
            totals = dict.fromkeys(MEASURE_KEYS, Decimal(0))
            for position, line in enumerate(SERVICE_LINE_CODES, start=1):
                employees, running = 100 * position * scale, 50 * position * scale
                sales, other = 10 * position * scale, 5 * position * scale
                row = {
                    "employees": employees,
                    "running_expenses": running,
                    "total_expenditure": employees + running,
                    "sales_fees_charges": sales,
                    "other_income": other,
                    "total_income": sales + other,
                    "net_current_expenditure": employees + running - sales - other,
                }
                for measure, value in row.items():
                    totals[measure] += value
                    values.append(
                        SubmissionValue(
                            submission=submission, service_id=services[line], measure=measure, value_thousands=value
                        )
                    )
            for measure, value in totals.items():
                values.append(
                    SubmissionValue(
                        submission=submission, service_id=services[TOTAL_LINE], measure=measure, value_thousands=value
                    )
                )
            events.append(SubmissionEvent(submission=submission, version=2, action="saved", reason="perf seed"))
            if len(values) >= 20_000:
                SubmissionValue.objects.bulk_create(values, batch_size=5000)
                values = []
        SubmissionValue.objects.bulk_create(values, batch_size=5000)
        SubmissionEvent.objects.bulk_create(events, batch_size=5000)
        Submission.objects.filter(pk__in=[s.pk for s in submissions], status="published").update(published_at=now)
