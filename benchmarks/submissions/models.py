"""Council submissions to the benchmarking club: a council's own RO figures for a year.

A submission moves draft → submitted → certified (by a second verified officer of the same
council) → published (on its release date). Every write bumps `version`; writers must say which
version they started from, so a save based on stale figures is refused instead of silently
overwriting someone else's work. Every change leaves a SubmissionEvent with who, when, what, why.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from benchmarks.models import Authority, Measure, Service
from benchmarks.years import FinancialYearField


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for certification"
    CERTIFIED = "certified", "Certified"
    PUBLISHED = "published", "Published"


class Submission(models.Model):
    council = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="benchmark_submissions")
    year = FinancialYearField(help_text="Financial year the figures cover")
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, db_index=True
    )
    release_date = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Certified figures are published to everyone on this date; before it only verified officers see them",
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change (optimistic concurrency)")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certified_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "council__name"]
        constraints = [models.UniqueConstraint(fields=["council", "year"], name="submission_council_year")]
        indexes = [models.Index(fields=["status", "year"], name="submission_status_year")]

    def __str__(self):
        return f"{self.council} {self.year} ({self.get_status_display()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("submissions:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == SubmissionStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED)


class SubmissionValue(models.Model):
    """One figure: service line × measure, £ thousand, with the officer's explanation if it was flagged."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="submission_values")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value_thousands = models.DecimalField(max_digits=15, decimal_places=3, help_text="£ thousand")
    explanation = models.TextField(
        blank=True, help_text="Why a flagged figure (big change on last year, or far from similar councils) is right"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "service", "measure"], name="submissionvalue_cell")
        ]

    def __str__(self):
        return f"{self.submission_id} {self.service_id} {self.measure}: {self.value_thousands}"


class SubmissionAction(models.TextChoices):
    CREATED = "created", "Started"
    SAVED = "saved", "Figures saved"
    UPLOADED = "uploaded", "Figures saved from an uploaded file"
    SUBMITTED = "submitted", "Submitted for certification"
    RETURNED = "returned", "Returned to draft (figures changed after submission)"
    CERTIFIED = "certified", "Certified"
    PUBLISHED = "published", "Published"
    RELEASE_DATE = "release", "Release date changed"


class SubmissionEvent(models.Model):
    """The audit trail: one row per version of a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    version = models.PositiveIntegerField(help_text="The submission's version after this change")
    action = models.CharField(max_length=10, choices=SubmissionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system acted (scheduled publication)",
    )
    created_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True, help_text="Why, in the person's own words")
    changes = models.JSONField(
        default=list,
        blank=True,
        help_text='[{"line": "190", "measure": "employees", "old": "1.000", "new": "2.000"}, …] (explanations too)',
    )

    class Meta:
        ordering = ["-version", "-id"]
        indexes = [models.Index(fields=["submission", "version"], name="submissionevent_version")]

    def __str__(self):
        return f"{self.submission_id} v{self.version} {self.action}"

    @property
    def change_lines(self) -> list[str]:
        """The changes in words, e.g. "Line 190 Employees (C1): 1000 → 1200"."""
        from .validation import MEASURE_COLUMN, MEASURE_LABEL

        lines = []
        for change in self.changes or []:
            measure = change.get("measure", "")
            where = (
                f"Line {change.get('line')} {MEASURE_LABEL.get(measure, measure)} ({MEASURE_COLUMN.get(measure, '?')})"
            )
            if change.get("field") == "release_date":
                lines.append(f"Release date: {change.get('old') or 'not set'} → {change.get('new') or 'not set'}")
            elif change.get("field") == "explanation":
                lines.append(f"{where}: explanation changed")
            else:
                old = change.get("old")
                lines.append(f"{where}: {'(empty)' if old is None else old} → {change.get('new')}")
        return lines
