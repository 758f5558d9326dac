"""Search backends behind one interface.

DatabaseEngine (always available): the database's own full-text search over the
SearchDocument rows - PostgreSQL tsvector + GIN + ts_rank, or SQLite FTS5 + bm25. It asks
the database for the matching rows (id, score, date, facet values) in one query, then
filters, counts facets and sorts in Python, and fetches only the requested page.

Facet counts are "disjunctive": each option's count applies every *other* selected facet,
so choosing one region does not hide the other regions.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from .models import FACET_SEPARATOR, SearchDocument
from .query import PAGE_SIZE, ParsedQuery, SearchRequest
from .registry import FACET_KEYS, FACETS, registry

MAX_FACET_OPTIONS = 10
RESULT_CACHE_SECONDS = 300
AND, OR = "and", "or"
# Only "%s" placeholders are formatted in; every value is a query parameter.
FTS5_SQL = (
    "SELECT d.id, -bm25(sitesearch_fts, 10.0, 5.0, 3.0, 1.0), d.date, d.facet_tokens, d.source "
    "FROM sitesearch_fts JOIN sitesearch_searchdocument d ON d.id = sitesearch_fts.rowid "
    "WHERE sitesearch_fts MATCH %s AND d.audience IN ({placeholders}) "
    "AND (d.visible_until IS NULL OR d.visible_until >= %s)"
)


@dataclass
class FacetOption:
    value: str
    count: int
    selected: bool

    @property
    def count_text(self) -> str:
        # Plain digits: cheaper to render than a localised number, and counts stay small.
        return str(self.count)


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
        # Popular searches are answered from the cache. The key includes the index version
        # (bumped by every index write) and today's date (items can expire), so a cached
        # answer is never staler than the index itself.
        key = _cache_key(request, mode)
        cached = cache.get(key)
        if cached is not None:
            return cached
        rows = self._matching_rows(request, mode)
        result = self._filter_count_sort(rows, request)
        cache.set(key, result, RESULT_CACHE_SECONDS)
        return result

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
            rows = self._visible(request).values_list("pk", "date", "facet_tokens")
            return [(pk, 0.0, date, tokens) for pk, date, tokens in rows]
        boosts = registry.boosts()
        if connection.vendor == "postgresql":
            rows = self._postgres_rows(request, mode)
        else:
            rows = self._sqlite_rows(request, mode)
        return [(pk, score * boosts.get(source, 1.0), date, tokens) for pk, score, date, tokens, source in rows]

    def _postgres_rows(self, request: SearchRequest, mode: str) -> list[tuple]:
        ts_query = postgres_query(request.query, mode)
        return list(
            self._visible(request)
            .filter(search_vector=ts_query)
            .annotate(score=SearchRank(F("search_vector"), ts_query, normalization=1))
            .values_list("pk", "score", "date", "facet_tokens", "source")
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
            return cursor.fetchall()

    # Facets, sorting, paging ----------------------------------------------------------------

    def _filter_count_sort(self, rows: list[tuple], request: SearchRequest) -> EngineResult:
        wanted = {
            key: {f"{key}={value}" for value in values} for key, values in request.filters.items() if key in FACET_KEYS
        }
        all_counts: Counter = Counter()  # tokens of rows passing every filter
        own_counts = {key: Counter() for key in wanted}  # rows failing only this facet's filter
        kept = []
        for row in rows:
            tokens = row[3].split(FACET_SEPARATOR) if row[3] else []
            if wanted:
                present = set(tokens)
                failing = [key for key, values in wanted.items() if present.isdisjoint(values)]
            else:
                failing = []
            if not failing:
                kept.append(row)
                all_counts.update(tokens)
            elif len(failing) == 1:
                prefix = failing[0] + "="
                own_counts[failing[0]].update(t for t in tokens if t.startswith(prefix))
        counters = {key: Counter() for key in FACET_KEYS}
        for token, count in all_counts.items():
            key, _, value = token.partition("=")
            if key in counters:
                counters[key][value] += count
        for key, extra in own_counts.items():
            for token, count in extra.items():
                counters[key][token.partition("=")[2]] += count
        if request.sort == "newest" or request.query.is_empty:
            kept.sort(key=lambda r: (r[2] is not None, r[2] or 0, r[0]), reverse=True)
        else:
            kept.sort(key=lambda r: (r[1], r[2] is not None, r[2] or 0), reverse=True)
        start = (request.page - 1) * PAGE_SIZE
        hits = [Hit(doc_id=r[0], score=float(r[1] or 0)) for r in kept[start : start + PAGE_SIZE]]
        selected = {key: set(values) for key, values in request.filters.items() if key in FACET_KEYS}
        return EngineResult(total=len(kept), hits=hits, facets=build_facets(counters, selected))


def _cache_key(request: SearchRequest, mode: str) -> str:
    from .services import index_version

    query = request.query
    parts = [
        str(index_version()), connection.vendor, timezone.localdate().isoformat(), mode, request.sort,
        str(request.page), ",".join(sorted(request.audiences)), " ".join(query.terms),
        "|".join(" ".join(p) for p in query.phrases), " ".join(query.excluded),
        json.dumps({k: sorted(v) for k, v in sorted(request.filters.items())}),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"sitesearch:results:{digest}"


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
