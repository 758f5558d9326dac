"""The iCalendar file follows RFC 5545: CRLF, folding, escaping and UTC times."""

import datetime
from zoneinfo import ZoneInfo

from cop.events import ics
from cop.events.models import EventPage

LONDON = ZoneInfo("Europe/London")


def _event(**overrides):
    values = {
        "pk": 7,
        "title": "Budgets; pooling, and more\\less",
        "summary": "Line one\nLine two",
        "start": datetime.datetime(2025, 7, 1, 10, 0, tzinfo=LONDON),
        "end": datetime.datetime(2025, 7, 1, 12, 30, tzinfo=LONDON),
        "mode": "venue",
        "venue_name": "Town Hall",
        "venue_address": "1 High Street\nWorcester",
        "joining_url": "",
    }
    values.update(overrides)
    return EventPage(**{k: v for k, v in values.items() if k != "pk"}, id=values["pk"], page_ptr_id=values["pk"])


def test_calendar_uses_crlf_utc_and_escapes_text():
    now = datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC)
    body = ics.event_calendar(_event(), url="https://example.org/events/x/", host="example.org", now=now)
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # no bare line feeds
    lines = body.split("\r\n")
    # British Summer Time (UTC+1) converted to UTC.
    assert "DTSTART:20250701T090000Z" in lines and "DTEND:20250701T113000Z" in lines
    assert "DTSTAMP:20250601T090000Z" in lines and "UID:event-7@example.org" in lines
    assert "SUMMARY:Budgets\\; pooling\\, and more\\\\less" in lines
    assert "LOCATION:Town Hall\\, 1 High Street Worcester" in lines
    unfolded = body.replace("\r\n ", "")
    assert "DESCRIPTION:Line one\\nLine two\\n\\nMore details: https://example.org/events/x/" in unfolded


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    summary = "Café " * 40
    body = ics.event_calendar(
        _event(summary=summary),
        url="https://example.org/e/",
        host="h",
        now=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    assert "Café Café" in body.replace("\r\n ", "")


def test_winter_times_are_already_utc():
    event = _event(
        start=datetime.datetime(2025, 1, 10, 9, 0, tzinfo=LONDON),
        end=datetime.datetime(2025, 1, 10, 10, 0, tzinfo=LONDON),
        mode="online",
        joining_url="https://meet.example/x",
    )
    now = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    public = ics.event_calendar(event, url="u", host="h", now=now)
    assert "DTSTART:20250110T090000Z" in public
    # The public file never carries the joining link; a registered member's own entry does.
    assert "meet.example" not in public and "LOCATION:Online\r\n" in public
    own = ics.event_calendar(event, url="u", host="h", now=now, joining_url=event.joining_url)
    assert "LOCATION:Online: https://meet.example/x" in own.replace("\r\n ", "")
