"""Elasticsearch (optional, when ELASTICSEARCH_URL is set): keeping our index in step with
the database rows, and searching it through SiteFacetedSearch. Kept thin: the query it
sends is tested without a server (tests/sitesearch/test_elasticsearch_queries.py)."""

from __future__ import annotations

from collections import Counter

from django.conf import settings

from .base import AND, EngineResult, Hit, build_facets
from .query import PAGE_SIZE, ParsedQuery, SearchRequest
from .registry import FACET_KEYS

_connected = False


def is_enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def connect() -> None:
    global _connected
    if not _connected:
        from elasticsearch_dsl import connections

        connections.create_connection(alias="default", hosts=[settings.ELASTICSEARCH_URL], request_timeout=5)
        _connected = True


def ensure_index(recreate: bool = False) -> None:
    from .documents import SearchItemDocument

    connect()
    index = SearchItemDocument._index
    if recreate and index.exists():
        index.delete()
    if not index.exists():
        SearchItemDocument.init()


def sync(source_key: str, object_ids: list[str] | None, rows) -> None:
    """Make the Elasticsearch documents of these objects match the database rows."""
    from elasticsearch.helpers import bulk
    from elasticsearch_dsl import connections

    from .documents import INDEX_NAME, SearchItemDocument

    ensure_index()
    client = connections.get_connection()
    present = {row.object_id for row in rows}
    actions = [SearchItemDocument.from_row(row).to_dict(include_meta=True) for row in rows]
    if object_ids is None:
        client.delete_by_query(
            index=INDEX_NAME, query={"term": {"source": source_key}}, refresh=True, conflicts="proceed"
        )
    else:
        actions += [
            {"_op_type": "delete", "_index": INDEX_NAME, "_id": f"{source_key}:{object_id}"}
            for object_id in object_ids
            if object_id not in present
        ]
    if actions:
        bulk(client, actions, raise_on_error=False, refresh=True)


class ElasticsearchEngine:
    name = "elasticsearch"

    def search(self, request: SearchRequest, mode: str = AND) -> EngineResult:
        from .faceted import SiteFacetedSearch

        connect()
        start = (request.page - 1) * PAGE_SIZE
        faceted = SiteFacetedSearch(
            request.query, audiences=request.audiences, filters=request.filters, sort=request.sort, mode=mode
        )[start : start + PAGE_SIZE]
        response = faceted.execute()
        counters = {key: Counter() for key in FACET_KEYS}
        for key in FACET_KEYS:
            for value, count, _selected in response.facets[key]:
                counters[key][str(value)] = count
        selected = {key: set(values) for key, values in request.filters.items()}
        return EngineResult(
            total=response.hits.total.value,
            hits=[Hit(doc_id=hit.row_id, score=hit.meta.score or 0.0) for hit in response],
            facets=build_facets(counters, selected),
        )

    def count_matches(self, request: SearchRequest, query: ParsedQuery) -> int:
        from .faceted import SiteFacetedSearch

        connect()
        return SiteFacetedSearch(query, audiences=request.audiences).count()
