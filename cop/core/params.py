"""Numbers from query strings and forms, range-checked before they reach a query or a date.

`int("²")` fails although `"²".isdigit()` is true, `date(-1, 1, 1)` fails, and a number too big
for a C long overflows in date arithmetic: a parameter outside its range is treated as absent,
so a listing shows everything rather than an error page.
"""

from __future__ import annotations

# Years a listing can filter on: anything outside is not a year any content has.
MIN_YEAR = 1900
MAX_YEAR = 2200
# Primary keys are PostgreSQL bigints.
MAX_ID = 2**63 - 1


def int_param(value, minimum: int, maximum: int) -> int | None:
    """The whole number written in ASCII digits (optionally signed), if within [minimum, maximum]."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or len(digits) > 19 or not (digits.isascii() and digits.isdigit()):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def year_param(value) -> int | None:
    return int_param(value, MIN_YEAR, MAX_YEAR)


def id_param(value) -> int | None:
    return int_param(value, 1, MAX_ID)
