"""Search backends behind one interface.

DatabaseEngine (always available): the database's own full-text search over the
SearchDocument rows - PostgreSQL tsvector + GIN + ts_rank, or SQLite FTS5 + bm25. It asks
the database for the matching rows (id, score, date, facet values) in one query, then
filters, counts facets and sorts in Python, and fetches only the requested page.

Facet counts are "disjunctive": each option's count applies every *other* selected facet,
so choosing one region does not hide the other regions.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from .models import SearchDocument
from .query import PAGE_SIZE, ParsedQuery, SearchRequest
from .registry import FACET_KEYS, FACETS, registry

MAX_FACET_OPTIONS = 15
AND, OR = "and", "or"
# Only "%s" placeholders are formatted in; every value is a query parameter.
FTS5_SQL = (
    "SELECT d.id, -bm25(sitesearch_fts, 10.0, 5.0, 3.0, 1.0), d.date, d.facets, d.source "
    "FROM sitesearch_fts JOIN sitesearch_searchdocument d ON d.id = sitesearch_fts.rowid "
    "WHERE sitesearch_fts MATCH %s AND d.audience IN ({placeholders}) "
    "AND (d.visible_until IS NULL OR d.visible_until >= %s)"
)


@dataclass
class FacetOption:
    value: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    key: str
    label: str
    options: list[FacetOption] = field(default_factory=list)


@dataclass
class Hit:
    doc_id: int
    score: float


@dataclass
class EngineResult:
    total: int
    hits: list[Hit]
    facets: list[FacetResult]


class DatabaseEngine:
    name = "database"

    def search(self, request: SearchRequest, mode: str = AND) -> EngineResult:
        rows = self._matching_rows(request, mode)
        return self._filter_count_sort(rows, request)

    def count_matches(self, request: SearchRequest, query: ParsedQuery) -> int:
        """How many visible rows a query matches, before facets (used for spelling checks)."""
        probe = SearchRequest(query=query, audiences=request.audiences)
        return len(self._matching_rows(probe, AND))

    # Matching -------------------------------------------------------------------------------

    def _visible(self, request: SearchRequest):
        today = timezone.localdate()
        return SearchDocument.objects.filter(audience__in=request.audiences).filter(
            Q(visible_until__isnull=True) | Q(visible_until__gte=today)
        )

    def _matching_rows(self, request: SearchRequest, mode: str) -> list[tuple]:
        query = request.query
        if query.is_empty:
            rows = self._visible(request).values_list("pk", "date", "facets")
            return [(pk, 0.0, date, facets) for pk, date, facets in rows]
        boosts = registry.boosts()
        if connection.vendor == "postgresql":
            rows = self._postgres_rows(request, mode)
        else:
            rows = self._sqlite_rows(request, mode)
        return [(pk, score * boosts.get(source, 1.0), date, facets) for pk, score, date, facets, source in rows]

    def _postgres_rows(self, request: SearchRequest, mode: str) -> list[tuple]:
        ts_query = postgres_query(request.query, mode)
        return list(
            self._visible(request)
            .filter(search_vector=ts_query)
            .annotate(score=SearchRank(F("search_vector"), ts_query, normalization=1))
            .values_list("pk", "score", "date", "facets", "source")
        )

    def _sqlite_rows(self, request: SearchRequest, mode: str) -> list[tuple]:
        expression = fts5_expression(request.query, mode)
        if not expression:
            return []
        today = timezone.localdate().isoformat()
        placeholders = ",".join(["%s"] * len(request.audiences))
        sql = FTS5_SQL.format(placeholders=placeholders)
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *request.audiences, today])
            return [
                (pk, score, date, json.loads(facets) if isinstance(facets, str) else facets, source)
                for pk, score, date, facets, source in cursor.fetchall()
            ]

    # Facets, sorting, paging ----------------------------------------------------------------

    def _filter_count_sort(self, rows: list[tuple], request: SearchRequest) -> EngineResult:
        selected = {key: set(values) for key, values in request.filters.items() if key in FACET_KEYS}
        counters = {key: Counter() for key in FACET_KEYS}
        kept = []
        for row in rows:
            facets = row[3] or {}
            failing = [key for key, wanted in selected.items() if wanted.isdisjoint(facets.get(key, ()))]
            if not failing:
                kept.append(row)
                for key in FACET_KEYS:
                    counters[key].update(facets.get(key, ()))
            elif len(failing) == 1:
                counters[failing[0]].update(facets.get(failing[0], ()))
        if request.sort == "newest" or request.query.is_empty:
            kept.sort(key=lambda r: (r[2] is not None, r[2] or 0, r[0]), reverse=True)
        else:
            kept.sort(key=lambda r: (r[1], r[2] is not None, r[2] or 0), reverse=True)
        start = (request.page - 1) * PAGE_SIZE
        hits = [Hit(doc_id=r[0], score=float(r[1] or 0)) for r in kept[start : start + PAGE_SIZE]]
        return EngineResult(total=len(kept), hits=hits, facets=build_facets(counters, selected))


def build_facets(counters: dict[str, Counter], selected: dict[str, set]) -> list[FacetResult]:
    results = []
    for facet in FACETS:
        counts = counters.get(facet.key, Counter())
        chosen = selected.get(facet.key, set())
        if facet.order_by_value_desc:
            values = sorted(counts, reverse=True)
        else:
            values = sorted(counts, key=lambda v: (-counts[v], v.lower()))
        values = values[:MAX_FACET_OPTIONS]
        values += sorted(v for v in chosen if v not in values)
        options = [FacetOption(value=v, count=counts.get(v, 0), selected=v in chosen) for v in values]
        if options:
            results.append(FacetResult(key=facet.key, label=facet.label, options=options))
    return results


def postgres_query(query: ParsedQuery, mode: str) -> SearchQuery:
    parts = [SearchQuery(term, config="english", search_type="plain") for term in query.terms]
    parts += [SearchQuery(" ".join(p), config="english", search_type="phrase") for p in query.phrases]
    combined = parts[0]
    for part in parts[1:]:
        combined = (combined | part) if mode == OR else (combined & part)
    for term in query.excluded:
        combined = combined & ~SearchQuery(term, config="english", search_type="plain")
    return combined


def _fts5_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_expression(query: ParsedQuery, mode: str) -> str:
    parts = [_fts5_quote(t) for t in query.terms] + [_fts5_quote(" ".join(p)) for p in query.phrases]
    if not parts:
        return ""
    joiner = " OR " if mode == OR else " AND "
    expression = "(" + joiner.join(parts) + ")"
    for term in query.excluded:
        expression += " NOT " + _fts5_quote(term)
    return expression
