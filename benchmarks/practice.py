"""Good practice shown beside benchmarking figures: case studies and discussion threads about a
service line.

benchmarks is the lower layer (case studies and discussions read its service lines), so it never
imports those apps. Each registers its provider here in its AppConfig.ready() with a direct
import, so a renamed selector fails at start-up instead of silently emptying the page section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache

Provider = Callable[[str], Iterable]
_PROVIDERS: dict[str, Provider] = {}


def register(kind: str, provider: Provider) -> None:
    """kind: "case_studies" (items with .title and .url) or "threads" (.title and .get_absolute_url())."""
    _PROVIDERS[kind] = provider


def provider(kind: str) -> Provider | None:
    """The registered provider, or None when the app that provides it is not installed."""
    return _PROVIDERS.get(kind)


PRACTICE_CACHE_SECONDS = 120


def practice_for_service(service_code: str) -> dict:
    """Case studies and discussion threads about a service (at most five of each), as plain
    {"title", "url"} items; empty until those apps provide their selectors. Cached briefly, because
    they sit beside every outlying figure and change far less often than pages are viewed."""
    key = f"benchmarks:practice:{service_code}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    case_studies = provider("case_studies")  # registered by casestudies
    threads = provider("threads")  # registered by cop.discussions
    result = {
        "case_studies": [{"title": str(p.title), "url": p.url} for p in list(case_studies(service_code)[:5])]
        if case_studies
        else [],
        "threads": [{"title": str(t.title), "url": t.get_absolute_url()} for t in list(threads(service_code)[:5])]
        if threads
        else [],
    }
    cache.set(key, result, PRACTICE_CACHE_SECONDS)
    return result
