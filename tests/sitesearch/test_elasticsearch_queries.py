"""The Elasticsearch side, tested by what it sends (no server needed): the index mapping,
the documents built from rows, and the faceted query for a search request."""

import datetime

import pytest

from cop.sitesearch.documents import SearchItemDocument
from cop.sitesearch.engine import OR
from cop.sitesearch.faceted import SiteFacetedSearch
from cop.sitesearch.models import SearchDocument
from cop.sitesearch.query import parse_query
from cop.sitesearch.registry import FACET_KEYS


def _query(text="pooled budget", **kwargs):
    kwargs.setdefault("audiences", ["public"])
    return SiteFacetedSearch(parse_query(text), **kwargs).build_search().to_dict()


def test_mapping_has_english_text_fields_and_keyword_facets():
    properties = SearchItemDocument._doc_type.mapping.to_dict()["properties"]
    for field in ("title", "summary", "body", "keywords"):
        assert properties[field] == {**properties[field], "type": "text", "analyzer": "english"}
    for key in FACET_KEYS:
        assert properties[key]["type"] == "keyword"
    assert properties["audience"]["type"] == "keyword"
    assert properties["title"]["fields"]["suggest"]["type"] == "search_as_you_type"


def test_document_from_a_row_carries_row_id_facets_and_a_stable_id():
    row = SearchDocument(
        pk=42,
        source="case_study",
        object_id="7",
        audience="public",
        title="Pooled budgets",
        url="/cs/7/",
        date=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
        facets={"type": ["Case study"], "region": ["London"]},
    )
    body = SearchItemDocument.from_row(row).to_dict(include_meta=True)
    assert body["_id"] == "case_study:7"
    assert body["_source"]["row_id"] == 42
    assert body["_source"]["region"] == ["London"]
    assert body["_source"]["type"] == ["Case study"]


def test_query_requires_every_word_across_fields_with_title_boost():
    query = _query()
    match = query["query"]["bool"]["must"][0]["multi_match"]
    assert match["query"] == "pooled budget"
    assert match["operator"] == "and"
    assert match["type"] == "cross_fields"
    assert "title^10" in match["fields"]


def test_any_word_mode_uses_or():
    match = SiteFacetedSearch(parse_query("pooled budget"), audiences=["public"], mode=OR).build_search().to_dict()
    clauses = match["query"]["bool"].get("should", []) + match["query"]["bool"].get("must", [])
    assert [c["multi_match"]["operator"] for c in clauses] == ["or"]


def test_phrases_and_exclusions_become_phrase_and_must_not_clauses():
    query = _query('"young people" budget -police')
    bool_query = query["query"]["bool"]
    phrase = [c["multi_match"] for c in bool_query["must"] if c["multi_match"].get("type") == "phrase"]
    assert phrase and phrase[0]["query"] == "young people"
    assert bool_query["must_not"][0]["multi_match"]["query"] == "police"


def test_audience_and_expiry_filter_apply_to_results_and_facet_counts():
    query = _query(audiences=["public", "members"])
    visible = query["query"]["bool"]["filter"][0]["bool"]
    assert {"terms": {"audience": ["public", "members"]}} in visible["must"]
    assert {"range": {"visible_until": {"gte": "now/d"}}} in visible["should"]
    # Facet aggregations sit inside the query, so they inherit the same filter.
    assert "post_filter" not in query


def test_selected_facets_filter_results_and_every_other_facet_but_not_their_own():
    query = _query(filters={"region": ["London"], "theme": ["Housing", "Young people"]})
    assert {"terms": {"region": ["London"]}} in query["post_filter"]["bool"]["must"]
    region_agg_filter = query["aggs"]["_filter_region"]["filter"]
    assert region_agg_filter == {"terms": {"theme": ["Housing", "Young people"]}}
    type_agg_filter = query["aggs"]["_filter_type"]["filter"]["bool"]["must"]
    assert {"terms": {"region": ["London"]}} in type_agg_filter
    assert query["aggs"]["_filter_year"]["aggs"]["year"]["terms"]["order"] == {"_key": "desc"}


def test_sorting_newest_and_relevance():
    assert _query(sort="newest")["sort"] == [{"date": {"order": "desc"}}, {"row_id": {"order": "desc"}}]
    assert _query(sort="relevance")["sort"][0] == "_score"


def test_empty_query_browses_without_a_text_clause():
    query = _query("")
    assert "must" not in query["query"]["bool"]


def test_results_fetch_only_the_row_id():
    assert _query()["_source"] == ["row_id"]


@pytest.mark.elasticsearch
def test_live_server_round_trip(db):
    import os

    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("ELASTICSEARCH_URL is not set")
    from cop.sitesearch import elastic

    elastic.ensure_index(recreate=True)
    assert SiteFacetedSearch(parse_query("anything"), audiences=["public"]).count() == 0
