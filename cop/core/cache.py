"""Whole-page cache for anonymous visitors.

Pages are cached under a *generation* number. Purging bumps the generation, so every
cached page becomes stale at once (and expires on its own), which works the same on the
local-memory cache and on Redis without scanning keys.

Each stored page carries the generation it was rendered under; a lookup reads the current
generation and the page in ONE cache round trip (get_many) and treats a page from an older
generation as missing. This keeps a cache hit to a single Redis request.
"""

import gzip
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "anon-page-cache:generation"
# Compressing tiny bodies costs more than it saves.
GZIP_MIN_LENGTH = 200


@dataclass(frozen=True, slots=True)
class CachedPage:
    generation: int
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzipped: bytes | None


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = _start_generation()
    return int(generation)


def _start_generation() -> int:
    cache.add(GENERATION_KEY, 1, timeout=None)
    return int(cache.get(GENERATION_KEY, 1))


def page_key(scheme: str, host: str, full_path: str) -> str:
    digest = hashlib.sha256(f"{scheme}|{host}|{full_path}".encode()).hexdigest()
    return f"anon-page-cache:page:{digest}"


def lookup(key: str) -> tuple[int, CachedPage | None]:
    """The current generation, and the page under ``key`` if it belongs to it (one round trip)."""
    values = cache.get_many([GENERATION_KEY, key])
    generation = values.get(GENERATION_KEY)
    generation = _start_generation() if generation is None else int(generation)
    page = values.get(key)
    if not isinstance(page, CachedPage) or page.generation != generation:
        return generation, None
    return generation, page


def store(key: str, generation: int, status: int, headers, body: bytes, seconds: int) -> CachedPage:
    gzipped = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= GZIP_MIN_LENGTH else None
    if gzipped is not None and len(gzipped) >= len(body):
        gzipped = None
    page = CachedPage(generation, status, tuple(headers), body, gzipped)
    cache.set(key, page, seconds)
    return page


def purge_page_cache() -> None:
    """Forget every cached anonymous page (call after anything visible changes)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cache_seconds() -> int:
    return int(getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", 0))
