"""Reads for submissions, including the public interface bench-compare uses:

* `published_submission_values(year)` — every published council-submitted figure for a year.
* `preferred_figures(year, service_code, measure)` — one figure per council, official outturn where it
  exists and the published council submission otherwise, each labelled with its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Max, Q

from benchmarks.models import Authority, OutturnValue
from benchmarks.years import FinancialYear

from .models import Submission, SubmissionStatus, SubmissionValue
from .permissions import is_staff, officer_council_id
from .validation import LINE_CODES, Cell

SOURCE_OFFICIAL = "official_outturn"
SOURCE_SUBMISSION = "council_submission"
SOURCE_LABELS = {
    SOURCE_OFFICIAL: "Official outturn (MHCLG revenue outturn)",
    SOURCE_SUBMISSION: "Council submission (the council's own figures, not official statistics)",
}


@dataclass(frozen=True)
class SubmittedFigure:
    authority_id: int
    gss_code: str
    council_name: str
    year: FinancialYear
    service_code: str
    measure: str
    value_thousands: Decimal
    submission_id: int
    published_at: datetime | None
    source: str = SOURCE_SUBMISSION

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


@dataclass(frozen=True)
class Figure:
    authority_id: int
    gss_code: str
    council_name: str
    value_thousands: Decimal
    source: str
    other_source_value: Decimal | None = None  # the figure from the other source, when both exist

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]


def published_submission_values(
    year, *, service_code: str | None = None, measure: str | None = None
) -> list[SubmittedFigure]:
    """Published council-submitted figures for a financial year ("2022-23", 2022 or FinancialYear)."""
    year = FinancialYear.parse(year)
    values = SubmissionValue.objects.filter(submission__year=year, submission__status=SubmissionStatus.PUBLISHED)
    if service_code:
        values = values.filter(service__code=service_code)
    if measure:
        values = values.filter(measure=measure)
    rows = values.order_by("submission__council__name", "service__sort_order", "measure").values_list(
        "submission__council_id",
        "submission__council__gss_code",
        "submission__council__name",
        "service__code",
        "measure",
        "value_thousands",
        "submission_id",
        "submission__published_at",
    )
    return [
        SubmittedFigure(
            authority_id=authority_id,
            gss_code=gss_code or "",
            council_name=name,
            year=year,
            service_code=code,
            measure=measure_key,
            value_thousands=value,
            submission_id=submission_id,
            published_at=published_at,
        )
        for authority_id, gss_code, name, code, measure_key, value, submission_id, published_at in rows
    ]


def preferred_figures(year, service_code: str, measure: str) -> list[Figure]:
    """One figure per council for a line and measure: official outturn shown by default where both exist."""
    year = FinancialYear.parse(year)
    official = {
        row["authority_id"]: row
        for row in OutturnValue.objects.filter(
            year=year, service__code=service_code, measure=measure, value_thousands__isnull=False
        ).values("authority_id", "authority__gss_code", "authority__name", "value_thousands")
    }
    submitted = {
        figure.authority_id: figure
        for figure in published_submission_values(year, service_code=service_code, measure=measure)
    }
    figures = []
    for authority_id in official.keys() | submitted.keys():
        if authority_id in official:
            row = official[authority_id]
            other = submitted.get(authority_id)
            figures.append(
                Figure(
                    authority_id,
                    row["authority__gss_code"] or "",
                    row["authority__name"],
                    row["value_thousands"],
                    SOURCE_OFFICIAL,
                    other.value_thousands if other else None,
                )
            )
        else:
            figure = submitted[authority_id]
            figures.append(
                Figure(authority_id, figure.gss_code, figure.council_name, figure.value_thousands, SOURCE_SUBMISSION)
            )
    return sorted(figures, key=lambda figure: figure.council_name)


def submission_figures(submission: Submission) -> tuple[dict[Cell, Decimal], dict[Cell, str]]:
    values: dict[Cell, Decimal] = {}
    explanations: dict[Cell, str] = {}
    for code, measure, value, explanation in SubmissionValue.objects.filter(submission=submission).values_list(
        "service__code", "measure", "value_thousands", "explanation"
    ):
        values[(code, measure)] = value
        if explanation:
            explanations[(code, measure)] = explanation
    return values, explanations


def official_figures(council: Authority, year) -> dict[Cell, Decimal]:
    year = FinancialYear.parse(year)
    return {
        (code, measure): value
        for code, measure, value in OutturnValue.objects.filter(
            authority=council, year=year, service__code__in=LINE_CODES, value_thousands__isnull=False
        ).values_list("service__code", "measure", "value_thousands")
    }


def previous_year_figures(council: Authority, year) -> tuple[dict[Cell, Decimal], str]:
    """Last year's figures for this council and where they came from: official outturn if published,
    otherwise the council's own submission for that year (whatever its status — it is theirs)."""
    previous = FinancialYear.parse(year).previous()
    official = official_figures(council, previous)
    if official:
        return official, f"official outturn {previous.label}"
    earlier = Submission.objects.filter(council=council, year=previous).first()
    if earlier:
        values, _ = submission_figures(earlier)
        if values:
            return values, f"your council's submission for {previous.label}"
    return {}, ""


