"""Times typed the way UK people write them."""

import datetime

import pytest

from cop.core.times import UKTimeField, parse_uk_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10am", (10, 0)),
        ("10 AM", (10, 0)),
        ("10a.m.", (10, 0)),
        ("2:30pm", (14, 30)),
        ("2.30 pm", (14, 30)),
        ("2.30 p.m.", (14, 30)),
        ("12am", (0, 0)),
        ("12pm", (12, 0)),
        ("12.15pm", (12, 15)),
        ("noon", (12, 0)),
        ("12 noon", (12, 0)),
        ("Midday", (12, 0)),
        ("midnight", (0, 0)),
        ("14:30", (14, 30)),
        ("14.30", (14, 30)),
        ("1430", (14, 30)),
        ("09:30", (9, 30)),
        ("9:30", (9, 30)),
        ("02:30", (2, 30)),
        ("14", (14, 0)),
        ("  11:45  ", (11, 45)),
        ("10:30:00", (10, 30)),
    ],
)
def test_reads_uk_times(text, expected):
    assert parse_uk_time(text) == datetime.time(*expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("10", 'Say whether 10 is am or pm, for example "10am" or "10pm"'),
        ("2:30", "Say whether 2:30 is am or pm"),
        ("13pm", "with am or pm the hour is 1 to 12"),
        ("0am", "with am or pm the hour is 1 to 12"),
        ("25:00", "Enter a time like 10am"),
        ("10:75", "Enter a time like 10am"),
        ("ten o'clock", "Enter a time like 10am"),
        ("", "Enter a time like 10am"),
        ("10:3", "Enter a time like 10am"),
    ],
)
def test_refuses_what_it_cannot_read_and_says_why(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_uk_time(text)


def test_form_field_cleans_and_shows_24_hour_time():
    field = UKTimeField(required=False)
    assert field.clean("2:30pm") == datetime.time(14, 30)
    assert field.clean("") is None
    assert field.prepare_value(datetime.time(9, 5)) == "09:05"
    with pytest.raises(Exception, match="am or pm"):
        field.clean("3")
