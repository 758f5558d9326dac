"""Demonstration counts: what the seed material reports, each figure with its source, and nothing else.

Worcestershire's Total Place count (2009-10) is public only as a total and a share; no figure by agency
was published in the material we hold, so those are shown as missing, never estimated. Norfolk is the
worked example of a place counted from the official outturn alone.
"""

from __future__ import annotations

from dataclasses import dataclass

PILOT_SOURCE = (
    "Worcestershire Total Place pilot's programme director, writing later (Place Exchange seed material, "
    "“Worcestershire's count”)"
)
PROGRAMME_SOURCE = "HM Treasury and DCLG, “Total place: a whole area approach to public services” (March 2010)"


@dataclass(frozen=True)
class ReportedFigure:
    item: str
    figure: str  # as reported; "" = not public (missing)
    source: str


@dataclass(frozen=True)
class ReportedCount:
    title: str
    year_label: str
    figures: tuple
    note: str


REPORTED = {
    "area-E10000034": ReportedCount(
        "What the Total Place pilot counted in Worcestershire",
        "2009-10",
        (
            ReportedFigure(
                "Total public expenditure in the county, including welfare and pension transfer payments",
                "over £4.4bn",
                PILOT_SOURCE,
            ),
            ReportedFigure(
                "Share through the six local authorities (the county council and five districts)",
                "less than 25%",
                PILOT_SOURCE,
            ),
            ReportedFigure(
                "Department for Work and Pensions (the largest single part)", "", PILOT_SOURCE + ": amount not stated"
            ),
            ReportedFigure("NHS, police, fire and the other agencies, each", "", "Not public in the seed material"),
        ),
        "The pilot counted every agency's spending, benefits and pensions included; the official outturn above "
        "counts local public bodies only, so the two totals measure different things. Total Place covered 63 "
        "local authorities and about £82 billion of public spending (" + PROGRAMME_SOURCE + ").",
    ),
}

EXAMPLES = (
    ("area-E10000034", "Worcestershire", "with what the 2009-10 Total Place pilot reported"),
    ("area-E10000020", "Norfolk", "the county council and its seven districts, from the official outturn alone"),
    ("ca-E47000007", "West Midlands", "a combined-authority area"),
)


def reported_count(place_id: str) -> ReportedCount | None:
    return REPORTED.get(place_id)
