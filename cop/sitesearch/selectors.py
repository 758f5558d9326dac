"""Reads for the search page and the type-ahead suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString
from rapidfuzz import fuzz, process
from rapidfuzz import utils as rapidfuzz_utils

from .base import AND, OR, EngineResult, FacetResult
from .councils import council_url
from .engine import DatabaseEngine
from .highlight import highlight_title, snippet
from .models import Audience, SearchDocument
from .query import PAGE_SIZE, ParsedQuery, SearchRequest, clean_text
from .registry import FACET_KEYS, registry

SUGGESTION_LIMIT = 8
MIN_SUGGEST_CHARS = 2


def audiences_for(user) -> tuple[str, ...]:
    """Which audiences' items this person may see: the single permission rule of search."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return (Audience.PUBLIC,)
    if getattr(user, "deleted_at", None):
        return (Audience.PUBLIC,)
    audiences = [Audience.PUBLIC, Audience.MEMBERS]
    if registry.sees_verified(user):
        audiences.append(Audience.VERIFIED)
    return (*audiences, *registry.extra_audiences(user))


def get_engine():
    from . import elastic

    if elastic.is_enabled():
        return elastic.ElasticsearchEngine()
    return DatabaseEngine()


@dataclass
class ResultItem:
    title: SafeString
    url: str
    type_label: str
    snippet: SafeString
    date: object
    facets: dict


@dataclass
class SearchPage:
    request: SearchRequest
    results: list[ResultItem] = field(default_factory=list)
    total: int = 0
    facets: list[FacetResult] = field(default_factory=list)
    corrected: ParsedQuery | None = None
    # A correction offered as a link when the words as typed found something of their own.
    did_you_mean: ParsedQuery | None = None
    any_words: bool = False
    closest_titles: list[dict] = field(default_factory=list)
    popular_themes: list[str] = field(default_factory=list)
    searched: bool = False

    @property
    def page_count(self) -> int:
        return max(1, (self.total + PAGE_SIZE - 1) // PAGE_SIZE)

    @property
    def first_index(self) -> int:
        return (self.request.page - 1) * PAGE_SIZE + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.request.page * PAGE_SIZE)


def search(request: SearchRequest, engine=None) -> SearchPage:
    engine = engine or get_engine()
    page = SearchPage(request=request)
    if request.query.is_empty and not request.filters:
        page.popular_themes = popular_themes(request, engine)
        return page
    page.searched = True
    result = engine.search(request, AND)
    effective = request.query
    if result.total == 0 and not request.query.is_empty and request.spelling:
        corrected, typed_words_match = corrected_query(request, engine)
        if corrected is not None and typed_words_match:
            # What was typed finds things of its own ("Sure Start" where only "start" is indexed):
            # those are shown, and the correction is only offered, never swapped in.
            if engine.count_matches(request, corrected):
                page.did_you_mean = corrected
        elif corrected is not None:
            candidate = engine.search(_with_query(request, corrected), AND)
            if candidate.total:
                result, effective, page.corrected = candidate, corrected, corrected
    if result.total == 0 and len(effective.terms) + len(effective.phrases) > 1:
        candidate = engine.search(_with_query(request, effective), OR)
        if candidate.total:
            result, page.any_words = candidate, True
    _fill(page, result, effective)
    if result.total == 0 and not request.query.is_empty:
        # With filters chosen the page offers to remove them: titles found without the
        # filters would contradict them.
        if not request.filters:
            page.closest_titles = closest_titles(request)
        page.popular_themes = popular_themes(request, engine)
    return page


def _with_query(request: SearchRequest, query: ParsedQuery) -> SearchRequest:
    return SearchRequest(
        query=query,
        filters=request.filters,
        sort=request.sort,
        page=request.page,
        spelling=request.spelling,
        audiences=request.audiences,
    )


def corrected_query(request: SearchRequest, engine) -> tuple[ParsedQuery | None, bool]:
    """The query with each word the index does not contain replaced by its closest indexed word,
    and whether any word as typed matches something (then the correction is only a suggestion)."""
    from .spelling import correct

    changed = typed_words_match = False
    terms = []
    for term in request.query.terms:
        replacement = None
        if engine.count_matches(request, ParsedQuery(terms=[term])):
            typed_words_match = True
        elif not term.isdigit():
            replacement = correct(term)
        terms.append(replacement or term)
        changed = changed or bool(replacement)
    return (request.query.with_terms(terms) if changed else None), typed_words_match


def _fill(page: SearchPage, result: EngineResult, query: ParsedQuery) -> None:
    page.total = result.total
    page.facets = result.facets
    documents = SearchDocument.objects.in_bulk([hit.doc_id for hit in result.hits])
    labels = registry.labels()
    terms = query.highlight_terms
    for hit in result.hits:
        doc = documents.get(hit.doc_id)
        if doc is None:
            continue
        text = doc.summary if _mentions(doc.summary, terms) or not _mentions(doc.body, terms) else doc.body
        page.results.append(
            ResultItem(
                title=highlight_title(doc.display_title or doc.title, terms),
                url=doc.url,
                type_label=labels.get(doc.source, doc.source),
                snippet=snippet(text or doc.body, terms),
                date=doc.date,
                facets=doc.facets,
            )
        )


