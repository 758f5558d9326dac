"""Demo events: an upcoming online conference week and a past webinar. Idempotent by slug."""

import datetime

from django.db import transaction
from django.utils import timezone

from cop.core.demo import ensure_index

from . import demo_conference
from .models import EventIndexPage, EventMode, EventPage

INTRO = "<p>Online and in-person events for people working on place-based public services.</p>"


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _guide_material():
    from cop.library.models import LibraryDocument

    guide = LibraryDocument.objects.filter(title__startswith="How to count public spend").first()
    if guide is None:
        return []
    return [("document", {"document": guide, "description": "The short guide the webinar was based on"})]


def _events(today):
    conference_day = today + datetime.timedelta(days=30)
    webinar_day = today - datetime.timedelta(days=20)
    return [
        {
            "slug": "place-exchange-online-conference-week",
            "title": "Place Exchange online conference week",
            "start": _at(conference_day, 10),
            "end": _at(conference_day + datetime.timedelta(days=4), 12),
            "mode": EventMode.ONLINE,
            "capacity": 150,
            "joining_url": "https://meet.placeexchange.example/conference-week",
            "summary": "Five mornings of short online sessions: counting a place, pooled budgets, early help, "
            "and what the pilots would do differently.",
            "agenda": [
                (
                    "item",
                    {
                        "start_time": datetime.time(10),
                        "end_time": datetime.time(10, 45),
                        "title": "Monday: counting a place",
                        "description": "How to add up every public body's spend, and what to do with the answer.",
                        "speakers": [
                            {"name": "Place Exchange team", "role": "Hosts", "organisation": "Place Exchange"}
                        ],
                    },
                ),
                (
                    "item",
                    {
                        "start_time": datetime.time(10),
                        "end_time": datetime.time(10, 45),
                        "title": "Tuesday: pooled budgets",
                        "description": "Practitioners compare notes on pooling money across agencies.",
                        "speakers": [],
                    },
                ),
                (
                    "item",
                    {
                        "start_time": datetime.time(10),
                        "end_time": datetime.time(10, 45),
                        "title": "Wednesday: early help for families",
                        "description": "",
                        "speakers": [],
                    },
                ),
                (
                    "item",
                    {
                        "start_time": datetime.time(10),
                        "end_time": datetime.time(10, 45),
                        "title": "Thursday: evidence and evaluation",
                        "description": "From an estimate to an independent evaluation.",
                        "speakers": [],
                    },
                ),
                (
                    "item",
                    {
                        "start_time": datetime.time(10),
                        "end_time": datetime.time(12),
                        "title": "Friday: what we would do differently",
                        "description": "Open discussion.",
                        "speakers": [],
                    },
                ),
            ],
            "materials": [],
            "recordings": [],
        },
        {
            "slug": "counting-a-place-webinar",
            "title": "Counting a place: launch webinar",
            "start": _at(webinar_day, 13),
            "end": _at(webinar_day, 14),
            "mode": EventMode.ONLINE,
            "capacity": None,
            "joining_url": "",
            "summary": "Our first webinar: why and how places count all the public money spent in them.",
            "agenda": [
                (
                    "item",
                    {
                        "start_time": datetime.time(13),
                        "end_time": datetime.time(13, 30),
                        "title": "Why count?",
                        "description": "",
                        "speakers": [{"name": "Place Exchange team", "role": "", "organisation": ""}],
                    },
                ),
                (
                    "item",
                    {
                        "start_time": datetime.time(13, 30),
                        "end_time": datetime.time(14),
                        "title": "Questions",
                        "description": "",
                        "speakers": [],
                    },
                ),
            ],
            "materials": _guide_material(),
            "recordings": [],
        },
    ]


@transaction.atomic
def load(home_page, stdout):
    index = ensure_index(home_page, EventIndexPage, "events", "Events", INTRO)
    created = 0
    events = _events(timezone.localdate())
    for data in events:
        page = EventPage.objects.child_of(index).filter(slug=data["slug"]).first()
        is_new = page is None
        if is_new:
            page = EventPage(slug=data["slug"])
        for field in (
            "title",
            "start",
            "end",
            "mode",
            "capacity",
            "joining_url",
            "summary",
            "agenda",
            "materials",
            "recordings",
        ):
            setattr(page, field, data[field])
        if is_new:
            index.add_child(instance=page)
            created += 1
        page.save_revision().publish()
    created += demo_conference.load(index)
    stdout.write(f"Events: {created} created, {len(events) + 1 - created} updated.")
