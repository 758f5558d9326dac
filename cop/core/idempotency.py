"""Idempotent creation: a double-submitted form creates one thing.

Each creating form carries a hidden, random token (FormTokenField). The first submission of a
token claims it with an atomic cache `add` (one Redis SET NX in production; a lock in the
in-memory cache) and, once the thing is created, stores where it lives. A second submission of
the same form, even one racing the first, waits for that and is sent to the same place. Keys are
per member, so a token cannot be used to learn about anyone else's submissions.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable

from django import forms
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect

from cop.core.errors import Invalid

FIELD = "form_token"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# A claim whose request died is released after this long; a result is remembered for a day.
PENDING_SECONDS = 60
RESULT_SECONDS = 24 * 60 * 60
PENDING = "pending"
# How long a second submission waits for the first to finish before giving up.
WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05


def new_token() -> str:
    return secrets.token_urlsafe(24)


class FormTokenField(forms.CharField):
    """The hidden per-form token; a fresh one each time an empty form is shown."""

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=new_token, widget=forms.HiddenInput, **kwargs)


def _claim(key: str) -> str | None:
    """Claim the key (None) or return where an earlier submission's result lives."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(key, PENDING, timeout=PENDING_SECONDS):
        found = cache.get(key)
        if found and found != PENDING:
            return found
        if time.monotonic() > deadline:
            raise Invalid("This form is already being sent. Wait a moment, then reload the page.")
        time.sleep(POLL_SECONDS)
    return None


def _owner(request) -> str:
    """Whose tokens these are: the member, or for a visitor their session."""
    if request.user.is_authenticated:
        return f"user-{request.user.pk}"
    return f"session-{request.session.session_key}" if request.session.session_key else ""


def once(request, scope: str, act: Callable[[], HttpResponse], *, token: str | None = None) -> HttpResponse:
    """Run `act` (which creates something and redirects to it) at most once per form token
    (the form's hidden field, or `token` when the view keeps it in the session).

    A form without a token (an old page, an API client) is simply processed. A refused or
    invalid submission releases the token, so the member can correct the form and send it."""
    token = request.POST.get(FIELD, "") if token is None else token
    owner = _owner(request)
    if not TOKEN_PATTERN.match(token or "") or not owner:
        return act()
    key = f"form-once:{scope}:{owner}:{token}"
    earlier = _claim(key)
    if earlier:
        return redirect(earlier)
    try:
        response = act()
    except BaseException:
        cache.delete(key)
        raise
    if response.status_code in (301, 302, 303) and response.get("Location"):
        cache.set(key, response["Location"], timeout=RESULT_SECONDS)
    else:
        cache.delete(key)
    return response
