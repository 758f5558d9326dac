"""Which part of the query string a cached anonymous page is keyed on.

A page's cache key holds only what the page reads. Views read a known set of query parameters
(filters, facets, sort, page; listed below, and tests/core/test_page_cache_keys.py checks the
list against the facet keys and filter forms). So:

- tracking parameters (``utm_*``, ``fbclid``, ``gclid``...) are read by no view: they are removed
  from the request before the view runs (the page and its links are the same for everyone) and
  from the key, so campaign links share the plain page's cache entry;
- any other parameter no view reads (junk, a mistyped filter) makes the request bypass the cache:
  it is neither served from nor stored in it, so random query strings cannot fill Redis;
- the known parameters are kept in a stable order (``?b=1&a=2`` and ``?a=2&b=1`` share an entry).

A view that starts reading a new parameter must add it to KNOWN_PARAMETERS; until then requests
that carry it simply bypass the cache (slower, never wrong).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "ref_src",
    }
)  # fmt: skip
# Every query parameter a cacheable page reads (listing filters, facets, search, benchmarking).
KNOWN_PARAMETERS = frozenset(
    {
        "page", "q", "sort", "order", "spelling",
        # facets: case studies and stories, site search, library, updates, discussions, members
        "type", "theme", "service", "region", "council_type", "level", "lead", "year", "spatial_level",
        "who_leads", "status", "evidence", "tag", "kind", "file_type", "category", "topic", "expertise",
        "council", "case_study", "quote",
        # benchmarking
        "group", "measure", "format", "table", "prices", "from", "source", "chart",
    }
)  # fmt: skip
KNOWN_PREFIXES = ("w_",)  # benchmarking neighbour weights, w_<variable>
MAX_PARAMETERS = 30


def _is_tracking(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _is_known(name: str) -> bool:
    return name in KNOWN_PARAMETERS or name.startswith(KNOWN_PREFIXES)


def without_tracking(query_string: str) -> str:
    """The query string the view should see: tracking parameters removed, the rest as sent."""
    if not query_string:
        return query_string
    pairs = parse_qsl(query_string, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not _is_tracking(name)]
    return query_string if len(kept) == len(pairs) else urlencode(kept)


def cache_query(query_string: str) -> str | None:
    """The query part of the cache key, or None when the request must bypass the cache."""
    if not query_string:
        return ""
    pairs = [(name, value) for name, value in parse_qsl(query_string, keep_blank_values=True) if not _is_tracking(name)]
    if len(pairs) > MAX_PARAMETERS or not all(_is_known(name) for name, _ in pairs):
        return None
    # Stable by name only: repeated values (region=a&region=b) keep their order.
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))
