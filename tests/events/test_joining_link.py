"""An online event's joining link is for registered members only: never on the page a signed-out
visitor (or the anonymous page cache) gets, in the public calendar file, the feed or search."""

import pytest
from django.test import override_settings

from cop.events import services
from cop.events.search import EventSource
from tests.events.factories import make_event
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example/secret-room-42"


@pytest.fixture
def event(home_page):
    return make_event(home_page, "Online briefing", mode="online", joining_url=LINK)


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_anonymous_visitors_never_see_the_link_even_after_a_member_viewed(client, event):
    member = UserFactory()
    services.register(member, event)
    member_client = client.__class__()
    member_client.force_login(member)
    assert LINK in member_client.get(event.url).content.decode()
    first = client.get(event.url)
    second = client.get(event.url)  # served from the anonymous page cache
    for response in (first, second):
        html = response.content.decode()
        assert response.status_code == 200
        assert LINK not in html and "Sign in to register" in html
    assert member_client.get(event.url).content.decode().count(LINK) == 1


def test_member_not_registered_sees_register_but_not_the_link(client, event):
    client.force_login(UserFactory())
    html = client.get(event.url).content.decode()
    assert LINK not in html
    assert f"/events/{event.pk}/register/" in html
    assert client.get(f"/events/{event.pk}/my-calendar.ics").status_code == 404


def test_registered_member_sees_the_link_and_gets_it_in_their_calendar(client, event):
    member = UserFactory()
    services.register(member, event)
    client.force_login(member)
    assert LINK in client.get(event.url).content.decode()
    response = client.get(f"/events/{event.pk}/my-calendar.ics")
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert LINK in response.content.decode().replace("\r\n ", "")


def test_waiting_list_and_cancelled_members_do_not_see_the_link(client, home_page):
    event = make_event(home_page, "Small room", mode="online", joining_url=LINK, capacity=1)
    holder, waiting = UserFactory.create_batch(2)
    services.register(holder, event)
    services.register(waiting, event)
    client.force_login(waiting)
    assert LINK not in client.get(event.url).content.decode()
    services.cancel(holder, event)
    client.force_login(holder)
    assert LINK not in client.get(event.url).content.decode()
    assert client.get(f"/events/{event.pk}/my-calendar.ics").status_code == 404


def test_public_calendar_feed_and_search_never_carry_the_link(client, event):
    services.register(UserFactory(), event)
    public = client.get(f"/events/{event.pk}/calendar.ics").content.decode().replace("\r\n ", "")
    feed = client.get("/events/calendar.ics").content.decode().replace("\r\n ", "")
    assert "SUMMARY:Online briefing" in public and "SUMMARY:Online briefing" in feed
    assert LINK not in public and LINK not in feed
    assert "meet.example" not in repr(EventSource().describe(event))
