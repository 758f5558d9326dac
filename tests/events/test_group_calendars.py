"""Calendar files and feeds respect groups: a closed group's events are in no public feed and their
pages and calendar entries are not found by outsiders; an open group has its own subscribable feed."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cop.communities.models import Access
from tests.communities.factories import CommunityGroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(home_page):
    from cop.core.demo import ensure_index
    from cop.events.models import EventIndexPage, EventPage

    index = ensure_index(home_page, EventIndexPage, "events", "Events", "<p>Intro.</p>")
    start = timezone.now() + datetime.timedelta(days=7)
    made = {}
    for key, access in (("public", None), ("open", Access.OPEN), ("closed", Access.REQUEST)):
        group = CommunityGroupFactory(name=f"{key} group", slug=f"{key}-group", access=access) if access else None
        event = EventPage(
            title=f"{key.title()} workshop", summary="A workshop.", start=start, end=start + datetime.timedelta(hours=2)
        )
        event.group = group
        index.add_child(instance=event)
        event.save_revision().publish()
        made[key] = event
    return made


def _summaries(body: str) -> list[str]:
    return sorted(line.split(":", 1)[1] for line in body.splitlines() if line.startswith("SUMMARY:"))


def test_the_site_feed_leaves_out_closed_groups_events(events):
    body = Client().get("/events/calendar.ics").content.decode()
    assert _summaries(body) == ["Open workshop", "Public workshop"]


def test_an_open_group_has_its_own_feed_and_a_closed_one_has_none(events):
    body = Client().get("/events/calendar.ics", {"group": "open-group"}).content.decode()
    assert _summaries(body) == ["Open workshop"]
    assert Client().get("/events/calendar.ics", {"group": "closed-group"}).status_code == 404


def test_a_closed_groups_event_calendar_entry_is_for_its_members(events):
    event = events["closed"]
    outsider, insider = Client(), Client()
    outsider.force_login(UserFactory())
    member = UserFactory()
    MembershipFactory(group=event.group, user=member)
    insider.force_login(member)
    assert outsider.get(f"/events/{event.pk}/calendar.ics").status_code == 404
    assert insider.get(f"/events/{event.pk}/calendar.ics").status_code == 200
