"""The squashed sitesearch migration builds the engine-specific full-text structures on a database
migrated from empty (the old chain's 0002 and 0004 did this; the squash keeps it)."""

import pytest
from django.db import connection

from cop.sitesearch.engine import DatabaseEngine
from cop.sitesearch.models import SearchDocument, facet_tokens
from cop.sitesearch.services import write_engine_structures
from tests.sitesearch.conftest import Searcher

pytestmark = pytest.mark.django_db


def _pg_indexes(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_postgres_gets_the_gin_indexes_that_searches_and_facet_browsing_use():
    assert {"sitesearch_match_vector_gin", "sitesearch_match_facets_gin"} <= _pg_indexes("sitesearch_searchmatchrow")
    assert "discussions_thread_title_fts" in _pg_indexes("discussions_thread")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_gets_the_fts5_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'sitesearch_fts'")
        (sql,) = cursor.fetchone()
    assert "fts5" in sql and "porter" in sql


def test_an_item_indexed_on_the_migrated_schema_is_found_and_counted():
    facets = {"type": ["Discussion"], "theme": ["Young people"]}
    document = SearchDocument(
        source="thread",
        object_id="1",
        title="Pooled budget for care leavers",
        url="/discussions/1/",
        facets=facets,
        facet_tokens=facet_tokens(facets),
    )
    write_engine_structures(SearchDocument.objects.bulk_create([document]))
    searcher = Searcher(DatabaseEngine())
    assert searcher.titles("pooled budget") == ["Pooled budget for care leavers"]
    assert searcher.facet_counts("pooled budget")["theme"] == {"Young people": 1}
    assert searcher.titles("budget", theme="Young people") == ["Pooled budget for care leavers"]
