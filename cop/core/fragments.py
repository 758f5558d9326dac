"""Fragments of a page that are the same for every reader, cached across requests and members.

Signed-in members never get the anonymous whole-page cache (their pages carry a member bar,
forms with their CSRF token, their own buttons). Most of such a page is nevertheless the same
for everyone: the body of a case study, its sidebar, the text of each post. Those parts are
rendered once and reused; the personal parts stay per request.

Keys. A fragment's key holds the anonymous page cache's *generation* (cop.core.cache), which
every publish, edit, post and moderation action already bumps through its purge hooks, plus
the object's own last change (a revision id, an edit time, a status) given by the template.
A key therefore names one immutable piece of HTML: once the generation moves on, old keys are
simply never asked for again and expire. That is also why a per-process copy is safe: it can
hold an old fragment but never serve it under the current generation.

No leaks. A fragment is rendered with the reader's identity masked (``user`` is anonymous, no
permissions, no messages), so it cannot depend on who asked first. A fragment that does vary by
reader (a post's buttons vary with "may edit", "is a moderator") must name every such value
among its key parts; readers who share all of them share the HTML. CSRF tokens are the one
exception made safe by substitution: the fragment is rendered with a placeholder that each
request replaces with its own token.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from .cache import GENERATION_KEY, current_generation

PREFIX = "member-fragment"
EPOCH_KEY = f"{PREFIX}:epoch"
SECONDS = 600
# Context names that describe the reader: masked while a shared fragment renders.
PERSONAL_NAMES = ("user", "perms", "messages")
CSRF_PLACEHOLDER = "__member_fragment_csrf_token__"


class _LocalFragments:
    """This process's most used fragments (keys are versioned, so a hit is never stale)."""

    MAX_ITEMS = 4000

    def __init__(self):
        self.lock = threading.Lock()
        self.items: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        with self.lock:
            html = self.items.get(key)
            if html is not None:
                self.items.move_to_end(key)
            return html

    def put(self, key: str, html: str) -> None:
        with self.lock:
            self.items[key] = html
            self.items.move_to_end(key)
            while len(self.items) > self.MAX_ITEMS:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_local = _LocalFragments()


def _read_version() -> str:
    """The generation and the epoch in one round trip.

    The epoch is a random token kept beside the generation: if the shared cache is flushed the
    generation starts again at 1, but the epoch changes, so no process serves a copy from before.
    """
    values = cache.get_many([GENERATION_KEY, EPOCH_KEY])
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = current_generation()
    epoch = values.get(EPOCH_KEY)
    if epoch is None:
        cache.add(EPOCH_KEY, secrets.token_hex(8), timeout=None)
        epoch = cache.get(EPOCH_KEY, "")
    return f"{epoch}.{generation}"


def request_version(request) -> str:
    """The version fragments are keyed under, read once per request."""
    if request is None:
        return _read_version()
    version = getattr(request, "_fragment_version", None)
    if version is None:
        version = _read_version()
        request._fragment_version = version
    return version


def fragment_key(version: str, name: str, parts) -> str:
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"{PREFIX}:{version}:{name}:{digest}"


def cached_fragment(request, name: str, parts, render: Callable[[], str]) -> str:
    """The HTML of fragment ``name`` for ``parts`` (the object's identity and last change)."""
    key = fragment_key(request_version(request), name, parts)
    html = _local.get(key)
    if html is not None:
        return html
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, SECONDS)
    _local.put(key, html)
    return html


def masked_context() -> dict:
    """Values that replace the reader's own while a shared fragment renders."""
    masked = dict.fromkeys(PERSONAL_NAMES)
    masked["user"] = AnonymousUser()
    masked["csrf_token"] = CSRF_PLACEHOLDER
    return masked


def with_csrf_token(html: str, token) -> str:
    """The fragment with this request's CSRF token in place of the placeholder.

    The token is only read when the fragment has a form: reading it sets the CSRF cookie, which
    would keep an anonymous page out of the page cache for nothing.
    """
    if CSRF_PLACEHOLDER not in html:
        return html
    return html.replace(CSRF_PLACEHOLDER, str(token or ""))
