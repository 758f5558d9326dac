"""Whole-page cache for anonymous visitors.

Pages are cached under a *generation* number. Purging bumps the generation, so every
cached page becomes unreachable at once (and expires on its own), which works the same
on the local-memory cache and on Redis without scanning keys.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "anon-page-cache:generation"


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def page_key(generation: int, host: str, full_path: str) -> str:
    digest = hashlib.sha256(f"{host}|{full_path}".encode()).hexdigest()
    return f"anon-page-cache:{generation}:{digest}"


def purge_page_cache() -> None:
    """Forget every cached anonymous page (call after anything visible changes)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cache_seconds() -> int:
    return int(getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", 0))
