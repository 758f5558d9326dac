"""What the visitor asked for: the query text parsed into safe parts, and the search request.

Nothing the visitor types reaches a search engine's own syntax: words are reduced to
letters and digits, and each backend builds its query from these parts ("quoted phrases"
and -exclusions are honoured, every other operator is just text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .registry import FACET_KEYS

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
PAGE_SIZE = 20
MAX_PAGE = 500
SORTS = {"relevance": "Most relevant", "newest": "Newest"}

STOPWORDS = frozenset(
    """a an and are as at be but by for from has have how i if in into is it its of on or our so than that the
    their them then there these they this to was we were what when where which who why will with you your""".split()
)

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def clean_text(text: str, limit: int) -> str:
    """Visible characters only (PostgreSQL refuses NUL bytes), single-spaced, at most `limit`."""
    return " ".join(CONTROL_RE.sub(" ", text or "").split())[:limit]


PHRASE_RE = re.compile(r'"([^"]*)"')


def words(text: str) -> list[str]:
    """Lower-case words of letters and digits; single letters carry no meaning here."""
    return [w for w in WORD_RE.findall(text.lower()) if len(w) > 1 or w.isdigit()]


@dataclass
class ParsedQuery:
    text: str = ""
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def highlight_terms(self) -> list[str]:
        return self.terms + [w for phrase in self.phrases for w in phrase]

    def with_terms(self, terms: list[str]) -> ParsedQuery:
        return ParsedQuery(self.text, terms, self.phrases, self.excluded, self.truncated)

    def display(self) -> str:
        parts = list(self.terms) + [f'"{" ".join(p)}"' for p in self.phrases] + [f"-{w}" for w in self.excluded]
        return " ".join(parts)


def parse_query(raw: str) -> ParsedQuery:
    raw = CONTROL_RE.sub(" ", raw or "")
    truncated = len(raw) > MAX_QUERY_LENGTH
    text = raw[:MAX_QUERY_LENGTH].strip()
    phrases: list[list[str]] = []

    def take_phrase(match: re.Match) -> str:
        phrase = [w for w in words(match.group(1)) if w not in STOPWORDS]
        if len(phrase) > 1:
            phrases.append(phrase)
            return " "
        return " " + " ".join(phrase) + " "

    rest = PHRASE_RE.sub(take_phrase, text)
    terms: list[str] = []
    excluded: list[str] = []
    for token in rest.split():
        negative = token.startswith("-") and len(token) > 1
        for word in words(token):
            if word in STOPWORDS:
                continue
            target = excluded if negative else terms
            if word not in target:
                target.append(word)
    if len(terms) > MAX_TERMS:
        terms, truncated = terms[:MAX_TERMS], True
    return ParsedQuery(text=text, terms=terms, phrases=phrases[:4], excluded=excluded[:4], truncated=truncated)


@dataclass
class SearchRequest:
    """A validated search: everything comes from the GET parameters, so the URL is shareable."""

    query: ParsedQuery
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    spelling: bool = True
    audiences: tuple[str, ...] = ("public",)

    @classmethod
    def from_params(cls, params, audiences: tuple[str, ...]) -> SearchRequest:
        filters = {}
        for key in FACET_KEYS:
            values = [clean_text(v, 200) for v in params.getlist(key) if clean_text(v, 200)]
            if values:
                filters[key] = list(dict.fromkeys(values))[:20]
        sort = params.get("sort", "relevance")
        if sort not in SORTS:
            sort = "relevance"
        try:
            page = max(1, min(MAX_PAGE, int(params.get("page", "1"))))
        except (TypeError, ValueError):
            page = 1
        return cls(
            query=parse_query(params.get("q", "")),
            filters=filters,
            sort=sort,
            page=page,
            spelling=params.get("spelling") != "0",
            audiences=audiences,
        )
