"""The site-wide search index: one row per visible searchable item.

Each registered source (cop.sitesearch.sources) turns its visible objects into rows here;
anything its visibility filter rejects is removed, so hidden items cannot reach results,
facet counts or suggestions. Full-text matching uses the database's own engine: a
weighted tsvector with a GIN index on PostgreSQL, an FTS5 table (porter stemming, bm25)
on SQLite (created by migration 0002, kept in step by cop.sitesearch.services).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

FACET_SEPARATOR = "\x1f"


def facet_tokens(facets: dict) -> str:
    return FACET_SEPARATOR.join(f"{key}={value}" for key, values in sorted(facets.items()) for value in values)


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Signed-in members"
    VERIFIED = "verified", "Verified council officers"


class SearchDocument(models.Model):
    source = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.PUBLIC)

    # What the full-text index weighs as the title; display_title (if set) is what people see.
    title = models.CharField(max_length=500, blank=True)
    display_title = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Words that should find the item but are not shown: council names, tags, service names.
    keywords = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True)
    # When the item stops being visible on its own (e.g. a citizen story's consent expires).
    visible_until = models.DateField(null=True, blank=True)
    # Facet values by facet key, e.g. {"type": ["Case study"], "region": ["West Midlands"]}.
    facets = models.JSONField(default=dict)
    # The same values as "key=value" tokens joined by FACET_SEPARATOR: counting facets over
    # thousands of matches is much cheaper from this than from JSON.
    facet_tokens = models.TextField(blank=True, default="")

    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="sitesearch_unique_item")]
        indexes = [
            models.Index(fields=["audience", "date"], name="sitesearch_audience_date"),
            models.Index(fields=["title"], name="sitesearch_title"),
        ]

    def __str__(self):
        return f"{self.source}:{self.object_id} {self.title}"
