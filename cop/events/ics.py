"""Write iCalendar (RFC 5545) files: one event, a member's own entry, or a feed of events.

The rules that calendar programs are strict about: lines end in CRLF; lines longer than
75 octets are folded (CRLF then a space), never inside a UTF-8 character; backslash,
semicolon, comma and newline in text are escaped; times are written in UTC with a Z (so no
VTIMEZONE is needed: a UK event at 10am in July is 0900Z and shows as 10am in London).

Public files (the event's download, the feed) never carry an online event's joining link:
only a registered member's own entry does (`joining_url=` given by the caller).
"""

from datetime import UTC, datetime

PRODID = "-//Place Exchange//Events//EN"


def escape_text(value: str) -> str:
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts = []
    current = b""
    limit = 75
    for char in line:
        char_bytes = char.encode("utf-8")
        if len(current) + len(char_bytes) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += char_bytes
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event, *, url: str, host: str, now: datetime, joining_url: str = "") -> list[str]:
    """The VEVENT of one event. The UID is stable, so a calendar updates the entry it already has."""
    location = ", ".join(part for part in [event.venue_name, " ".join(event.venue_address.split())] if part)
    if event.mode == "online":
        location = "Online" + (f": {joining_url}" if joining_url else "")
    elif event.mode == "hybrid":
        location = ", ".join(filter(None, [location, "and online"]))
    description = event.summary
    if joining_url:
        description += f"\n\nJoin online: {joining_url}"
    elif event.mode in ("online", "hybrid"):
        description += "\n\nRegistered members find the joining link on the event page."
    description += f"\n\nMore details: {url}"
    return [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(event.start)}",
        f"DTEND:{utc_stamp(event.end)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(location)}",
        f"URL:{url}",
        "END:VEVENT",
    ]


def calendar(events_lines: list[list[str]], *, name: str = "") -> str:
    """A whole VCALENDAR around the given VEVENTs; `name` makes it a subscribable feed."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        # Calendar programs that subscribe read these for the name and how often to look again.
        lines += [
            f"X-WR-CALNAME:{escape_text(name)}",
            "X-WR-TIMEZONE:Europe/London",
            "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
            "X-PUBLISHED-TTL:PT6H",
        ]
    for vevent in events_lines:
        lines += vevent
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def event_calendar(event, url: str, host: str, now: datetime, joining_url: str = "") -> str:
    return calendar([event_lines(event, url=url, host=host, now=now, joining_url=joining_url)])
