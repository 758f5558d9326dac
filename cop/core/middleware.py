"""Serve whole pages from the cache to anonymous visitors.

Only safe, anonymous, cookie-free requests are served from or stored into the cache:
anyone with a session cookie (signed in, or in the middle of a form) always gets a fresh
page, and a response that sets a cookie (for example a CSRF token for a form) is never
stored, so no one ever receives another person's token or messages.
"""

from django.core.cache import cache
from django.utils.cache import patch_response_headers

from .cache import cache_seconds, current_generation, page_key

SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/accounts/", "/healthz", "/static/", "/media/", "/api/")
CACHE_HEADER = "X-Page-Cache"


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(SKIPPED_PREFIXES):
        return False
    # Any cookie that identifies a session or carries messages makes the page personal.
    return not any(name in request.COOKIES for name in ("sessionid", "messages"))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if seconds <= 0 or not _cacheable_request(request):
            return self.get_response(request)

        key = page_key(current_generation(), request.get_host(), request.get_full_path())
        cached = cache.get(key)
        if cached is not None:
            cached[CACHE_HEADER] = "hit"
            return cached

        response = self.get_response(request)
        if self._storable(request, response):
            patch_response_headers(response, cache_timeout=60)
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.add_post_render_callback(lambda r: cache.set(key, r, seconds))
            else:
                cache.set(key, response, seconds)
            response[CACHE_HEADER] = "miss"
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
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
