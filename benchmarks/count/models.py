"""Partners' figures for a place's count: entered by verified officers of the place, confirmed by a
second officer, then published with their sources and methods. Every change is kept as a version.

Official and apportioned figures are never stored here: they are read from the official outturn
(benchmarks.models) each time a count is shown.
"""

from django.conf import settings
from django.db import models

from benchmarks.models import FinancialYearField


class CountStatus(models.TextChoices):
    DRAFT = "draft", "Draft (waiting for a second officer)"
    PUBLISHED = "published", "Published"


class PartnerCount(models.Model):
    """One place's count of partners' figures for one year."""

    place_id = models.CharField(max_length=60, help_text="The place's id, e.g. area-E10000034")
    place_name = models.CharField(max_length=200)
    year = FinancialYearField()
    status = models.CharField(max_length=10, choices=CountStatus.choices, default=CountStatus.DRAFT)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_id", "year"], name="partnercount_place_year")]
        ordering = ["place_name", "-year"]

    def __str__(self):
        return f"{self.place_name} {self.year}: {self.get_status_display()}"


class Method(models.TextChoices):
    ACTUAL = "actual", "Actual"
    APPORTIONED = "apportioned", "Apportioned"
    ESTIMATED = "estimated", "Estimated"


class Confidence(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class PartnerFigure(models.Model):
    """One partner agency's spend on one theme in the place, £ thousand, with its source."""

    count = models.ForeignKey(PartnerCount, on_delete=models.CASCADE, related_name="figures")
    agency = models.CharField(max_length=120)
    theme = models.CharField(max_length=120)
    amount_thousands = models.DecimalField(max_digits=20, decimal_places=5)
    year = FinancialYearField(help_text="The year the figure covers, as its source states")
    source = models.CharField(max_length=500, help_text="A document title or a link")
    method = models.CharField(max_length=12, choices=Method.choices)
    confidence = models.CharField(max_length=6, choices=Confidence.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["count", "agency", "theme"], name="partnerfigure_count_agency_theme")
        ]
        ordering = ["agency", "theme"]

    def __str__(self):
        return f"{self.agency} / {self.theme}: {self.amount_thousands}"


class CountVersion(models.Model):
    """Every change to a count: who did what, and the partners' figures as they then stood."""

    count = models.ForeignKey(PartnerCount, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    figures = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["count", "number"], name="countversion_count_number")]
        ordering = ["count", "number"]

    def __str__(self):
        return f"{self.count} v{self.number}: {self.action}"
