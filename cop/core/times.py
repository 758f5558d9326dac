"""Times of day as UK people write them: "10am", "2:30pm", "2.30 pm", "14:30", "noon", "midnight".

`parse_uk_time` is the one reader; `UKTimeField` (a form field) and `UKTimeModelField` (a model
field whose admin form uses it) let editors type a time the way they would say it. Without am or pm
a time is read on the 24-hour clock, except where people would mean the afternoon: a bare hour
("10") or a one-digit hour from 1 to 7 ("2:30") is refused with a request to add am or pm
("02:30" is accepted). "12am" is midnight and "12pm" is noon.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

WORDS = {"noon": datetime.time(12), "midday": datetime.time(12), "midnight": datetime.time(0)}
TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*(?P<half>a\.?m\.?|p\.?m\.?)?$"
)
COMPACT = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})$")  # 24-hour "1430"
MESSAGE = "Enter a time like 10am, 2:30pm, 14:30 or noon"


def parse_uk_time(text: str) -> datetime.time:
    """The time `text` names, or ValueError with a message a person can act on."""
    value = " ".join((text or "").strip().lower().split())
    value = re.sub(r"^12 (noon|midday|midnight)$", r"\1", value)
    if value in WORDS:
        return WORDS[value]
    match = TIME.match(value) or COMPACT.match(value)
    if match is None:
        raise ValueError(MESSAGE)
    parts = match.groupdict()
    hour, minute = int(parts["hour"]), int(parts["minute"] or 0)
    second = int(parts.get("second") or 0)
    half = (parts.get("half") or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour}{half} is not a time: with am or pm the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.re is TIME and _ambiguous(parts["hour"], parts["minute"]):
        raise ValueError(f'Say whether {value} is am or pm, for example "{value}am" or "{value}pm"')
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(MESSAGE)
    return datetime.time(hour, minute, second)


def _ambiguous(hour: str, minute: str | None) -> bool:
    """ "10" or "2:30" without am or pm: people mean 2:30pm, a 24-hour reading gives 02:30."""
    if minute is None:
        return int(hour) <= 12
    return len(hour) == 1 and 1 <= int(hour) <= 7


class UKTimeField(forms.TimeField):
    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "For example 10am, 2:30pm or 14:30")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("spellcheck", "false")

    def prepare_value(self, value):
        return value.strftime("%H:%M") if isinstance(value, datetime.time) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        try:
            return parse_uk_time(str(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class UKTimeModelField(models.TimeField):
    """A TimeField whose forms (the Wagtail admin's included) read "10am" and "2:30pm"."""

    def formfield(self, **kwargs):
        kwargs.pop("widget", None)  # not the admin's picker: a plain text box
        return super().formfield(**{**kwargs, "form_class": UKTimeField})
