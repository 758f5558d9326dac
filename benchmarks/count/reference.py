"""Which councils each local public body serves: the committed reference table, with its sources.

`reference/bodies.csv` has one row per (body, member area): the body's MHCLG E-code (as in the
revenue outturn files), its kind, the GSS code and name of a member area (a county, unitary,
metropolitan district or London borough, December 2023 boundaries) and where that fact comes from.
A county member stands for the county council and its districts. Plain data and pure functions only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_FILE = Path(__file__).with_name("reference") / "bodies.csv"

# The kinds of part a count can have (the API's `kind`), with the words pages use.
KIND_LABELS = {
    "council": "Councils",
    "police": "Police",
    "fire": "Fire and rescue",
    "national_park": "National parks",
    "waste": "Waste disposal",
    "transport": "Transport",
    "combined_authority": "Combined and strategic authorities",
    "partner": "Partner agencies",
}

# MHCLG's detailed class of a class "O" body -> kind, for bodies the table does not list.
KIND_BY_DETAILED_CLASS = {
    "P": "police",
    "FR": "fire",
    "NPA": "national_park",
    "WA": "waste",
    "CA": "combined_authority",
    "GLA": "combined_authority",
    "ITA": "transport",
    "PTA": "transport",
}


@dataclass(frozen=True)
class BodyArea:
    ecode: str
    kind: str
    members: tuple  # GSS codes of member areas
    member_names: tuple
    sources: tuple  # distinct sources of the membership facts


def read_reference(path: Path = REFERENCE_FILE) -> dict[str, BodyArea]:
    rows: dict[str, list[dict]] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["body_ecode"], []).append(row)
    areas = {}
    for ecode, members in rows.items():
        kinds = {m["kind"] for m in members}
        if len(kinds) != 1 or not kinds <= set(KIND_LABELS):
            raise ValueError(f"{path.name}: body {ecode} has kinds {sorted(kinds)}; each body needs one known kind")
        areas[ecode] = BodyArea(
            ecode,
            kinds.pop(),
            tuple(m["member_gss"] for m in members),
            tuple(m["member_name"] for m in members),
            tuple(dict.fromkeys(m["source"] for m in members)),
        )
    return areas


@cache
def body_areas() -> dict[str, BodyArea]:
    return read_reference()


def kind_of(ecode: str, detailed_class: str) -> str:
    area = body_areas().get(ecode)
    if area is not None:
        return area.kind
    return KIND_BY_DETAILED_CLASS.get((detailed_class or "").upper(), "combined_authority")
