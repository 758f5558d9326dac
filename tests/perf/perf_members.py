"""The members the signed-in measurements sign in as (perf_signed_in.py and run_perf.py)."""

from __future__ import annotations

import re


def member(thread_path: str | None = None):
    """An ordinary member; with a thread, one who replied in it but did not start it (their own
    posts are re-rendered into the shared page), the common case for a long thread's readers."""
    from cop.discussions.models import Thread
    from cop.members.models import User

    members = User.objects.filter(is_active=True, is_staff=False, is_superuser=False, groups=None).order_by("pk")
    found = re.search(r"/t/(\d+)/", thread_path or "")
    thread = Thread.objects.filter(pk=int(found.group(1))).first() if found else None
    if thread is not None:
        participant = members.filter(posts__thread=thread).exclude(pk=thread.author_id).distinct().first()
        if participant is not None:
            return participant
    return members.filter(username__startswith="perf-").first() or members.first()


def thread_author(thread_path: str):
    from cop.discussions.models import Thread

    found = re.search(r"/t/(\d+)/", thread_path or "")
    thread = Thread.objects.filter(pk=int(found.group(1))).select_related("author").first() if found else None
    return thread.author if thread is not None else None
