"""Elasticsearch index layout for the site-wide search (used only when ELASTICSEARCH_URL is set).

One document per SearchDocument row, keyed "<source>:<object_id>", carrying the database
row id so results are always read back from the database (a stale Elasticsearch document
whose row is gone simply drops out).
"""

from __future__ import annotations

from django.conf import settings
from elasticsearch_dsl import Date, Document, Integer, Keyword, SearchAsYouType, Text

from .registry import FACET_KEYS

INDEX_NAME = settings.ELASTICSEARCH_INDEX_PREFIX + "_sitesearch"
ANALYZER = "english"


class SearchItemDocument(Document):
    row_id = Integer()
    source = Keyword()
    object_id = Keyword()
    audience = Keyword()
    title = Text(analyzer=ANALYZER, fields={"raw": Keyword(), "suggest": SearchAsYouType()})
    keywords = Text(analyzer=ANALYZER)
    summary = Text(analyzer=ANALYZER)
    body = Text(analyzer=ANALYZER)
    url = Keyword(index=False)
    date = Date()
    visible_until = Date()
    # Facet values, one keyword field per facet (multi-valued).
    type = Keyword()
    theme = Keyword()
    service = Keyword()
    region = Keyword()
    council_type = Keyword()
    level = Keyword()
    lead = Keyword()
    year = Keyword()

    class Index:
        name = INDEX_NAME
        settings = {"number_of_shards": 1, "number_of_replicas": 0}

    @classmethod
    def from_row(cls, row) -> SearchItemDocument:
        doc = cls(
            meta={"id": f"{row.source}:{row.object_id}"},
            row_id=row.pk,
            source=row.source,
            object_id=row.object_id,
            audience=row.audience,
            title=row.title,
            keywords=row.keywords,
            summary=row.summary,
            body=row.body,
            url=row.url,
            date=row.date,
            visible_until=row.visible_until,
        )
        for key in FACET_KEYS:
            setattr(doc, key, list((row.facets or {}).get(key, [])))
        return doc
