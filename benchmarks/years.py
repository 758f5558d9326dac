"""Financial years as a proper type.

A UK local government financial year runs from 1 April to 31 March and is written "2022-23".
`FinancialYear` is an immutable, ordered value; `FinancialYearField` stores its start year as an
integer column (so ordering, ranges and indexes work in the database) and gives back
`FinancialYear` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

_LABEL = re.compile(r"^\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$")

MIN_START_YEAR = 1990
MAX_START_YEAR = 2100


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    def __post_init__(self):
        if not isinstance(self.start_year, int) or isinstance(self.start_year, bool):
            raise TypeError("FinancialYear.start_year must be an int")
        if not MIN_START_YEAR <= self.start_year <= MAX_START_YEAR:
            raise ValueError(f"{self.start_year} is not a plausible financial year start")

    @classmethod
    def parse(cls, value: FinancialYear | str | int) -> FinancialYear:
        """Accept "2022-23", "2022/23", "2022-2023", a start year 2022, or a FinancialYear."""
        if isinstance(value, FinancialYear):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str):
            text = value.strip()
            if text.isdigit() and len(text) == 4:
                return cls(int(text))
            match = _LABEL.match(text)
            if match:
                start = int(match.group(1))
                end = match.group(2)
                expected = f"{(start + 1) % 100:02d}" if len(end) == 2 else str(start + 1)
                if end != expected:
                    raise ValueError(f"{value!r} is not a financial year: the end year must follow the start year")
                return cls(start)
        raise ValueError(f"{value!r} is not a financial year like 2022-23")

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def end_year(self) -> int:
        return self.start_year + 1

    @property
    def start_date(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end_date(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def __str__(self) -> str:
        return self.label

    def __int__(self) -> int:
        return self.start_year


class FinancialYearField(models.PositiveSmallIntegerField):
    """Stores a FinancialYear as its start year (2022 for 2022-23)."""

    description = "Financial year (stored as its start year)"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return FinancialYear(int(value))

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, FinancialYear):
            return value or None
        try:
            return FinancialYear.parse(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, FinancialYear):
            return value.start_year
        if isinstance(value, str) and not value.strip().isdigit():
            return FinancialYear.parse(value).start_year
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else FinancialYear.parse(value).label

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "max_length": 9}
        defaults.update(kwargs)
        defaults.pop("min_value", None)
        defaults.pop("max_value", None)
        return models.Field.formfield(self, **defaults)
