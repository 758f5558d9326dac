"""Factories for submissions, and official outturn to compare them with."""

from datetime import date
from decimal import Decimal

import factory

from benchmarks.models import ImportRun, OutturnValue, Service
from benchmarks.submissions.models import Submission, SubmissionValue
from benchmarks.years import FinancialYear
from tests.members.factories import AuthorityFactory, VerifiedOfficerFactory

YEAR = FinancialYear(2023)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    council = factory.SubFactory(AuthorityFactory)
    year = YEAR
    release_date = date(2024, 11, 1)


def officer_of(council, **kwargs):
    return VerifiedOfficerFactory(council=council, **kwargs)


def fill(submission, grid: dict, explanations: dict | None = None):
    """Write figures directly (set-up only: real writes go through services.save_figures)."""
    services = dict(Service.objects.values_list("code", "id"))
    explanations = explanations or {}
    SubmissionValue.objects.bulk_create(
        SubmissionValue(
            submission=submission,
            service_id=services[line],
            measure=measure,
            value_thousands=value,
            explanation=explanations.get((line, measure), ""),
        )
        for (line, measure), value in grid.items()
    )
    return submission


def official_outturn(council, year, grid: dict):
    run, _ = ImportRun.objects.get_or_create(
        dataset="revenue_outturn", file_name="RSX_test.csv", sha256="0" * 64, defaults={"year": year}
    )
    services = dict(Service.objects.values_list("code", "id"))
    OutturnValue.objects.bulk_create(
        OutturnValue(
            authority=council,
            year=FinancialYear.parse(year),
            service_id=services[line],
            measure=measure,
            value_thousands=Decimal(value),
            source=run,
        )
        for (line, measure), value in grid.items()
    )
