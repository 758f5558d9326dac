"""Whole pages for signed-in members from a cached shell with holes punched in it.

Members never get the anonymous page cache, and shared fragments (cop.core.fragments) still leave
routing, the view's queries and the rest of the template to every request. For the pages members
read most (case study, thread, council profile, search) the whole page is kept instead, once per
*member class*, with holes where it is personal; a request from a member of that class is answered
from the shell without running the view:

* **Member class** (registered by cop.members): what the page's non-personal parts depend on for
  an ordinary member (may they take part; which council they are a verified officer of). Staff,
  moderators and anyone the provider does not class (None) always get the full view.
* **Holes**: a ``{% personal "name" %}...{% personal_end %}`` region in a template (the member's
  name in the member bar, a form's one-time token) and every form's CSRF token. Each request fills
  them with its own values (SLOTS); nothing in a hole is ever stored.
* **Personal state in the page** (a member's own posts, reactions, flags, watch setting in a
  thread): a ``{% region "name" key %}`` the page's *kind* may show differently. The view that
  offers its page names the kind; the kind's check (``register_kind``) returns, for this member,
  the regions to re-render (their own posts), or None when only the full view will do (a thread's
  author, something unread). Regions that were personal to the member whose page was stored are
  not kept; the check renders them for every reader (``meta["missing"]``).
* **Freshness**: shells are keyed on the anonymous page cache's generation and epoch
  (cop.core.fragments.request_version), which every publish, post, edit, moderation action and data
  import bumps; a kind's check can also compare a stamp stored with the shell.

A page is stored only when its view offered it (``offer``) for this member and the kind's check
accepted them both before the view rendered and after; a member with pending messages, a
non-GET request or unknown query parameters bypasses all of it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape

from .fragments import request_version
from .idempotency import FIELD as FORM_TOKEN_FIELD
from .idempotency import new_token
from .page_cache_keys import cache_query

# The shell format is part of the key: a release that changes Shell never reads an older one.
PREFIX = "member-shell:3"
SECONDS = 600
HEADER = "X-Member-Page"
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/accounts/", "/healthz", "/static/", "/media/", "/api/")
# Per process: a marker cannot be forged by anything a page shows (it is never stored or served).
_SECRET = secrets.token_hex(12)
SLOT_MARKER = re.compile(rf"<!--pe-slot:{_SECRET}:([a-z0-9-]+)-->(.*?)<!--/pe-slot:{_SECRET}-->", re.DOTALL)
CSRF_INPUT = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_SLOT = "csrf"

# check(request, meta): None when this member must get the full view; otherwise the regions
# (``{% region %}``) to show differently for them, name -> HTML (usually none).
KindCheck = Callable[[object, dict], dict[str, str] | None]
# "plain": pages whose only personal parts are their holes and the member class.
_KINDS: dict[str, KindCheck] = {"plain": lambda request, meta: {}}
_member_class: list[Callable[[object], str | None]] = []


def register_kind(kind: str, check: KindCheck) -> None:
    """``check(request, meta)``: None when this member must get the full view, else the regions
    that differ for them (name -> their HTML); the shell shows every other region as stored."""
    _KINDS[kind] = check


def register_member_class(provider: Callable[[object], str | None]) -> None:
    """``provider(user)``: the member's class (a short string), or None to always render in full."""
    _member_class[:] = [provider]


def _form_token(request) -> str:
    return f'<input type="hidden" name="{FORM_TOKEN_FIELD}" value="{new_token()}" id="id_{FORM_TOKEN_FIELD}">'


# Holes every request fills with its own value ({% personal "name" %} in templates).
SLOTS: dict[str, Callable[[object], str]] = {
    "member-name": lambda request: escape(str(request.user)),
    "form-token": _form_token,
}
CSRF_PLACEHOLDER = "__member_page_csrf_token__"


@dataclass(frozen=True, slots=True)
class Shell:
    kind: str
    meta: dict
    parts: tuple[str, ...]
    slots: tuple[str, ...]
    # What a region slot shows unless the kind's check replaces it (None for SLOTS, always filled).
    defaults: tuple[str | None, ...]
    content_type: str


class _LocalShells:
    """This process's most used shells (keys carry the version, so a hit is never stale)."""

    MAX_ITEMS = 300

    def __init__(self):
        self.lock = threading.Lock()
        self.items: OrderedDict[str, Shell] = OrderedDict()

    def get(self, key: str) -> Shell | None:
        with self.lock:
            shell = self.items.get(key)
            if shell is not None:
                self.items.move_to_end(key)
            return shell

    def put(self, key: str, shell: Shell) -> None:
        with self.lock:
            self.items[key] = shell
            self.items.move_to_end(key)
            while len(self.items) > self.MAX_ITEMS:
                self.items.popitem(last=False)


_local = _LocalShells()


# ---------------------------------------------------------------- what views and templates call


def marking(request) -> bool:
    """Whether personal regions are marked in this response (only requests this module handles)."""
    return getattr(request, "_member_shell_class", None) is not None


def region_name(name: str, key) -> str:
    """The slot name of a region of the page that a kind's check may replace (``{% region %}``)."""
    return f"{name}-{key}" if key not in (None, "") else name


def mark_slot(request, name: str, html: str) -> str:
    if not marking(request):
        return html
    return f"<!--pe-slot:{_SECRET}:{name}-->{html}<!--/pe-slot:{_SECRET}-->"


