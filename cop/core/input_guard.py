"""Refuse unreadable input before any view or query sees it.

PostgreSQL cannot store or even compare a NUL byte in a text value (psycopg raises DataError),
so a `%00` in any filter, search box or path segment used to become a 500. Invalid UTF-8 is
silently replaced by Django, which hides a broken client or a probe. Neither is ever sent by a
person using the site, so the whole request is refused with the site's 400 page: one check here
instead of one in every view, form and selector.

Checked: the path, the query string, and form answers (urlencoded bodies as raw bytes; for
multipart bodies the text fields, since uploaded files may legitimately contain any byte).
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest

NUL = b"\x00"
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class UnreadableInput(BadRequest):
    """A request whose path, query or form cannot be read as text; the message is for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _problem(raw: bytes, where: str) -> str | None:
    if NUL in raw:
        return f"The {where} contains a null character, which cannot be used on this site."
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"The {where} contains bytes that are not valid UTF-8 text."
    return None


def _encoded_problem(encoded: bytes, where: str) -> str | None:
    # Query strings and urlencoded bodies: percent-escapes decode to the bytes the view gets
    # (given bytes, so that raw non-ASCII bytes are checked as they came, not re-encoded).
    return _problem(unquote_to_bytes(encoded), where)


def _form_problem(request) -> str | None:
    content_type = request.content_type or ""
    if content_type == URLENCODED:
        return _encoded_problem(request.body, "form")
    if content_type == MULTIPART:
        # Django has already replaced invalid UTF-8 in multipart text fields; a NUL survives.
        for name, values in request.POST.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return "The form contains a null character, which cannot be used on this site."
    return None


def input_problem(request) -> str | None:
    """What is unreadable about this request, in words for the person, or None."""
    # Django decodes the path as UTF-8 and re-escapes the bytes that are not (as %XX): undo that to
    # see them. No address on this site has a literal "%" in its path.
    path = unquote_to_bytes(request.path_info.encode("utf-8", errors="surrogateescape"))
    problem = _problem(path, "address")
    if problem is None:
        # WSGI strings carry the raw bytes as latin-1 characters.
        problem = _encoded_problem(
            request.META.get("QUERY_STRING", "").encode("iso-8859-1", errors="replace"), "address"
        )
    if problem is None and request.method == "POST":
        problem = _form_problem(request)
    return problem


class BadInputMiddleware:
    """Answers the site's 400 page (with the reason) for a NUL byte or invalid UTF-8 anywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = input_problem(request)
        if problem is not None:
            # Raised, not returned: Django turns it into handler400 (cop.core.views.bad_request).
            raise UnreadableInput(problem)
        return self.get_response(request)