def _mentions(text: str, terms: list[str]) -> bool:
    lowered = (text or "").lower()
    return bool(lowered) and any(term[: max(4, len(term) - 2)] in lowered for term in terms)


def _visible_documents(audiences):
    today = timezone.localdate()
    return SearchDocument.objects.filter(audience__in=audiences).filter(
        Q(visible_until__isnull=True) | Q(visible_until__gte=today)
    )


def popular_themes(request: SearchRequest, engine, limit: int = 8) -> list[str]:
    """The most used themes among what this audience can see. Cached for a few minutes per
    audience: counting reads every visible item, and the order need not be exact."""
    from django.core.cache import cache

    key = "sitesearch:popular-themes:" + ",".join(sorted(request.audiences)) + ":" + getattr(engine, "name", "")
    themes = cache.get(key)
    if themes is None:
        browse = SearchRequest(query=ParsedQuery(), audiences=request.audiences)
        facets = {f.key: f for f in engine.search(browse, AND).facets}
        theme = facets.get("theme")
        themes = [option.value for option in theme.options[:limit]] if theme else []
        cache.set(key, themes, 600)
    return themes


CLOSEST_TITLE_CANDIDATES = 5000


def closest_titles(request: SearchRequest, limit: int = 3) -> list[dict]:
    """Titles that look like what was typed (for a query that found nothing): the most
    similar of the newest visible titles, by edit similarity (rapidfuzz: a few ms for
    5,000 titles, where difflib took 300 ms)."""
    text = request.query.text[:100]
    if not text:
        return []
    rows = (
        _visible_documents(request.audiences)
        .exclude(title="")
        .order_by("-date")
        .values_list("title", "url")[:CLOSEST_TITLE_CANDIDATES]
    )
    titles = dict(rows)
    matches = process.extract(
        text, list(titles), scorer=fuzz.ratio, processor=rapidfuzz_utils.default_process, limit=limit, score_cutoff=40
    )
    return [{"title": title, "url": titles[title]} for title, _score, _index in matches]


# Suggestions -------------------------------------------------------------------------------


def suggestions(text: str, user, limit: int = SUGGESTION_LIMIT) -> list[dict]:
    """Titles and councils that start with (or have a word starting with) what was typed."""
    text = clean_text(text, 100)
    if len(text) < MIN_SUGGEST_CHARS:
        return []
    audiences = audiences_for(user)
    labels = registry.labels()
    word_start = Q(title__istartswith=text) | Q(title__icontains=" " + text)
    titles = (
        _visible_documents(audiences)
        .exclude(title="")
        .filter(word_start)
        .order_by("-date")
        .values_list("title", "url", "source")[: limit * 3]
    )
    lowered = text.lower()
    ranked = sorted(titles, key=lambda t: (not t[0].lower().startswith(lowered), len(t[0])))
    results = [{"label": t, "url": u, "kind": labels.get(s, s)} for t, u, s in ranked[: limit - 3]]
    results += council_suggestions(text, limit=limit - len(results))
    return results[:limit]


def council_suggestions(text: str, limit: int) -> list[dict]:
    from benchmarks.models import Authority

    councils = (
        Authority.objects.filter(end_date__isnull=True)
        .filter(Q(name__istartswith=text) | Q(name__icontains=" " + text))
        .order_by("name")
        .values_list("name", "gss_code")[:limit]
    )
    return [{"label": name, "url": council_url(name, gss), "kind": "Council"} for name, gss in councils]


def query_string(request: SearchRequest, **changes) -> str:
    """The GET parameters of this search with some changed (for facet, sort and page links)."""
    params: list[tuple[str, str]] = []
    q = changes.get("q", request.query.text)
    if q:
        params.append(("q", q))
    filters = changes.get("filters", request.filters)
    for key in FACET_KEYS:
        for value in filters.get(key, []):
            params.append((key, value))
    sort = changes.get("sort", request.sort)
    if sort != "relevance":
        params.append(("sort", sort))
    page = changes.get("page", 1)
    if page and page > 1:
        params.append(("page", str(page)))
    if changes.get("spelling") is False:
        params.append(("spelling", "0"))
    return urlencode(params)


def selected_filter_links(request: SearchRequest) -> list[dict]:
    """Each chosen facet value with a link that removes just that value."""
    from .registry import FACETS

    labels = {f.key: f.label for f in FACETS}
    links = []
    for key, values in request.filters.items():
        for value in values:
            remaining = {k: [v for v in vs if not (k == key and v == value)] for k, vs in request.filters.items()}
            links.append(
                {"facet": labels.get(key, key), "value": value, "url": "?" + query_string(request, filters=remaining)}
            )
    return links


def pagination(page: SearchPage) -> dict | None:
    if page.page_count <= 1:
        return None
    current, last = page.request.page, page.page_count
    numbers = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    items, previous = [], None
    for number in numbers:
        if previous is not None and number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "url": "?" + query_string(page.request, page=number), "current": number == current}
        )
        previous = number
    return {
        "items": items,
        "previous": "?" + query_string(page.request, page=current - 1) if current > 1 else None,
        "next": "?" + query_string(page.request, page=current + 1) if current < last else None,
    }
