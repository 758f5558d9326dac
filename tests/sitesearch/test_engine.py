"""The PostgreSQL statement (cop.sitesearch.engine) against the plain reference: browsing
by facets gives the same total, page order and facet counts as counting every visible item
in Python, for one to four chosen facets, however the index narrows what it reads."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.http import QueryDict

from cop.sitesearch.engine import AND, DatabaseEngine
from cop.sitesearch.models import SearchDocument, facet_tokens
from cop.sitesearch.query import SearchRequest
from cop.sitesearch.services import write_engine_structures

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the single-statement engine is PostgreSQL's"),
]

VALUES = {
    "type": ["Case study", "Discussion", "Document"],
    "theme": ["Housing", "Older people", "Young people", "Health and care"],
    "region": ["London", "North West", "South East"],
    "year": ["2014", "2015", "2016"],
}
CHOICES = [
    {"theme": ["Housing"]},
    {"theme": ["Housing", "Older people"]},
    {"type": ["Case study"], "region": ["London", "North West"]},
    {"theme": ["Young people"], "region": ["South East"], "year": ["2015"]},
    {"type": ["Discussion"], "theme": ["Housing"], "region": ["London"], "year": ["2016"]},
    {"region": ["Atlantis"]},
]


@pytest.fixture
def index():
    rng = random.Random(7)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows = []
    for n in range(300):
        facets = {
            key: rng.sample(values, rng.choice([1, 1, 2])) for key, values in VALUES.items() if rng.random() < 0.9
        }
        rows.append(
            SearchDocument(
                source="thread",
                object_id=str(n),
                audience=rng.choice(["public", "public", "members"]),
                title=f"Item {n}",
                url=f"/items/{n}/",
                date=start + timedelta(days=n % 97),
                facets=facets,
                facet_tokens=facet_tokens(facets),
            )
        )
    write_engine_structures(SearchDocument.objects.bulk_create(rows))


@pytest.mark.parametrize("sort", ["relevance", "newest"])
@pytest.mark.parametrize("chosen", CHOICES, ids=lambda c: "+".join(c))
def test_browsing_by_facets_agrees_with_counting_every_item(index, chosen, sort):
    params = QueryDict(mutable=True)
    for key, values in chosen.items():
        params.setlist(key, values)
    params["sort"] = sort
    request = SearchRequest.from_params(params, ("public",))
    engine = DatabaseEngine()

    answer = engine._postgres_search(request, AND)
    reference = engine._filter_count_sort(engine._matching_rows(request, AND), request)

    assert answer.total == reference.total
    assert [hit.doc_id for hit in answer.hits] == [hit.doc_id for hit in reference.hits]
    assert [(f.key, [(o.value, o.count, o.selected) for o in f.options]) for f in answer.facets] == [
        (f.key, [(o.value, o.count, o.selected) for o in f.options]) for f in reference.facets
    ]
