"""Whole-page cache for anonymous visitors.

Pages are cached under a *generation* number. Purging bumps the generation, so every
cached page becomes stale at once (and expires on its own), which works the same on the
local-memory cache and on Redis without scanning keys.

Each stored page carries the generation it was rendered under; a lookup reads the current
generation and the page in ONE cache round trip (get_many) and treats a page from an older
generation as missing. This keeps a cache hit to a single Redis request.

Optionally (ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS > 0, set in production) each worker process
also keeps its hottest pages and the generation in memory for that many seconds, so most hits
need no Redis request at all. A purge takes effect at once in the process that purged and
within that many seconds in the others; browsers may keep a page for 60 s anyway (max-age).
"""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
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


class _LocalPages:
    """This process's short-lived copy of the generation and of its most used pages."""

    MAX_PAGES = 200

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.generation: int | None = None
        self.generation_until = 0.0
        self.pages: OrderedDict[str, tuple[CachedPage, float]] = OrderedDict()

    def get(self, key: str, now: float) -> CachedPage | None:
        if self.generation is None or now >= self.generation_until:
            return None
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            page, until = entry
            if now >= until or page.generation != self.generation:
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return page

    def remember(self, key: str, generation: int, page: CachedPage | None, now: float, seconds: float) -> None:
        with self.lock:
            if generation != self.generation:
                self.pages.clear()
            self.generation = generation
            self.generation_until = now + seconds
            if page is not None:
                self.pages[key] = (page, now + seconds)
                self.pages.move_to_end(key)
                while len(self.pages) > self.MAX_PAGES:
                    self.pages.popitem(last=False)


_local = _LocalPages()


def local_seconds() -> float:
    return float(settings.ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS)


def lookup(key: str) -> tuple[int, CachedPage | None]:
    """The current generation, and the page under ``key`` if it belongs to it (one round trip)."""
    keep_locally = local_seconds()
    now = time.monotonic()
    if keep_locally > 0:
        page = _local.get(key, now)
        if page is not None:
            return page.generation, page
    values = cache.get_many([GENERATION_KEY, key])
    generation = values.get(GENERATION_KEY)
    generation = _start_generation() if generation is None else int(generation)
    page = values.get(key)
    if not isinstance(page, CachedPage) or page.generation != generation:
        page = None
    if keep_locally > 0:
        _local.remember(key, generation, page, now, keep_locally)
    return generation, page


def store(key: str, generation: int, status: int, headers, body: bytes, seconds: int) -> CachedPage:
    gzipped = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= GZIP_MIN_LENGTH else None
    if gzipped is not None and len(gzipped) >= len(body):
        gzipped = None
    page = CachedPage(generation, status, tuple(headers), body, gzipped)
    cache.set(key, page, seconds)
    # Not kept locally here: the next lookup confirms the generation with the shared cache first.
    return page


def purge_page_cache() -> None:
    """Forget every cached anonymous page (call after anything visible changes)."""
    _local.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cache_seconds() -> int:
    return int(settings.ANONYMOUS_PAGE_CACHE_SECONDS)
