"""Types and constants shared by the search engines, the index writer and the spelling
vocabulary. engine, elastic, faceted, services and spelling import this module and never
each other's internals, so the package's import graph has no cycle.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache

from .registry import FACETS

AND, OR = "and", "or"
MAX_FACET_OPTIONS = 10
VERSION_KEY = "sitesearch:index-version"


def index_version() -> str:
    """A token that changes on every index write (random, so clearing the cache cannot bring
    back an old token and with it an old cached answer)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return str(version)


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
