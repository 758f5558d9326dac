"""Write an iCalendar (RFC 5545) file for one event.

The rules that calendar programs are strict about: lines end in CRLF; lines longer than
75 octets are folded (CRLF then a space), never inside a UTF-8 character; backslash,
semicolon, comma and newline in text are escaped; times are written in UTC with a Z.
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


def event_calendar(event, url: str, host: str, now: datetime) -> str:
    location = ", ".join(part for part in [event.venue_name, " ".join(event.venue_address.split())] if part)
    if event.mode == "online":
        location = "Online" + (f": {event.joining_url}" if event.joining_url else "")
    description = event.summary
    if event.joining_url:
        description += f"\n\nJoin online: {event.joining_url}"
    description += f"\n\nMore details: {url}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
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
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
