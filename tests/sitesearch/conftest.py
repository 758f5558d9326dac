"""Fixtures for the search behaviour suite: every test that takes `engine` runs once per
configured backend (the database always; Elasticsearch when ELASTICSEARCH_URL is set)."""

import html
import os
import re

import pytest
from django.test import RequestFactory

from cop.sitesearch.engine import DatabaseEngine
from cop.sitesearch.query import SearchRequest
from cop.sitesearch.selectors import audiences_for, search, suggestions

BACKENDS = ["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture(autouse=True)
def _fresh_vocabulary(settings):
    """Each test's spelling suggestions come from its own content."""
    from cop.sitesearch import spelling

    settings.SITESEARCH_VOCABULARY_MIN_AGE = 0
    spelling.clear()


@pytest.fixture(params=BACKENDS)
def engine(request, db):
    if request.param == "database":
        return DatabaseEngine()
    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("ELASTICSEARCH_URL is not set: Elasticsearch backend not configured")
    from cop.sitesearch import elastic

    elastic.ensure_index(recreate=True)
    return elastic.ElasticsearchEngine()


@pytest.fixture
def index_events(django_capture_on_commit_callbacks):
    """Run the index tasks that model and page events enqueue on commit."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


def plain(marked) -> str:
    return html.unescape(re.sub(r"</?mark>", "", str(marked)))


class Searcher:
    def __init__(self, engine):
        self.engine = engine

    def run(self, q="", user=None, **params):
        query = {"q": [q]}
        for key, value in params.items():
            query[key] = value if isinstance(value, list) else [value]
        get = RequestFactory().get("/search/", query).GET
        return search(SearchRequest.from_params(get, audiences_for(user)), engine=self.engine)

    def titles(self, q="", user=None, **params):
        return [plain(item.title) for item in self.run(q, user, **params).results]

    def urls(self, q="", user=None, **params):
        return [item.url for item in self.run(q, user, **params).results]

    def facet_counts(self, q="", user=None, **params):
        page = self.run(q, user, **params)
        return {facet.key: {o.value: o.count for o in facet.options} for facet in page.facets}

    @staticmethod
    def suggest(text, user=None):
        return [s["label"] for s in suggestions(text, user)]


@pytest.fixture
def searcher(engine):
    return Searcher(engine)