def comparison_group_figures(council: Authority) -> tuple[dict[Cell, list[Decimal]], FinancialYear | None]:
    """Official outturn for the latest year of every other council of the same type, per cell."""
    others = OutturnValue.objects.filter(
        authority__authority_type=council.authority_type, value_thousands__isnull=False, service__code__in=LINE_CODES
    ).exclude(authority=council)
    latest = others.aggregate(latest=Max("year"))["latest"]
    if latest is None:
        return {}, None
    latest = FinancialYear.parse(latest)
    group: dict[Cell, list[Decimal]] = {}
    for code, measure, value in others.filter(year=latest).values_list("service__code", "measure", "value_thousands"):
        group.setdefault((code, measure), []).append(value)
    return group, latest


def submissions_visible_to(user):
    """Submissions this person may open, newest year first."""
    submissions = Submission.objects.select_related("council")
    if is_staff(user):
        return submissions
    council_id = officer_council_id(user)
    if council_id is None:
        return submissions.filter(status=SubmissionStatus.PUBLISHED)
    return submissions.filter(
        Q(council_id=council_id) | Q(status__in=[SubmissionStatus.CERTIFIED, SubmissionStatus.PUBLISHED])
    )


def council_submissions(council: Authority):
    return Submission.objects.filter(council=council).select_related("submitted_by", "certified_by")


def published_submissions(year=None):
    submissions = Submission.objects.filter(status=SubmissionStatus.PUBLISHED).select_related("council")
    if year is not None:
        submissions = submissions.filter(year=FinancialYear.parse(year))
    return submissions.order_by("-year", "council__name")


def published_years() -> list[FinancialYear]:
    years = Submission.objects.filter(status=SubmissionStatus.PUBLISHED).values_list("year", flat=True).distinct()
    return sorted({FinancialYear.parse(year) for year in years}, reverse=True)


def published_totals_with_official(year) -> list[dict]:
    """For the published-submissions page: line 699 net current expenditure from both sources."""
    year = FinancialYear.parse(year)
    submissions = list(published_submissions(year))
    submitted = {
        submission_id: value
        for submission_id, value in SubmissionValue.objects.filter(
            submission__in=submissions, service__code="699", measure="net_current_expenditure"
        ).values_list("submission_id", "value_thousands")
    }
    official = dict(
        OutturnValue.objects.filter(
            authority__in=[s.council_id for s in submissions],
            year=year,
            service__code="699",
            measure="net_current_expenditure",
            value_thousands__isnull=False,
        ).values_list("authority_id", "value_thousands")
    )
    return [
        {
            "submission": submission,
            "submitted": submitted.get(submission.pk),
            "official": official.get(submission.council_id),
            "shown_source": SOURCE_OFFICIAL if submission.council_id in official else SOURCE_SUBMISSION,
        }
        for submission in submissions
    ]


def due_for_publication(today: date):
    return Submission.objects.filter(
        status=SubmissionStatus.CERTIFIED, release_date__isnull=False, release_date__lte=today
    )
