"""The site-wide search index: one row per visible searchable item.

Each registered source (cop.sitesearch.sources) turns its visible objects into rows here;
anything its visibility filter rejects is removed, so hidden items cannot reach results,
facet counts or suggestions. Full-text matching uses the database's own engine: on
PostgreSQL a narrow SearchMatchRow per document (weighted tsvector with a GIN index, facet
values as integer ids), on SQLite an FTS5 table (porter stemming, bm25) created by
migration 0002. cop.sitesearch.services keeps both in step with SearchDocument.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models

FACET_SEPARATOR = "\x1f"


def facet_tokens(facets: dict) -> str:
    return FACET_SEPARATOR.join(f"{key}={value}" for key, values in sorted(facets.items()) for value in values)


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Signed-in members"
    VERIFIED = "verified", "Verified council officers"


GROUP_AUDIENCE_PREFIX = "g:"


def group_audience(group_id: int) -> str:
    """The audience of a closed group's items ("g:<id>"): only its members are given it (search
    gets the viewer's groups from the rule cop.communities registers, and never imports it)."""
    return f"{GROUP_AUDIENCE_PREFIX}{int(group_id)}"


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

    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="sitesearch_unique_item")]
        indexes = [
            models.Index(fields=["audience", "date"], name="sitesearch_audience_date"),
            models.Index(fields=["title"], name="sitesearch_title"),
            # Newest titled items first (closest titles, suggestions): replies have no title
            # and would otherwise make up most of what the index walks past.
            models.Index(fields=["audience", "-date"], condition=~models.Q(title=""), name="sitesearch_titled_newest"),
        ]

    def __str__(self):
        return f"{self.source}:{self.object_id} {self.title}"


class FacetValue(models.Model):
    """A facet value ("region=London") and the small integer that stands for it in
    SearchMatchRow.facet_ids: counting integers is several times cheaper than counting text."""

    # A 4-byte id, the same type as SearchMatchRow.facet_ids' elements.
    id = models.AutoField(primary_key=True)
    token = models.TextField(unique=True)

    def __str__(self):
        return self.token


class SearchMatchRow(models.Model):
    """What PostgreSQL reads to answer a search: one narrow row per SearchDocument.

    Matching, permission filters, facet filters, facet counts and ranking touch only these
    rows (about a quarter of a SearchDocument's size, with no display text), so a query that
    matches thousands of items reads few pages; only the page of hits is read from
    SearchDocument. Written by cop.sitesearch.services on PostgreSQL only: on SQLite the FTS5
    table plays this part and this table stays empty.
    """

    document = models.OneToOneField(SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="+")
    audience = models.CharField(max_length=10)
    visible_until = models.DateField(null=True)
    date = models.DateTimeField(null=True)
    source = models.CharField(max_length=40)
    facet_ids = ArrayField(models.IntegerField(), default=list)
    search_vector = SearchVectorField(null=True)

    def __str__(self):
        return f"match row for document {self.document_id}"
