"""Serve whole pages from the cache to anonymous visitors.

Only safe, anonymous, cookie-free requests are served from or stored into the cache:
anyone with a session cookie (signed in, or in the middle of a form) always gets a fresh
page, and a response that sets a cookie (for example a CSRF token for a form) is never
stored, so no one ever receives another person's token or messages.

Speed: this middleware sits FIRST in MIDDLEWARE, so a hit skips every other middleware
(the stored headers already include what the inner ones added, such as the security
headers); a hit is one cache round trip (see cop.core.cache.lookup); the page is stored
gzipped as well, so a hit costs no compression and the page travels small.
"""

import re

from django.http import HttpResponse
from django.utils.cache import patch_response_headers, patch_vary_headers

from .cache import CachedPage, cache_seconds, lookup, page_key, store
from .page_cache_keys import cache_query, without_tracking

SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/accounts/", "/healthz", "/static/", "/media/", "/api/")
CACHE_HEADER = "X-Page-Cache"
PERSONAL_COOKIES = ("sessionid", "messages")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers that describe one encoding of the body: set per response, never stored.
BODY_HEADERS = {"content-length", "content-encoding"}


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(SKIPPED_PREFIXES):
        return False
    # Any cookie that identifies a session or carries messages makes the page personal.
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def _accepts_gzip(request) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _response_from(page: CachedPage, request, state: str) -> HttpResponse:
    use_gzip = page.gzipped is not None and _accepts_gzip(request)
    response = HttpResponse(page.gzipped if use_gzip else page.body, status=page.status)
    for name, value in page.headers:
        response.headers[name] = value
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(response.content))
    response.headers[CACHE_HEADER] = state
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if seconds <= 0 or not _cacheable_request(request):
            return self.get_response(request)

        key = self._key(request)
        if key is None:
            return self.get_response(request)
        generation, page = lookup(key)
        if page is not None:
            return _response_from(page, request, "hit")

        response = self.get_response(request)
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if not self._storable(request, response):
            return response
        patch_response_headers(response, cache_timeout=60)
        patch_vary_headers(response, ("Accept-Encoding",))
        headers = [(name, value) for name, value in response.items() if name.lower() not in BODY_HEADERS]
        page = store(key, generation, response.status_code, headers, response.content, seconds)
        if page.gzipped is not None and _accepts_gzip(request):
            response.content = page.gzipped
            response.headers["Content-Encoding"] = "gzip"
            response.headers["Content-Length"] = str(len(page.gzipped))
        response.headers[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _key(request) -> str | None:
        """The page's key from what it reads (cop.core.page_cache_keys); None: bypass the cache."""
        query = request.META.get("QUERY_STRING", "")
        seen = without_tracking(query)
        if seen != query:
            request.META["QUERY_STRING"] = seen
            request.__dict__.pop("GET", None)  # rebuilt from the cleaned query string
        key_query = cache_query(seen)
        if key_query is None:
            return None
        return page_key(
            request.scheme, request.get_host(), f"{request.path}?{key_query}" if key_query else request.path
        )

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        # Only a route of ours (a URL that resolved to a view) is stored.
        if getattr(request, "resolver_match", None) is None:
            return False
        if response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        if response.has_header("Content-Encoding"):
            return False
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        # A view that read the session or the user (request.user) marks the response
        # Vary: Cookie; if it did so for an anonymous visitor it is still the same for all.
        return not getattr(request, "_page_cache_skip", False)


def never_cache_for_anonymous(request) -> None:
    """Call from a view whose content must not be shared between anonymous visitors."""
    request._page_cache_skip = True
