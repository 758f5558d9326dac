"""Index writes (cop.sitesearch.services): what a search shows after an item is edited,
re-indexed or removed. On PostgreSQL these also keep the narrow match rows and the facet-value
ids in step with the documents; the database engine answers from those."""

import pytest
from django.db import connection

from cop.discussions.models import Thread
from cop.sitesearch.engine import DatabaseEngine
from cop.sitesearch.models import FacetValue, SearchDocument, SearchMatchRow
from cop.sitesearch.services import rebuild_all, reindex_objects
from tests.discussions.factories import ThreadFactory
from tests.sitesearch.conftest import Searcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def searcher():
    return Searcher(DatabaseEngine())


def test_an_edited_item_is_found_by_its_new_words_and_counted_under_its_new_theme(searcher):
    thread = ThreadFactory(title="Pooled budget for rough sleepers")
    thread.tags.set(["Housing"])
    rebuild_all()
    assert searcher.facet_counts("pooled budget")["theme"] == {"Housing": 1}

    Thread.objects.filter(pk=thread.pk).update(title="Shared budget for rough sleepers")
    thread.tags.set(["Homelessness"])
    reindex_objects("thread", [thread.pk])

    assert searcher.titles("pooled", spelling="0") == []
    assert searcher.titles("shared budget") == ["Shared budget for rough sleepers"]
    assert searcher.facet_counts("shared budget")["theme"] == {"Homelessness": 1}
    # A filter on the old theme no longer finds it.
    assert searcher.titles("budget", theme="Housing") == []


def test_re_indexing_the_same_item_again_does_not_count_it_twice(searcher):
    thread = ThreadFactory(title="Falls prevention with the fire service")
    thread.tags.set(["Older people"])
    for _ in range(3):
        reindex_objects("thread", [thread.pk])
    page = searcher.run("falls prevention")
    assert page.total == 1
    assert searcher.facet_counts("falls prevention")["theme"] == {"Older people": 1}


def test_a_removed_item_leaves_no_trace_in_results_or_counts(searcher):
    kept = ThreadFactory(title="Hospital discharge at weekends")
    gone = ThreadFactory(title="Hospital discharge on Fridays")
    rebuild_all()
    assert searcher.run("hospital discharge").total == 2

    Thread.objects.filter(pk=gone.pk).delete()
    reindex_objects("thread", [gone.pk])

    page = searcher.run("hospital discharge")
    assert page.total == 1
    assert [item.url for item in page.results] == [kept.get_absolute_url()]
    assert searcher.facet_counts("hospital discharge")["type"] == {"Discussion": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="match rows are PostgreSQL's structure")
def test_on_postgresql_every_document_has_exactly_one_match_row_with_its_facet_ids():
    first = ThreadFactory(title="Shared procurement of care placements")
    first.tags.set(["Adult social care", "Procurement"])
    ThreadFactory(title="Schools sharing business managers")
    rebuild_all()
    reindex_objects("thread", [first.pk])

    documents = SearchDocument.objects.all()
    rows = {row.document_id: row for row in SearchMatchRow.objects.all()}
    assert set(rows) == {d.pk for d in documents}
    tokens = dict(FacetValue.objects.values_list("id", "token"))
    for document in documents:
        row = rows[document.pk]
        assert sorted(tokens[i] for i in row.facet_ids) == sorted(filter(None, document.facet_tokens.split("\x1f")))
        assert (row.audience, row.source, row.date) == (document.audience, document.source, document.date)
    # Each facet value has one id, however many items carry it.
    assert FacetValue.objects.count() == len(set(tokens.values()))
