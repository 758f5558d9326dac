"""The revenue outturn (RO) reference data: one definition, used by importers, pages, forms and seeding.

- `SERVICES`: the service lines we store, by stable key (the keys `190` … `699` and `330+360` are in
  the database and in URLs, so they never change), with names, sort order and the years they apply.
- `PUBLISHED_LINES`: which published line number *and label* mean which service in which years. A
  line's meaning is its label in that year, not its number: line 390 is combined social care up to
  2009-10 and public health from 2013-14, two services that are never one series.
- `MEASURES`: the RSX columns C1..C7.
- `DEFINITION_BREAKS`: every year in which a service's definition changed, in words a user
  understands, so pages can say "not comparable across this break".

Plain data and pure functions only (no Django imports), so importers, selectors, forms and tests can
all read it. Migrations keep their own frozen copy (see benchmarks/migrations/0003_seed_services.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceLine:
    key: str
    name: str
    short_name: str
    sort_order: int
    is_total: bool = False
    first_year: int | None = None  # start year of the first financial year the line is published
    last_year: int | None = None
    upper_tier: bool = False  # delivered by county, unitary, metropolitan and London councils only
    definition_notes: str = ""

    def applies_to(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


SOCIAL_CARE_SPLIT = (
    "Children's and adults' social care are published as separate lines from 2011-12; up to 2010-11 they are "
    "one combined social care line."
)

SERVICES: list[ServiceLine] = [
    ServiceLine(
        "190",
        "Education services",
        "Education",
        10,
        upper_tier=True,
        definition_notes="Includes schools funding passed straight through to schools, which dominates totals "
        "for education authorities.",
    ),
    ServiceLine(
        "290",
        "Highways and transport services",
        "Highways and transport",
        20,
        definition_notes="Published as 'Highways, roads and transport services' in 2007-08 and as 'Highways and "
        "transport services' from 2008-09.",
    ),
    ServiceLine(
        "330",
        "Children's social care",
        "Children's social care",
        30,
        first_year=2011,
        upper_tier=True,
        definition_notes=SOCIAL_CARE_SPLIT,
    ),
    ServiceLine(
        "360",
        "Adult social care",
        "Adult social care",
        40,
        first_year=2011,
        upper_tier=True,
        definition_notes=SOCIAL_CARE_SPLIT,
    ),
    ServiceLine(
        "330+360",
        "Social care (children's and adults' combined)",
        "Social care",
        45,
        first_year=2007,
        last_year=2010,
        upper_tier=True,
        definition_notes="One combined social care line, published as line 390 up to 2009-10 and without a line "
        "number in 2010-11. Not comparable with the separate children's (330) and adult (360) lines of later "
        "years, nor with line 390 from 2013-14, which is public health.",
    ),
    ServiceLine(
        "390",
        "Public health",
        "Public health",
        50,
        first_year=2013,
        upper_tier=True,
        definition_notes="A council service only from 2013-14, when public health moved from the NHS to councils. "
        "Line 390 meant combined social care up to 2009-10: a different service, stored separately.",
    ),
    ServiceLine("490", "Housing services (general fund)", "Housing (GFRA)", 60),
    ServiceLine("509", "Cultural and related services", "Cultural", 70),
    ServiceLine(
        "590",
        "Environmental and regulatory services",
        "Environmental and regulatory",
        80,
        definition_notes="Published as 'Environmental services' in 2007-08 and as 'Environmental and regulatory "
        "services' from 2008-09.",
    ),
    ServiceLine("599", "Planning and development services", "Planning and development", 90),
    ServiceLine("601", "Police services", "Police", 100),
    ServiceLine("602", "Fire and rescue services", "Fire and rescue", 110),
    ServiceLine(
        "603",
        "Court services",
        "Court services",
        115,
        first_year=2007,
        last_year=2008,
        definition_notes="A separate line only up to 2008-09; later forms have no court services line.",
    ),
    ServiceLine("690", "Central services", "Central services", 120),
    ServiceLine("698", "Other services", "Other", 130),
    ServiceLine(
        "699",
        "Total service expenditure",
        "Total",
        140,
        is_total=True,
        definition_notes="Total of lines 190 to 698 as published. Includes court services up to 2008-09 and public "
        "health from 2013-14.",
    ),
]
SERVICE_BY_KEY = {s.key: s for s in SERVICES}
SERVICE_KEYS = [s.key for s in SERVICES]
TOTAL_SERVICE = "699"
UPPER_TIER_SERVICES = frozenset(s.key for s in SERVICES if s.upper_tier)


@dataclass(frozen=True)
class PublishedLine:
    """A line as the publisher prints it: number and label, in a range of years, meaning one service."""

    line: str
    labels: tuple[str, ...]  # as published; compared after `normalise_label`
    service: str
    first_year: int | None = None
    last_year: int | None = None

    def applies_to(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


PUBLISHED_LINES: list[PublishedLine] = [
    PublishedLine("190", ("Education services",), "190"),
    PublishedLine("290", ("Highways, roads and transport services",), "290", last_year=2007),
    PublishedLine("290", ("Highways and transport services",), "290", first_year=2008),
    # 2010-11 publishes "Social care" without line numbers; earlier years number it 390.
    PublishedLine("390", ("Social care",), "330+360", last_year=2010),
    PublishedLine("330", ("Children Social Care", "Children's social care", "Childrens social care"), "330", 2011),
    PublishedLine("360", ("Adult Social Care", "Adults' social care", "Adults social care"), "360", 2011),
    PublishedLine("390", ("Public health",), "390", first_year=2013),
    PublishedLine("490", ("Housing services (GFRA only)", "Housing services"), "490"),
    PublishedLine("509", ("Cultural and related services",), "509"),
    PublishedLine("590", ("Environmental services",), "590", last_year=2007),
    PublishedLine("590", ("Environmental and regulatory services",), "590", first_year=2008),
    PublishedLine("599", ("Planning and development services",), "599"),
    PublishedLine("601", ("Police services",), "601"),
    PublishedLine("602", ("Fire and rescue services",), "602"),
    PublishedLine("603", ("Court services",), "603", last_year=2008),
    PublishedLine("690", ("Central services",), "690"),
    PublishedLine("698", ("Other services",), "698"),
    PublishedLine("699", ("Total service expenditure",), "699"),
]
KNOWN_LINE_NUMBERS = frozenset(p.line for p in PUBLISHED_LINES)

_PARENTHESES = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise_label(text: str) -> str:
    """'TOTAL SERVICE EXPENDITURE (total of lines 190 to 698)' -> 'total service expenditure'.

    Case, punctuation, apostrophes, '&' and bracketed remarks vary between years; the words do not.
    """
    text = _PARENTHESES.sub(" ", str(text).lower()).replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


_BY_LABEL: dict[str, list[PublishedLine]] = {}
for _published in PUBLISHED_LINES:
    for _label in _published.labels:
        _BY_LABEL.setdefault(normalise_label(_label), []).append(_published)


def service_for(year: int, *, line: str | None = None, label: str | None = None) -> str | None:
    """The service key a published column means in `year`: by its label when it has one, else its number.

    Returns None when the label (or, without a label, the number) means nothing we store that year.
    """
    if label:
        found = [p for p in _BY_LABEL.get(normalise_label(label), []) if p.applies_to(year)]
        return found[0].service if found else None
    if line:
        found = [p for p in PUBLISHED_LINES if p.line == str(line) and p.applies_to(year)]
        return found[0].service if found else None
    return None


def published_line_for(year: int, service: str) -> str | None:
    """The line number under which `service` is published in `year` (None if it is not, or has none)."""
    return next((p.line for p in PUBLISHED_LINES if p.service == service and p.applies_to(year)), None)


# RSX columns: the RO form's column number -> measure key (benchmarks.models.Measure values).
MEASURES: dict[int, str] = {
    1: "employees",
    2: "running_expenses",
    3: "total_expenditure",
    4: "sales_fees_charges",
    5: "other_income",
    6: "total_income",
    7: "net_current_expenditure",
}
MEASURE_LABELS: dict[str, str] = {
    "employees": "Employees",
    "running_expenses": "Running expenses",
    "total_expenditure": "Total expenditure",
    "sales_fees_charges": "Sales, fees and charges",
    "other_income": "Other income",
    "total_income": "Total income",
    "net_current_expenditure": "Net current expenditure",
}
NET_CURRENT_EXPENDITURE = "net_current_expenditure"
# The RSX form's service lines (2021-22 onwards): every current service except the combined and retired ones.
RSX_SERVICE_KEYS = [s.key for s in SERVICES if s.last_year is None]


@dataclass(frozen=True)
class DefinitionBreak:
    service: str
    first_year: int  # start year of the first financial year under the new definition
    change: str


DEFINITION_BREAK_LIST: list[DefinitionBreak] = [
    DefinitionBreak(
        "290",
        2008,
        "From 2008-09 the line is 'Highways and transport services'; 2007-08 published 'Highways, roads and "
        "transport services'. Figures either side may not cover the same activities.",
    ),
    DefinitionBreak(
        "590",
        2008,
        "From 2008-09 the line is 'Environmental and regulatory services'; 2007-08 published 'Environmental "
        "services'. Figures either side may not cover the same activities.",
    ),
    DefinitionBreak(
        "330", 2011, "Children's social care published separately from 2011-12 (one combined line before)."
    ),
    DefinitionBreak("360", 2011, "Adult social care published separately from 2011-12 (one combined line before)."),
    DefinitionBreak(
        "330+360",
        2011,
        "From 2011-12 social care is split into children's (330) and adult (360) lines; the combined line ends "
        "in 2010-11.",
    ),
    # Line 390's earlier meaning (combined social care to 2009-10) is service 330+360: see its notes.
    DefinitionBreak("390", 2013, "Public health became a council service in 2013-14"),
    DefinitionBreak("603", 2009, "No separate court services line from 2009-10."),
    DefinitionBreak("699", 2009, "From 2009-10 the total no longer includes a court services line."),
    DefinitionBreak("699", 2013, "From 2013-14 the total includes public health, newly a council service."),
]


def definition_breaks() -> dict[str, dict[int, str]]:
    """{service key: {first year of the new definition: what changed}} for pages and charts."""
    breaks: dict[str, dict[int, str]] = {}
    for b in DEFINITION_BREAK_LIST:
        breaks.setdefault(b.service, {})[b.first_year] = b.change
    return breaks


DEFINITION_BREAKS = definition_breaks()


def comparable(service: str, year_a: int, year_b: int) -> bool:
    """False when a definition break of `service` falls between the two years (or either is out of range)."""
    line = SERVICE_BY_KEY.get(service)
    if line is None or not (line.applies_to(year_a) and line.applies_to(year_b)):
        return False
    low, high = sorted((year_a, year_b))
    return not any(low < year <= high for year in DEFINITION_BREAKS.get(service, {}))
