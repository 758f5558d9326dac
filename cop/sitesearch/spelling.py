"""Spelling suggestions for the database backend: the closest word that the index contains.

The vocabulary is built only from items everyone may see, so a suggestion can never reveal
a word that appears only in restricted content. It is rebuilt by a task after index
writes, when a search that found nothing asks for it; until then the previous one is used.
"""

from __future__ import annotations

import difflib
import threading
from collections import Counter

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from .base import index_version
from .models import Audience, SearchDocument
from .query import STOPWORDS, words

_lock = threading.Lock()
# Per process: (index version the vocabulary was built for, word counts, words by initial).
_cache: dict[str, tuple[str, Counter, dict[str, list[str]]]] = {}


def _build() -> Counter:
    counts: Counter = Counter()
    today = timezone.localdate()
    rows = (
        SearchDocument.objects.filter(audience=Audience.PUBLIC)
        .filter(Q(visible_until__isnull=True) | Q(visible_until__gte=today))
        .values_list("title", "keywords", "summary", "body")
    )
    for row in rows.iterator(chunk_size=2000):
        counts.update({w for w in words(" ".join(row)) if len(w) > 2 and w not in STOPWORDS and not w.isdigit()})
    return counts


VOCABULARY_KEY = "sitesearch:vocabulary"
REBUILD_LOCK_KEY = "sitesearch:vocabulary-rebuild"


def rebuild() -> tuple[str, dict[str, int]]:
    """Build the vocabulary and share it through the cache (run by a task)."""
    from django.core.cache import cache

    version = index_version()  # read first: a write during the build leaves it marked stale
    built = (version, dict(_build()))
    cache.set(VOCABULARY_KEY, built, timeout=None)
    return built


@task()
def rebuild_spelling_vocabulary() -> None:
    """The worker's side of vocabulary(): defined here, so the vocabulary and its task need no import cycle."""
    rebuild()


def _by_initial(counts: Counter) -> dict[str, list[str]]:
    by_initial: dict[str, list[str]] = {}
    for word in counts:
        by_initial.setdefault(word[0], []).append(word)
    return by_initial


def vocabulary() -> tuple[Counter, dict[str, list[str]]]:
    """The vocabulary for the current index. Building it reads every public item (1.6 s at
    100,000 items), so a search never waits for it once one exists: a stale one is used
    while a task builds the new one (at most one build a minute, by default). Suggestions
    need not be exact: one is used only if searching for it finds visible items."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    version = index_version()
    key = str(connection.settings_dict.get("NAME", "default"))
    with _lock:
        memo = _cache.get(key)
    if memo and memo[0] == version:
        return memo[1], memo[2]
    stored = cache.get(VOCABULARY_KEY)
    if stored is None or stored[0] != version:
        min_age = settings.SITESEARCH_VOCABULARY_MIN_AGE
        if cache.add(REBUILD_LOCK_KEY, 1, timeout=min_age):
            # Runs now with the immediate backend (development, tests), else on the worker.
            rebuild_spelling_vocabulary.enqueue()
            stored = cache.get(VOCABULARY_KEY) or stored
    if stored is None:
        if memo:
            return memo[1], memo[2]
        # Nothing built yet (first search with an empty cache): build it here, once.
        stored = rebuild()
    if memo is None or memo[0] != stored[0]:
        counts = Counter(stored[1])
        memo = (stored[0], counts, _by_initial(counts))
        with _lock:
            _cache[key] = memo
    return memo[1], memo[2]


def correct(word: str) -> str | None:
    """The most likely intended indexed word for a word the index does not contain."""
    counts, by_initial = vocabulary()
    if word in counts:
        return None
    candidates = [w for w in by_initial.get(word[:1], []) if abs(len(w) - len(word)) <= 2]
    matches = difflib.get_close_matches(word, candidates, n=5, cutoff=0.75)
    if not matches:
        # A wrong first letter is rarer but happens ("kounty").
        others = [w for ws in by_initial.values() for w in ws if abs(len(w) - len(word)) <= 1 and len(w) > 4]
        matches = difflib.get_close_matches(word, others, n=3, cutoff=0.85)
    if not matches:
        return None
    best_ratio = difflib.SequenceMatcher(None, word, matches[0]).ratio()
    close = [m for m in matches if difflib.SequenceMatcher(None, word, m).ratio() >= best_ratio - 0.05]
    return max(close, key=lambda m: counts[m])


def clear() -> None:
    from django.core.cache import cache

    with _lock:
        _cache.clear()
    cache.delete_many([VOCABULARY_KEY, REBUILD_LOCK_KEY])
