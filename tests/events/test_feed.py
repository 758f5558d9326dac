"""The subscribable calendar of upcoming events (webcal:// or .ics), valid RFC 5545."""

import re

import pytest

from cop.events.selectors import site_host
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def test_feed_lists_upcoming_public_events_as_valid_icalendar(client, home_page):
    soon = make_event(home_page, "Soon; with, punctuation", days=2, slug="soon")
    make_event(home_page, "Later " + "long title " * 10, days=20, slug="later")
    make_event(home_page, "Finished", days=-5)
    make_event(home_page, "Draft", days=3, live=False)
    response = client.get("/events/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))  # folded
    unfolded = body.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert "X-WR-CALNAME:Place Exchange events" in lines
    assert lines.count("BEGIN:VEVENT") == 2 and lines.count("END:VEVENT") == 2
    assert "SUMMARY:Soon\\; with\\, punctuation" in lines
    assert "Finished" not in unfolded and "Draft" not in unfolded
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 2 and f"UID:event-{soon.pk}@{site_host()}" in uids
    assert all(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines if line.startswith("DTSTAMP"))
    assert unfolded.index("Soon") < unfolded.index("Later")


def test_events_page_offers_the_subscription(client, home_page):
    make_event(home_page, "Soon")
    html = client.get("/events/").content.decode()
    assert "webcal://testserver/events/calendar.ics" in html
