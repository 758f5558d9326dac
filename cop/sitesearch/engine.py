"""Search backends behind one interface.

DatabaseEngine (always available): the database's own full-text search - PostgreSQL
tsvector + GIN + ts_rank over the narrow SearchMatchRow table, or SQLite FTS5 + bm25.
On PostgreSQL one statement does everything - matching, facet filters, facet counts
(unnest of the integer facet ids, GROUP BY), the total, and ranking of the rows that pass
the filters (ORDER BY rank LIMIT) - so no matching rows are carried into Python. On SQLite it asks for
the matching rows (id, score, date, facet values) in one query, then filters, counts facets
and sorts in Python.

Facet counts are "disjunctive": each option's count applies every *other* selected facet,
so choosing one region does not hide the other regions.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .base import AND, OR, EngineResult, Hit, build_facets, index_version
from .models import FACET_SEPARATOR, SearchDocument
from .query import PAGE_SIZE, ParsedQuery, SearchRequest
from .registry import FACET_KEYS, registry

RESULT_CACHE_SECONDS = 300
# The whole index's facet counts (for browsing by one facet): keyed on the index version.
FACET_TOTALS_CACHE_SECONDS = 300
# Only "%s" placeholders are formatted in; every value is a query parameter.
FTS5_SQL = (
    "SELECT d.id, -bm25(sitesearch_fts, 10.0, 5.0, 3.0, 1.0), d.date, d.facet_tokens, d.source "
    "FROM sitesearch_fts JOIN sitesearch_searchdocument d ON d.id = sitesearch_fts.rowid "
    "WHERE sitesearch_fts MATCH %s AND d.audience IN ({placeholders}) "
    "AND (d.visible_until IS NULL OR d.visible_until >= %s)"
)


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
        if connection.vendor == "postgresql":
            result = self._postgres_search(request, mode)
        else:
            rows = self._matching_rows(request, mode)
            result = self._filter_count_sort(rows, request)
        cache.set(key, result, RESULT_CACHE_SECONDS)
        return result

    def count_matches(self, request: SearchRequest, query: ParsedQuery) -> int:
        """How many visible rows a query matches, before facets (used for spelling checks)."""
        probe = SearchRequest(query=query, audiences=request.audiences)
        if connection.vendor == "postgresql":
            base_sql, params = self._postgres_base(probe, AND)
            with transaction.atomic(), connection.cursor() as cursor:
                _prefer_gin(cursor, not probe.query.is_empty)
                cursor.execute(f"SELECT count(*) FROM ({base_sql}) AS matching", params)  # noqa: S608
                return cursor.fetchone()[0]
        return len(self._matching_rows(probe, AND))

    # Matching (SQLite) ----------------------------------------------------------------------

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
        rows = self._sqlite_rows(request, mode)
        return [(pk, score * boosts.get(source, 1.0), date, tokens) for pk, score, date, tokens, source in rows]

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

    # PostgreSQL: everything in one statement ------------------------------------------------

    def _postgres_base(
        self, request: SearchRequest, mode: str, with_vector: bool = False, within: tuple[str, list] = ("", [])
    ) -> tuple[str, list]:
        """SQL selecting the visible match rows the query matches: id, date, source, facet ids
        (and the tsvector, for ranking, if asked). `within` is an extra condition (SQL, params)."""
        today = timezone.localdate()
        placeholders = ",".join(["%s"] * len(request.audiences))
        where = f"r.audience IN ({placeholders}) AND (r.visible_until IS NULL OR r.visible_until >= %s)"
        params: list = [*request.audiences, today]
        if within[0]:
            where += f" AND {within[0]}"
            params += within[1]
        if not request.query.is_empty:
            query_sql, query_params = _compile_tsquery(postgres_query(request.query, mode))
            where += f" AND r.search_vector @@ ({query_sql})"
            params += query_params
        vector = ", r.search_vector" if with_vector else ""
        # Only fixed SQL and "%s" placeholders are formatted in; every value is a parameter.
        sql = (
            f"SELECT r.document_id AS id, r.date, r.source, r.facet_ids{vector} "  # noqa: S608
            f"FROM sitesearch_searchmatchrow r WHERE {where}"
        )
        return sql, params

    def _postgres_search(self, request: SearchRequest, mode: str) -> EngineResult:
        ranked = not (request.sort == "newest" or request.query.is_empty)
        wanted = [
            (key, [f"{key}={value}" for value in values])
            for key, values in request.filters.items()
            if key in FACET_KEYS and values
        ]
        # Each facet's chosen values become their integer ids once per statement (InitPlan).
        chosen = "ARRAY(SELECT v.id FROM sitesearch_facetvalue v WHERE v.token = ANY(%s))"
        # Browsing by facets alone would read every visible row. Only rows failing at most
        # one chosen facet are counted, so read just those, through the GIN index on the
        # facet ids: with one facet, the rows that have it (that facet's own counts are the
        # whole index's, added below); with more, rows having all but one of them.
        browsing = request.query.is_empty and bool(wanted)
        within: tuple[str, list] = ("", [])
        if browsing:
            overlap = f"r.facet_ids && {chosen}"
            if len(wanted) == 1:
                within = (overlap, [wanted[0][1]])
            else:
                groups, group_params = [], []
                for skipped in range(len(wanted)):
                    others = [tokens for i, (_key, tokens) in enumerate(wanted) if i != skipped]
                    groups.append("(" + " AND ".join([overlap] * len(others)) + ")")
                    group_params += others
                within = ("(" + " OR ".join(groups) + ")", group_params)
        base_sql, base_params = self._postgres_base(request, mode, with_vector=ranked, within=within)
        # Per row: how many selected facets it fails, and the prefix ("key=") of the first
        # one. Rows failing none count for every facet; rows failing exactly one count only
        # for that facet (disjunctive counts: a facet's own choice does not narrow it).
        if wanted:
            misses = " + ".join(f"(NOT (base.facet_ids && {chosen}))::int" for _ in wanted)
            first_miss = "CASE " + " ".join(f"WHEN NOT (base.facet_ids && {chosen}) THEN %s" for _ in wanted) + " END"
            flag_params = [tokens for _key, tokens in wanted]
            for key, tokens in wanted:
                flag_params += [tokens, key + "="]
        else:
            misses, first_miss, flag_params = "0", "NULL::text", []
        if ranked:
            boosts = registry.boosts()
            boost_sql = "1.0::float8"
            if boosts:
                boost_sql = (
                    "CASE b.source " + " ".join("WHEN %s THEN %s::float8" for _ in boosts) + " ELSE 1.0::float8 END"
                )
            query_sql, query_params = _compile_tsquery(postgres_query(request.query, mode))
            # Only rows passing every filter are ranked: ranking reads the whole tsvector.
            score_sql = (
                f"CASE WHEN b.misses = 0 THEN ts_rank(b.search_vector, ({query_sql}), 1)::float8 * ({boost_sql}) END"
            )
            score_params = [*query_params, *[v for item in boosts.items() for v in item]]
            order = "score DESC, date DESC NULLS LAST, id DESC"
        else:
            score_sql, score_params, order = "0.0::float8", [], "date DESC NULLS LAST, id DESC"
        start = (request.page - 1) * PAGE_SIZE
        # Only fixed SQL and "%s" placeholders are formatted in; every value is a parameter.
        sql = (
            f"WITH matching AS MATERIALIZED (SELECT b.id, b.date, b.facet_ids, b.misses, b.first_miss, "  # noqa: S608
            f"{score_sql} AS score FROM (SELECT base.*, {misses} AS misses, {first_miss} AS first_miss "
            f"FROM ({base_sql}) AS base) AS b) "
            # Facet counts: integers are counted, and only the ~100 distinct ones are named.
            "SELECT 'facet', v.token, c.n, NULL::float8, NULL::timestamptz FROM ("
            "SELECT first_miss, t, count(*) AS n FROM (SELECT first_miss, unnest(facet_ids) AS t "
            "FROM matching WHERE misses <= 1) AS s GROUP BY first_miss, t) AS c "
            "JOIN sitesearch_facetvalue v ON v.id = c.t "
            "WHERE c.first_miss IS NULL OR starts_with(v.token, c.first_miss) "
            "UNION ALL SELECT 'total', NULL, count(*), NULL, NULL FROM matching WHERE misses = 0 "
            "UNION ALL SELECT 'hit', NULL, id, score, date FROM ("
            f"SELECT id, date, score FROM matching WHERE misses = 0 ORDER BY {order} LIMIT %s OFFSET %s) AS page"
        )
        # The WHERE/SELECT order of placeholders: score (outermost select list), then the
        # misses/first_miss flags, then the base query.
        params = [*score_params, *flag_params, *base_params, PAGE_SIZE, start]
        with transaction.atomic(), connection.cursor() as cursor:
            _prefer_gin(cursor, not request.query.is_empty or browsing)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        counters = {key: Counter() for key in FACET_KEYS}
        total, page_rows = 0, []
        for kind, token, number, score, date in rows:
            if kind == "facet":
                key, _, value = token.partition("=")
                if key in counters:
                    counters[key][value] += number
            elif kind == "total":
                total = number
            else:
                page_rows.append((number, score or 0.0, date))
        if browsing and len(wanted) == 1:
            # The one chosen facet's options count over everything visible.
            key = wanted[0][0]
            counters[key] = Counter(self._visible_facet_counts(request).get(key, {}))
        # UNION ALL promises no order: put the page back in the order the database chose.
        if ranked:
            page_rows.sort(key=lambda r: (r[1], r[2] is not None, r[2] or 0, r[0]), reverse=True)
        else:
            page_rows.sort(key=lambda r: (r[2] is not None, r[2] or 0, r[0]), reverse=True)
        hits = [Hit(doc_id=pk, score=float(score)) for pk, score, _date in page_rows]
        selected = {key: set(values) for key, values in request.filters.items() if key in FACET_KEYS}
        return EngineResult(total=total, hits=hits, facets=build_facets(counters, selected))

    def _visible_facet_counts(self, request: SearchRequest) -> dict[str, dict[str, int]]:
        """Every facet value's count over all items these audiences can see. Cached under the
        index version, like search results, so it is exact; it reads every visible row."""
        audiences = ",".join(sorted(request.audiences))
        key = f"sitesearch:visible-facets:{index_version()}:{timezone.localdate().isoformat()}:{audiences}"
        counts = cache.get(key)
        if counts is not None:
            return counts
        base_sql, params = self._postgres_base(SearchRequest(query=ParsedQuery(), audiences=request.audiences), AND)
        sql = (
            "SELECT v.token, c.n FROM (SELECT t, count(*) AS n FROM (SELECT unnest(facet_ids) AS t "  # noqa: S608
            f"FROM ({base_sql}) AS base) AS u GROUP BY t) AS c JOIN sitesearch_facetvalue v ON v.id = c.t"
        )
        counts = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for token, number in cursor.fetchall():
                facet, _, value = token.partition("=")
                counts.setdefault(facet, {})[value] = number
        cache.set(key, counts, FACET_TOTALS_CACHE_SECONDS)
        return counts

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


def _prefer_gin(cursor, uses_index: bool) -> None:
    """A common two-word query matches a third of the index, so the planner's estimate
    favours a sequential scan, which tests every row's tsvector (2-3 times slower than the
    GIN index here); the same holds for a broad facet. SET LOCAL lasts until the caller's
    transaction ends. Browsing with neither words nor facets reads every visible row, for
    which a sequential scan is right."""
    if uses_index:
        cursor.execute("SET LOCAL enable_seqscan = off")


def _cache_key(request: SearchRequest, mode: str) -> str:
    query = request.query
    parts = [
        str(index_version()),
        connection.vendor,
        timezone.localdate().isoformat(),
        mode,
        request.sort,
        str(request.page),
        ",".join(sorted(request.audiences)),
        " ".join(query.terms),
        "|".join(" ".join(p) for p in query.phrases),
        " ".join(query.excluded),
        json.dumps({k: sorted(v) for k, v in sorted(request.filters.items())}),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"sitesearch:results:{digest}"


def _compile_tsquery(ts_query: SearchQuery) -> tuple[str, list]:
    """The SQL (with parameters) Django writes for this SearchQuery."""
    query = SearchDocument.objects.all().query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(ts_query.resolve_expression(query))
    return sql, list(params)


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
