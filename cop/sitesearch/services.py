"""Writes to the search index. Called by the tasks in cop.sitesearch.tasks (which the
signal handlers enqueue) and by the rebuild_search_index command.

Every write asks the source's visibility filter again, so an object that became hidden,
unpublished, withdrawn or restricted simply stops having a row.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction

from .base import VERSION_KEY
from .models import SearchDocument, facet_tokens
from .registry import IndexedItem, SearchSource, registry

logger = logging.getLogger(__name__)

MAX_BODY_CHARS = 100_000
CHUNK = 500


def _bump_version() -> None:
    from cop.core.cache import purge_page_cache

    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    # Anonymous search pages are cached whole, like every other page: an index write
    # (which in production the worker makes after the edit itself) makes them stale.
    purge_page_cache()


# PostgreSQL: the facet values of these documents get their integer ids, then each
# document gets its narrow match row (see SearchMatchRow). Title weighs most (A), then
# keywords and summary (B), then the body (C).
PG_ADD_FACET_VALUES = (
    "INSERT INTO sitesearch_facetvalue (token) "
    "SELECT DISTINCT unnest(string_to_array(facet_tokens, chr(31))) FROM sitesearch_searchdocument "
    "WHERE id = ANY(%s) AND facet_tokens <> '' ORDER BY 1 ON CONFLICT (token) DO NOTHING"
)
PG_ADD_MATCH_ROWS = (
    "INSERT INTO sitesearch_searchmatchrow "
    "(document_id, audience, visible_until, date, source, facet_ids, search_vector) "
    "SELECT d.id, d.audience, d.visible_until, d.date, d.source, "
    "ARRAY(SELECT v.id FROM sitesearch_facetvalue v "
    "WHERE v.token = ANY(string_to_array(d.facet_tokens, chr(31))) ORDER BY v.id), "
    "setweight(to_tsvector('english', d.title), 'A') || setweight(to_tsvector('english', d.keywords), 'B') "
    "|| setweight(to_tsvector('english', d.summary), 'B') || setweight(to_tsvector('english', d.body), 'C') "
    "FROM sitesearch_searchdocument d WHERE d.id = ANY(%s)"
)


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _to_row(source: SearchSource, item: IndexedItem) -> SearchDocument:
    return SearchDocument(
        source=source.key,
        object_id=str(item.object_id),
        audience=item.audience,
        title=(item.title or "")[:500],
        display_title=(item.display_title or "")[:500],
        summary=item.summary or "",
        body=(item.body or "")[:MAX_BODY_CHARS],
        keywords=item.keywords or "",
        url=item.url[:500],
        date=item.date,
        visible_until=item.visible_until,
        facets=item.facets,
        facet_tokens=facet_tokens(item.facets),
    )


def _delete_rows(row_ids: list[int]) -> None:
    for chunk in _chunks(row_ids):
        if connection.vendor == "sqlite":
            placeholders = ",".join(["%s"] * len(chunk))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM sitesearch_fts WHERE rowid IN ({placeholders})", chunk)  # noqa: S608
        SearchDocument.objects.filter(pk__in=chunk).delete()


def write_engine_structures(rows: list[SearchDocument]) -> None:
    """Fill the full-text structures for freshly created rows."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for chunk in _chunks([r.pk for r in rows], 2000):
                cursor.execute(PG_ADD_FACET_VALUES, [chunk])
                cursor.execute(PG_ADD_MATCH_ROWS, [chunk])
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO sitesearch_fts(rowid, title, keywords, summary, body) VALUES (%s, %s, %s, %s, %s)",
                [(r.pk, r.title, r.keywords, r.summary, r.body) for r in rows],
            )


def _replace(source: SearchSource, object_ids: list[str] | None, items: list[IndexedItem]) -> int:
    existing = SearchDocument.objects.filter(source=source.key)
    if object_ids is not None:
        existing = existing.filter(object_id__in=object_ids)
    with transaction.atomic():
        _delete_rows(list(existing.values_list("pk", flat=True)))
        rows = SearchDocument.objects.bulk_create([_to_row(source, item) for item in items], batch_size=CHUNK)
        if connection.vendor == "sqlite" and rows and rows[0].pk is None:  # pragma: no cover - old SQLite
            rows = list(SearchDocument.objects.filter(source=source.key, object_id__in=[r.object_id for r in rows]))
        write_engine_structures(rows)
    _bump_version()
    from . import elastic

    if elastic.is_enabled():
        elastic.sync(source.key, object_ids, rows)
    return len(rows)


def reindex_objects(source_key: str, object_ids: Iterable) -> int:
    """Bring the rows for these objects of one source in line with what is visible now."""
    source = registry.get(source_key)
    if source is None:
        logger.warning("sitesearch: unknown source %s", source_key)
        return 0
    ids = [str(i) for i in object_ids]
    if not ids:
        return 0
    items = list(source.items(ids=ids))
    return _replace(source, ids, items)


def rebuild_source(source: SearchSource) -> int:
    return _replace(source, None, list(source.items()))


def rebuild_all() -> dict[str, int]:
    counts = {source.key: rebuild_source(source) for source in registry.all()}
    # Rows whose source no longer exists would otherwise linger.
    stale = SearchDocument.objects.exclude(source__in=list(counts))
    _delete_rows(list(stale.values_list("pk", flat=True)))
    _bump_version()
    return counts
