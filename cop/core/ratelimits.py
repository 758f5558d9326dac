"""How the site answers "too many requests": the one 429.

Every 429 is a page in the site's design (never a bare "429 Too Many Requests"), carries a
`Retry-After` header and says in words when to try again. A form that was refused is shown
again with what the person typed (never a password). Views and account adapters mark the
request with `refuse(request, seconds)`; RetryAfterMiddleware turns the page they rendered
into the 429.
"""

from __future__ import annotations

import math

from django.shortcuts import render
from django_ratelimit.core import get_usage

ATTRIBUTE = "_pe_retry_after"


def seconds_to_wait(request, group: str, rate: str, key: str = "ip") -> int:
    """Count this POST against `group`'s limit; the seconds to wait before sending again (0: go ahead)."""
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
    return max(1, usage["time_left"]) if usage and usage["should_limit"] else 0


def describe_wait(seconds: float) -> str:
    """ "1 minute", "42 minutes", "2 hours": the wait rounded up, as people say it."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hours"


def refuse(request, seconds: float, what: str = "You have tried too many times.") -> str:
    """Mark this request as refused for `seconds`; returns `what` and when to try again."""
    seconds = max(1, math.ceil(seconds))
    setattr(request, ATTRIBUTE, seconds)
    return f"{what} Try again in {describe_wait(seconds)}."


def retry_after(request) -> int | None:
    return getattr(request, ATTRIBUTE, None)


def too_many_requests_page(request, seconds: float):
    """The stand-alone 429 page, for a refusal with no form to show again."""
    message = refuse(request, seconds)
    response = render(request, "errors/429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after(request))
    return response


class RetryAfterMiddleware:
    """A page rendered for a request marked with refuse() goes out as a 429 with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = retry_after(request)
        if seconds is not None and response.status_code in (200, 400, 429):
            response.status_code = 429
            response["Retry-After"] = str(seconds)
            response["Cache-Control"] = "private, no-store"
        return response


# django-ratelimit's `block=True` limits in this project are all per minute
# (benchmarks/submissions/views.py), so the wait is at most this long.
BLOCKED_WINDOW_SECONDS = 60


def ratelimited(request, exception=None):
    """RATELIMIT_VIEW: a django-ratelimit block is the site's 429, not a 403."""
    return too_many_requests_page(request, BLOCKED_WINDOW_SECONDS)
