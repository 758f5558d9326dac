"""The one way a service refuses: it raises a DomainError whose message is written for the
person, and the view turns it into a response.

- NotPermitted: this person may not do this (a view shows the message on its form, or answers 403).
- Invalid: the request itself is wrong (on a form, the message; otherwise 400).

Views that call a service from a form catch DomainError and put its message on the form. For
every other view, DomainErrorMiddleware answers exactly as Django answers PermissionDenied and
BadRequest (the site's 403 and 400 pages), so a view never has to catch what it cannot explain.
Services never raise Django's HTTP exceptions and never return False for "refused".
"""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.core.handlers.exception import response_for_exception


class DomainError(Exception):
    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotPermitted(DomainError):
    """The person may not do this (not the owner, not a moderator, a locked thread...)."""


class Invalid(DomainError):
    """What was asked for cannot be done as asked (a wrong value, a stale copy...)."""


class DomainErrorMiddleware:
    """Turns a DomainError no view caught into the site's 403 or 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotPermitted):
            return response_for_exception(request, PermissionDenied(exception.message))
        if isinstance(exception, Invalid):
            return response_for_exception(request, BadRequest(exception.message))
        return None
