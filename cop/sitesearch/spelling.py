"""Spelling suggestions for the database backend: the closest word that the index contains.

The vocabulary is built only from items everyone may see, so a suggestion can never reveal
a word that appears only in restricted content. It is rebuilt lazily after index writes
(and only when a search found nothing, which is when suggestions are needed).
"""

from __future__ import annotations

import difflib
import threading
import time
from collections import Counter

from django.db.models import Q
from django.utils import timezone

from .models import Audience, SearchDocument
from .query import STOPWORDS, words

_lock = threading.Lock()
_cache: dict[str, tuple[str, float, Counter, dict[str, list[str]]]] = {}


def _build() -> tuple[Counter, dict[str, list[str]]]:
    counts: Counter = Counter()
    today = timezone.localdate()
    rows = (
        SearchDocument.objects.filter(audience=Audience.PUBLIC)
        .filter(Q(visible_until__isnull=True) | Q(visible_until__gte=today))
        .values_list("title", "keywords", "summary", "body")
    )
    for row in rows.iterator(chunk_size=2000):
        counts.update({w for w in words(" ".join(row)) if len(w) > 2 and w not in STOPWORDS and not w.isdigit()})
    by_initial: dict[str, list[str]] = {}
    for word in counts:
        by_initial.setdefault(word[0], []).append(word)
    return counts, by_initial


def vocabulary() -> tuple[Counter, dict[str, list[str]]]:
    """The vocabulary, rebuilt after index writes but at most once a minute (by default):
    building it reads every public item, and busy sites write to the index often."""
    from django.conf import settings
    from django.db import connection

    from .services import index_version

    version = index_version()
    min_age = getattr(settings, "SITESEARCH_VOCABULARY_MIN_AGE", 60)
    key = str(connection.settings_dict.get("NAME", "default"))
    with _lock:
        cached = _cache.get(key)
        if cached and (cached[0] == version or time.monotonic() - cached[1] < min_age):
            return cached[2], cached[3]
    counts, by_initial = _build()
    with _lock:
        _cache[key] = (version, time.monotonic(), counts, by_initial)
    return counts, by_initial


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
    with _lock:
        _cache.clear()
