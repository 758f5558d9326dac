"""Online conferences: sessions by day with their own threads, materials and recordings; delegates'
own discussions; a delegates' guide; and the "Getting more for less" demo of July 2010."""

import datetime
import io

import pytest
from wagtail.models import Page

from cop.discussions.models import Thread
from cop.events import demo, demo_conference
from cop.events.models import ConferenceSession, EventPage
from tests.discussions.factories import CategoryFactory, ThreadFactory
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def test_demo_conference_is_a_week_in_july_2010_with_its_sessions(client, home_page):
    from cop.members import demo as members_demo

    members_demo.load(home_page, io.StringIO())
    demo.load(home_page, io.StringIO())
    demo.load(home_page, io.StringIO())  # idempotent
    conference = EventPage.objects.get(slug=demo_conference.SLUG)
    assert conference.title == "Getting more for less: online conference"
    assert conference.start.date() == datetime.date(2010, 7, 19)
    assert (conference.end.date() - conference.start.date()).days == 4
    titles = [session.title for session in conference.sessions.all()]
    assert len(titles) == len(set(titles)) == 5
    assert any("count" in t.lower() for t in titles)
    assert any("asset management" in t.lower() for t in titles)
    assert any("citizen insight" in t.lower() for t in titles)
    assert Thread.objects.filter(category__slug=demo_conference.CATEGORY_SLUG).count() == 3

    html = client.get(conference.url).content.decode()
    assert "Monday 19 July 2010" in html and "Friday 23 July 2010" in html
    for session in conference.sessions.exclude(thread=None):
        assert session.thread.get_absolute_url() in html
    assert "Start a discussion or share your story" in html
    assert f"/discussions/new/?category={demo_conference.CATEGORY_SLUG}" in html
    assert f"/events/{conference.pk}/delegates-guide/" in html
    assert "Registration is closed" not in html  # a past event shows no registration box at all

    guide = client.get(f"/events/{conference.pk}/delegates-guide/")
    assert guide.status_code == 200 and "Register once for the whole week" in guide.content.decode()


def test_session_threads_respect_who_may_see_them(client, home_page):
    event = make_event(home_page, "Conference", days=10)
    open_thread = ThreadFactory(title="Open session talk")
    closed_thread = ThreadFactory(title="Officers only talk", category=CategoryFactory(restricted=True))
    for title, thread in (("Open session", open_thread), ("Closed session", closed_thread)):
        ConferenceSession.objects.create(
            event=event, day=event.start.date(), start_time=datetime.time(10), title=title, thread=thread
        )
    html = client.get(event.url).content.decode()
    assert "Open session" in html and "Closed session" in html
    assert open_thread.get_absolute_url() in html
    assert closed_thread.get_absolute_url() not in html


def test_editor_adds_sessions_with_times_as_people_write_them(admin_client, home_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    event = make_event(home_page, "Conference", days=10)
    data = {
        "title": event.title,
        "slug": event.slug,
        "start": "2030-07-19 10:00",
        "end": "2030-07-23 12:00",
        "mode": "online",
        "venue_name": "",
        "venue_address": "",
        "joining_url": "",
        "registration_open": "on",
        "capacity": "",
        "summary": "A week",
        "body": rich_text(""),
        "agenda": streamfield([]),
        "materials": streamfield([]),
        "recordings": streamfield([]),
        "discussion_category": "",
        "delegates_guide": rich_text(""),
    }
    session = {
        "day": "2030-07-19",
        "title": "The count",
        "description": "",
        "speakers": "",
        "thread": "",
        "materials": streamfield([]),
        "recording": streamfield([]),
    }
    bad = nested_form_data({**data, "sessions": inline_formset([{**session, "start_time": "2:30", "end_time": "3pm"}])})
    response = admin_client.post(f"/admin/pages/{event.pk}/edit/", bad)
    assert "Say whether 2:30 is am or pm" in response.content.decode()
    assert not ConferenceSession.objects.exists()
    good = nested_form_data(
        {
            **data,
            "sessions": inline_formset([{**session, "start_time": "2:30pm", "end_time": "4pm"}]),
            "action-publish": "1",
        }
    )
    admin_client.post(f"/admin/pages/{event.pk}/edit/", good)
    saved = ConferenceSession.objects.get()
    assert (saved.start_time, saved.end_time) == (datetime.time(14, 30), datetime.time(16))
    assert Page.objects.get(pk=event.pk).specific.sessions.count() == 1