def offer(request, kind: str, meta: dict | None = None) -> None:
    """Offer the page being rendered as a shell of ``kind`` (call before rendering).

    It is kept only if this member passes the kind's check now and again after rendering."""
    if request is None or not marking(request):
        return
    meta = dict(meta or {})
    if _KINDS[kind](request, meta) is not None:
        request._member_shell_offer = (kind, meta)


# ---------------------------------------------------------------- shells


def _key(request, member_class: str) -> str | None:
    query = cache_query(request.META.get("QUERY_STRING", ""))
    if query is None:
        return None
    where = f"{request.get_host()}|{request.path}?{query}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    return f"{PREFIX}:{request_version(request)}:{member_class}:{digest}"


def build_shell(kind: str, meta: dict, html: str, content_type: str, personal: set[str] = frozenset()) -> Shell:
    """Cut the marked personal regions and the CSRF tokens out of a rendered page.

    ``personal``: the regions the kind's check showed differently to the member whose page this
    was; they are not kept (their names go in ``meta["missing"]`` and the check renders them for
    every reader). Every other region is as any member of the class sees it."""
    meta = {**meta, "missing": sorted(personal)}
    parts: list[str] = []
    slots: list[str] = []
    defaults: list[str | None] = []
    position = 0
    pieces: list[tuple[str, str | None, str | None]] = []  # (static html, slot after it, its content)
    for match in SLOT_MARKER.finditer(html):
        pieces.append((html[position : match.start()], match.group(1), match.group(2)))
        position = match.end()
    pieces.append((html[position:], None, None))
    for static, slot, content in pieces:
        text = ""
        for piece, is_token in _csrf_split(static):
            if is_token:
                parts.append(text)
                slots.append(CSRF_SLOT)
                defaults.append(None)
                text = ""
            else:
                text += piece
        parts.append(text)
        if slot is not None:
            slots.append(slot)
            defaults.append(None if slot in SLOTS or slot in personal else _csrf_hole(content))
    return Shell(kind, meta, tuple(parts), tuple(slots), tuple(defaults), content_type)


def _csrf_split(html: str):
    """(text, False) and ("", True) for each CSRF token's place, in order."""
    position = 0
    for match in CSRF_INPUT.finditer(html):
        yield html[position : match.start(1) + len(match.group(1))], False
        yield "", True
        position = match.start(2)
    yield html[position:], False


def _csrf_hole(html: str) -> str:
    """A region's stored content with its CSRF tokens as placeholders (filled per request)."""
    return CSRF_INPUT.sub(lambda match: f"{match.group(1)}{CSRF_PLACEHOLDER}{match.group(2)}", html)


def without_markers(html: str) -> str:
    return SLOT_MARKER.sub(lambda match: match.group(2), html)


def fill(shell: Shell, request, regions: dict[str, str]) -> str:
    """The member's page: the shell with each hole filled and the regions they see differently."""
    token = get_token(request) if CSRF_SLOT in shell.slots or regions else ""
    out = [shell.parts[0]]
    for name, default, part in zip(shell.slots, shell.defaults, shell.parts[1:], strict=True):
        if name == CSRF_SLOT:
            out.append(token)
        elif name in regions or default is not None:
            html = regions[name] if name in regions else default
            out.append(html.replace(CSRF_PLACEHOLDER, token) if CSRF_PLACEHOLDER in html else html)
        else:
            out.append(SLOTS[name](request))
        out.append(part)
    return "".join(out)


def _lookup(key: str) -> Shell | None:
    shell = _local.get(key)
    if shell is None:
        shell = cache.get(key)
        if not isinstance(shell, Shell) or len(shell.parts) != len(shell.slots) + 1:
            return None
        _local.put(key, shell)
    return shell


def _store(key: str, shell: Shell) -> None:
    cache.set(key, shell, SECONDS)
    _local.put(key, shell)


# ---------------------------------------------------------------- middleware


def _has_messages(request) -> bool:
    from django.conf import settings

    if settings.MESSAGE_STORAGE and request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return True
    return "_messages" in request.session


def _member_class_of(request) -> str | None:
    if request.method != "GET" or request.path.startswith(SKIPPED_PREFIXES) or not _member_class:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or _has_messages(request):
        return None
    return _member_class[0](user)


class MemberPageCacheMiddleware:
    """Answers an ordinary member from their class's shell; stores shells views offer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member_class = _member_class_of(request)
        key = _key(request, member_class) if member_class is not None else None
        if key is None:
            return self.get_response(request)
        shell = _lookup(key)
        regions = _KINDS[shell.kind](request, shell.meta) if shell is not None else None
        if regions is not None and all(name in regions for name in shell.meta["missing"]):
            response = HttpResponse(fill(shell, request, regions), content_type=shell.content_type)
            response.headers[HEADER] = "hit"
            return response
        request._member_shell_class = member_class
        response = self.get_response(request)
        return self._finish(request, response, key)

    @staticmethod
    def _finish(request, response, key: str):
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        html = response.content.decode(response.charset)
        offered = getattr(request, "_member_shell_offer", None)
        state = "miss"
        if offered is not None and response.status_code == 200 and not response.cookies:
            kind, meta = offered
            personal = _KINDS[kind](request, meta)  # checked again after rendering: unchanged
            if personal is not None:
                _store(key, build_shell(kind, meta, html, response["Content-Type"], set(personal)))
                state = "stored"
        if SLOT_MARKER.search(html):
            response.content = without_markers(html).encode(response.charset)
        response.headers[HEADER] = state
        return response
