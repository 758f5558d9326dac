"""Events: page rules, upcoming and past lists, agenda and the .ics download."""

import datetime
import io

from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from casestudies.demo import ensure_index
from cop.events import demo
from cop.events.models import EventIndexPage, EventPage
from cop.home.models import HomePage
from cop.home.services import ensure_home_page


def _index(home_page):
    return ensure_index(home_page, EventIndexPage, "events", "Events", "")


def _event(index, title, days, hours=1, live=True, **extra):
    start = timezone.now() + datetime.timedelta(days=days)
    page = EventPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        start=start,
        end=start + datetime.timedelta(hours=hours),
        summary=f"About {title}",
        live=False,
        **extra,
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


class EventPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_home_page()

    def setUp(self):
        self.login()

    def test_editor_creates_event_with_agenda(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertCanCreate(
            self.home, EventIndexPage, nested_form_data({"title": "Events", "slug": "events", "intro": rich_text("")})
        )
        index = EventIndexPage.objects.get()
        self.assertCanCreate(
            index,
            EventPage,
            nested_form_data(
                {
                    "title": "Conference",
                    "start": "2030-05-01 10:00",
                    "end": "2030-05-01 12:00",
                    "mode": "online",
                    "venue_name": "",
                    "venue_address": "",
                    "joining_url": "",
                    "summary": "A conference",
                    "body": rich_text("<p>Welcome</p>"),
                    "agenda": streamfield(
                        [
                            (
                                "item",
                                {
                                    "start_time": "10am",
                                    "end_time": "10.30am",
                                    "title": "Opening <script>x</script>",
                                    "description": "",
                                    "speakers": streamfield([]),
                                },
                            )
                        ]
                    ),
                    "materials": streamfield([]),
                    "recordings": streamfield([]),
                    "registration_open": "on",
                    "capacity": "",
                    "sessions": inline_formset([]),
                    "discussion_category": "",
                    "delegates_guide": rich_text(""),
                }
            ),
        )
        page = EventPage.objects.get()
        html = self.client.get(page.url).content.decode()
        assert "Opening &lt;script&gt;" in html and "<script>x" not in html
        assert f"/events/{page.pk}/calendar.ics" in html

    def test_end_before_start_is_refused(self):
        index = _index(self.home)
        response = self.client.post(
            f"/admin/pages/add/events/eventpage/{index.pk}/",
            nested_form_data(
                {
                    "title": "Backwards",
                    "slug": "backwards",
                    "start": "2030-05-01 10:00",
                    "end": "2030-05-01 09:00",
                    "mode": "venue",
                    "venue_name": "",
                    "venue_address": "",
                    "joining_url": "",
                    "summary": "x",
                    "body": rich_text(""),
                    "agenda": streamfield([]),
                    "materials": streamfield([]),
                    "recordings": streamfield([]),
                    "registration_open": "on",
                    "capacity": "",
                    "sessions": inline_formset([]),
                    "discussion_category": "",
                    "delegates_guide": rich_text(""),
                }
            ),
        )
        html = response.content.decode()
        assert "The event must end after it starts." in html and "Enter the venue for an in-person event." in html
        assert not EventPage.objects.exists()


def test_upcoming_and_past_lists(client, home_page):
    index = _index(home_page)
    _event(index, "Next week", 7)
    _event(index, "Tomorrow", 1)
    _event(index, "Last month", -30)
    _event(index, "Unpublished", 3, live=False)
    html = client.get("/events/").content.decode()
    upcoming, past = html.split("Past events")
    assert upcoming.index("Tomorrow") < upcoming.index("Next week")
    assert "Last month" in past and "Last month" not in upcoming
    assert "Unpublished" not in html


def test_ics_download(client, home_page):
    index = _index(home_page)
    event = _event(index, "Webinar", 2, mode="online", joining_url="https://meet.example/abc")
    response = client.get(f"/events/{event.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="webinar.ics"'
    body = response.content.decode()
    assert "SUMMARY:Webinar\r\n" in body and f"URL:{event.full_url}" in body.replace("\r\n ", "")
    draft = _event(index, "Draft", 2, live=False)
    assert client.get(f"/events/{draft.pk}/calendar.ics").status_code == 404


def test_events_demo_is_idempotent(home_page):
    demo.load(home_page, io.StringIO())
    demo.load(home_page, io.StringIO())
    assert EventPage.objects.live().count() == 3
