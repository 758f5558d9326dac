"""Predecessor councils combined: pure arithmetic for reorganised councils (no database, no Django).

A council created by merger (Buckinghamshire 2020, North Yorkshire 2023 ...) has no returns before
its start date. For those years its trend shows its predecessors' published figures added up and
divided by the population of the area they covered, always marked as "predecessor councils combined"
and never counted in any group's statistics.

Decisions, stated on the page as well:
- Only predecessors that went *wholly* into this council are added. A predecessor split between
  several successors (Cumbria County into Cumberland and Westmorland and Furness, Northamptonshire
  County into North and West Northamptonshire) is not apportioned: its spending by service cannot be
  divided from the published figures without guessing, so those years are a gap, with the reason.
- A year is combined only when every predecessor has a submitted return with a figure; otherwise it
  is a gap naming the predecessor that has none.
- Residents are counted once: a county's population already includes its districts', so a district
  whose county is also a predecessor adds its spending but not its population.
- Where no estimate is held for a predecessor, the council's own nearest estimate is used instead
  (its area is exactly its predecessors' when they all went wholly into it), and the note says so:
  the same nearest-estimate rule every other council's per-head figure follows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .years import FinancialYear

COMBINED_LABEL = "Predecessor councils combined"


@dataclass(frozen=True)
class Predecessor:
    id: int
    name: str
    authority_type: str
    parent_id: int | None
    successor_names: tuple  # names of every council it was replaced by (this one included)


@dataclass(frozen=True)
class PredecessorYear:
    """One predecessor's return in one year: ``status`` is "submitted", "not_submitted" or "none"."""

    predecessor: Predecessor
    status: str
    value_thousands: float | None  # the published line, £ thousand; None where the line is blank
    population: float | None
    # A district's blank on a county-only line (education, social care) means it does not deliver it.
    blank_means_none: bool = False


@dataclass(frozen=True)
class CombinedPoint:
    per_head: float | None  # £ per head; None for a gap
    total_thousands: float | None
    population: float | None
    names: tuple  # the predecessors combined (or that would have been)
    reason: str  # why there is a gap ("" when combined)
    population_note: str = ""  # where the population came from, when not from the predecessors

    @property
    def note(self) -> str:
        if self.per_head is not None:
            return f"{COMBINED_LABEL}: {'; '.join(self.names)}." + (
                f" Population: {self.population_note}." if self.population_note else ""
            )
        return f"{COMBINED_LABEL} not shown: {self.reason}"


def last_year(end_date: datetime.date | None) -> FinancialYear | None:
    """The last financial year a council existed for. The lookup writes an abolition either as the last
    day (2020-03-31) or as the day of the change (2023-04-01); the day before covers both."""
    if end_date is None:
        return None
    return FinancialYear.containing(end_date - datetime.timedelta(days=1))


def first_year(start_date: datetime.date | None) -> FinancialYear | None:
    return None if start_date is None else FinancialYear.containing(start_date)


def before_start(start_date: datetime.date | None, year: FinancialYear) -> bool:
    first = first_year(start_date)
    return first is not None and year < first


def split_predecessors(predecessors: list[Predecessor]) -> list[Predecessor]:
    """Predecessors whose area went to more than one successor (so are not wholly in this council)."""
    return [p for p in predecessors if len(p.successor_names) > 1]


def split_reason(split: list[Predecessor]) -> str:
    parts = [f"{p.name} was split between {_and(p.successor_names)}" for p in split]
    return (
        "; ".join(parts) + ". Its spending cannot be divided between its successors from the published "
        "figures, so it is not apportioned."
    )


def combine(
    rows: list[PredecessorYear], fallback_population: float | None = None, fallback_note: str = ""
) -> CombinedPoint:
    """The predecessors' figures for one year and one line added up, per head of the area's population
    (``fallback_population``, described by ``fallback_note``, where no predecessor estimate is held)."""
    names = tuple(r.predecessor.name for r in rows)
    if not rows:
        return CombinedPoint(None, None, None, names, "no predecessor councils are recorded.")
    split = split_predecessors([r.predecessor for r in rows])
    if split:
        return CombinedPoint(None, None, None, names, split_reason(split))
    missing = _missing(rows)
    if missing:
        return CombinedPoint(None, None, None, names, missing)
    total = sum(r.value_thousands or 0.0 for r in rows)
    population, note = area_population(rows), ""
    if population is None and fallback_population:
        population, note = float(fallback_population), fallback_note
    if population is None:
        counted = [r.predecessor.name for r in rows if _counts_population(r, rows) and not r.population]
        return CombinedPoint(None, total, None, names, f"no population estimate for {_and(counted)}.")
    if total == 0:
        return CombinedPoint(None, total, population, names, "the predecessor councils reported no spending.")
    return CombinedPoint(total * 1000.0 / population, total, population, names, "", note)


def _missing(rows: list[PredecessorYear]) -> str:
    no_return = [r.predecessor.name for r in rows if r.status == "none"]
    if no_return:
        return f"no revenue outturn return from {_and(no_return)} this year."
    not_submitted = [r.predecessor.name for r in rows if r.status == "not_submitted"]
    if not_submitted:
        return f"{_and(not_submitted)} did not submit a return this year."
    blank = [r.predecessor.name for r in rows if r.value_thousands is None and not r.blank_means_none]
    if blank:
        return f"{_and(blank)} published no figure for this line this year."
    return ""


def _counts_population(row: PredecessorYear, rows: list[PredecessorYear]) -> bool:
    ids = {r.predecessor.id for r in rows}
    return row.predecessor.parent_id not in ids


def area_population(rows: list[PredecessorYear]) -> float | None:
    """Residents of the predecessors' area, each counted once (a county's figure includes its districts)."""
    counted = [r.population for r in rows if _counts_population(r, rows)]
    if not counted or any(not p for p in counted):
        return None
    return float(sum(counted))


def _and(names) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
