"""The thread page from a member page shell (cop.core.member_pages): who may have it, and the
parts shown differently to them.

An ordinary member gets the shared page with their own posts, the posts they marked helpful or
flagged, and their watch setting re-rendered for them (and the posts that were personal to the
member whose page was stored, rendered for each reader). The thread's author (who may accept
answers), a member with posts only they can see, and a member with something unread (the view
marks it read) get the full view. A reaction anywhere in the thread changes its stamp, so no one
is shown an old count.

A member's re-rendered parts are cached too, keyed on everything they depend on: the page cache
generation (posts, edits, moderation), the thread's reaction stamp, and the member's own
reactions, flags and watch setting in the thread. So a hit costs one query (the member's state).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import get_template

from cop.core.fragments import request_version
from cop.core.member_pages import CSRF_PLACEHOLDER, region_name

from . import permissions, selectors
from .models import Thread, WatchLevel

REGIONS_SECONDS = 600


def thread_regions(request, meta: dict) -> dict[str, str] | None:
    user = request.user
    if user.pk == meta["author"]:
        return None
    state = selectors.thread_member_state(user, meta["thread"])
    if state is None or not state.public or state.author_id == user.pk:
        return None
    if state.own_unseen_posts or not state.read or state.stamp != meta["stamp"]:
        return None
    missing = set(meta.get("missing", ()))
    others = [pk for pk in meta["posts"] if region_name("post", pk) in missing]
    watch = state.watch_level != WatchLevel.NORMAL or "watch" in missing
    if not (state.own_posts or state.reactions != "0.0" or state.flags != "0.0" or others or watch):
        return {}
    parts = [request_version(request), meta, user.pk, state.reactions, state.flags, state.watch_level]
    key = "member-regions:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    regions = cache.get(key)
    if regions is None:
        regions = _render_regions(user, meta, state, others, watch)
        cache.set(key, regions, REGIONS_SECONDS)
    return regions


def _render_regions(user, meta: dict, state, others: list[int], watch: bool) -> dict[str, str]:
    """The member's own posts (and ``others``) and watch form, with CSRF placeholders."""
    thread = Thread.objects.select_related("category").get(pk=meta["thread"])
    # Moderators never get a shell (their member class is None): no groups query in the checks.
    user._pe_is_moderator = False
    regions = {}
    if state.own_posts or state.reactions != "0.0" or state.flags != "0.0" or others:
        posts = selectors.own_posts_among(thread, user, meta["posts"], also=others)
        permissions.mark_post_permissions(posts, user, thread)
        template = get_template("discussions/_post.html")
        context = {
            "user": user,
            "csrf_token": CSRF_PLACEHOLDER,
            "can_reply": meta["can_reply"],
            "can_accept": False,
            "is_moderator": False,
            "page_obj": {"number": meta["page"]},
        }
        for post in posts:
            regions[region_name("post", post.pk)] = template.render({**context, "post": post})
    if watch:
        regions["watch"] = get_template("discussions/_watch_form.html").render(
            {
                "thread": thread,
                "csrf_token": CSRF_PLACEHOLDER,
                "watch_level": state.watch_level,
                "watch_choices": WatchLevel.choices,
            }
        )
    return regions
