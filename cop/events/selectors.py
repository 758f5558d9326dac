"""Reads for events: listings, the feed, a member's registration, attendee lists and conferences."""

from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from cop.communities.models import Access
from cop.communities.registry import ContentItem
from cop.communities.selectors import visible_content_q
from cop.core.pages import page_context
from cop.core.site_url import absolute_url, site_root_url
from cop.discussions import permissions as discussion_permissions
from cop.discussions.selectors import thread_list

from .models import EventIndexPage, EventMode, EventPage, Registration, RegistrationStatus

PAGE_SIZE = 20
FEED_SIZE = 200
CONFERENCE_THREADS = 10


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


def feed_events(group=None):
    """Events in the subscribable calendar: every public event not yet over, soonest first; a closed
    group's events never (calendar programs subscribe without signing in). With `group` (an open
    one), that group's events only."""
    events = EventPage.objects.live().public().filter(end__gte=timezone.now())
    events = events.filter(Q(group__isnull=True) | Q(group__access=Access.OPEN))
    if group is not None:
        events = events.filter(group=group)
    return events.order_by("start", "pk")[:FEED_SIZE]


def site_host() -> str:
    """The host in calendar UIDs: the site's own (cop.core.site_url), so one event keeps one UID everywhere."""
    return urlsplit(site_root_url()).hostname or "place-exchange"


def event_url(event: EventPage) -> str:
    """The event's address on the site's own host, never the request's Host header."""
    return absolute_url(event.get_url() or "/events/")


def registration_for(member, event: EventPage) -> Registration | None:
    if not member.is_authenticated:
        return None
    return Registration.objects.filter(event=event, member=member).first()


def can_manage(member, event: EventPage) -> bool:
    """Organisers: the page's owner and anyone who may edit it in the admin."""
    if not member.is_authenticated or not member.is_active:
        return False
    return event.owner_id == member.pk or event.permissions_for_user(member).can_edit()


def places_taken(event: EventPage) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def attendees(event: EventPage):
    """Everyone registered or waiting, places first, each group in the order they signed up."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("member", "member__profile__organisation")
        .order_by("-status", "queued_at", "pk")  # "waiting" sorts after "confirmed" when reversed
    )


def attendee_rows(event: EventPage):
    for registration in attendees(event):
        member = registration.member
        profile = getattr(member, "profile", None)
        yield [
            str(member),
            member.email,
            profile.organisation_name if profile else "",
            registration.get_status_display(),
            timezone.localtime(registration.queued_at).strftime("%Y-%m-%d %H:%M"),
            registration.needs,
        ]


def member_data_export(user) -> dict:
    """A member's registrations, for their data download."""
    registrations = Registration.objects.filter(member=user).select_related("event").order_by("queued_at", "pk")
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "starts": registration.event.start.isoformat(),
                "status": registration.get_status_display(),
                "access_needs": registration.needs,
                "signed_up": registration.queued_at.isoformat(),
            }
            for registration in registrations
        ]
    }


def _visible_thread(session, user):
    thread = session.thread
    if thread is None or not thread.is_visible or not discussion_permissions.can_see_thread(user, thread):
        return None
    return thread


def conference_context(event: EventPage, user) -> dict:
    sessions = list(event.sessions.select_related("thread__category").all())
    category = event.discussion_category
    threads = []
    if category is not None and discussion_permissions.can_see_category(user, category):
        threads = list(thread_list(user, category=category)[:CONFERENCE_THREADS])
    else:
        category = None
    days = {}
    for session in sessions:
        session.visible_thread = _visible_thread(session, user)
        days.setdefault(session.day, []).append(session)
    return {
        "session_days": list(days.items()),
        "delegate_category": category,
        "delegate_threads": threads,
    }


# Page context (see cop.core.pages) -------------------------------------------------------


@page_context(EventIndexPage)
def _event_index_page_context(page, request) -> dict:
    return {"listing": event_listing(request.GET, index_page=page)}


def group_content_items(group, limit: int = 10) -> list[ContentItem]:
    """A group's events, latest start first (the caller has checked that the viewer may read the group)."""
    events = EventPage.objects.live().filter(group=group).order_by("-start", "-pk")[:limit]
    return [ContentItem(kind="Event", title=e.title, url=e.url or "", date=e.start, summary=e.summary) for e in events]


@page_context(EventPage)
def _event_page_context(page, request) -> dict:
    """Anonymous visitors all get the same page (it is cached): no joining link, no form."""
    user = request.user
    registration = registration_for(user, page)
    taken = places_taken(page)
    registered = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    return {
        "registration": registration,
        "registered": registered,
        "show_joining_link": registered and bool(page.joining_url) and page.mode != EventMode.VENUE,
        "places_taken": taken,
        "places_left": None if page.capacity is None else max(page.capacity - taken, 0),
        "is_organiser": can_manage(user, page),
        **conference_context(page, user),
    }
