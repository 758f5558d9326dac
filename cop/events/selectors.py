"""Reads for events."""

from django.core.paginator import Paginator
from django.utils import timezone

from cop.communities.registry import ContentItem
from cop.communities.selectors import visible_content_q
from cop.core.pages import page_context

from .models import EventIndexPage, EventPage

PAGE_SIZE = 20


def event_listing(params, index_page=None) -> dict:
    now = timezone.now()
    # Listings are the same for every visitor: a closed group's events are on its own page.
    base = EventPage.objects.live().public().filter(visible_content_q(None))
    if index_page is not None:
        base = base.child_of(index_page)
    upcoming = list(base.filter(end__gte=now).order_by("start", "pk"))
    past_paginator = Paginator(
        base.filter(end__lt=now).order_by("-start", "-pk"), PAGE_SIZE, allow_empty_first_page=True
    )
    past_page = past_paginator.get_page(params.get("page"))
    return {"upcoming": upcoming, "past_page": past_page, "past": list(past_page.object_list)}


# Page context (see cop.core.pages) -------------------------------------------------------


@page_context(EventIndexPage)
def _event_index_page_context(page, request) -> dict:
    return {"listing": event_listing(request.GET, index_page=page)}


def group_content_items(group, limit: int = 10) -> list[ContentItem]:
    """A group's events, latest start first (the caller has checked that the viewer may read the group)."""
    events = EventPage.objects.live().filter(group=group).order_by("-start", "-pk")[:limit]
    return [ContentItem(kind="Event", title=e.title, url=e.url or "", date=e.start, summary=e.summary) for e in events]
