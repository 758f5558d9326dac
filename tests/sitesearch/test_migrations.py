"""Upgrading a PostgreSQL site to the match-row structure keeps its search working without a
rebuild (migration sitesearch 0004 carries each document's tsvector and facets over)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cop.sitesearch.engine import DatabaseEngine
from tests.sitesearch.conftest import Searcher

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the migration only moves data on PostgreSQL"),
]

BEFORE = [("sitesearch", "0003_facet_tokens")]
AFTER = [("sitesearch", "0004_match_rows")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_items_indexed_before_the_upgrade_are_still_found_and_counted():
    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sitesearch_searchdocument (source, object_id, audience, title, display_title, summary, "
                "body, keywords, url, facets, facet_tokens, search_vector, indexed_at) VALUES "
                "('thread', '1', 'public', 'Pooled budget for care leavers', '', '', '', '', '/discussions/1/', "
                "%s, %s, setweight(to_tsvector('english', 'Pooled budget for care leavers'), 'A'), now())",
                ['{"type": ["Discussion"], "theme": ["Young people"]}', "theme=Young people\x1ftype=Discussion"],
            )
    finally:
        _migrate(AFTER)

    searcher = Searcher(DatabaseEngine())
    assert searcher.titles("pooled budget") == ["Pooled budget for care leavers"]
    assert searcher.facet_counts("pooled budget")["theme"] == {"Young people": 1}
    assert searcher.titles("budget", theme="Young people") == ["Pooled budget for care leavers"]
