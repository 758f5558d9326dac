"""The count's arithmetic: exact decimals, no database, no Django.

A place's local public spend is its councils' published figures plus, for every other body whose
area overlaps the place, that body's figures times the place's share of the body's population (an
apportionment). Each apportioned figure is rounded to the penny (£0.00001 thousand) line by line;
a part's value is the sum of its lines and the total is the sum of the parts, so the parts always add
up to the total exactly, to the penny, however they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

PENNY = Decimal("0.00001")  # £ thousand to the penny
POUND = Decimal("0.001")  # £ thousand to the pound (real terms: the deflator claims no more)

OFFICIAL, APPORTIONED, PARTNER = "official", "apportioned", "partner"
METHOD_LABELS = {
    OFFICIAL: "Official (published revenue outturn)",
    APPORTIONED: "Apportioned (official figure × population share)",
    PARTNER: "Partner-entered",
}


@dataclass(frozen=True)
class Part:
    name: str
    code: str  # GSS code or E-code of the body; "" for a partner agency
    kind: str  # council, police, fire, national_park, waste, transport, combined_authority, partner
    method: str  # official, apportioned or partner
    lines: Mapping  # service code (or partner theme) -> £ thousand
    source: str
    served_population: int | None = None  # the place's residents in the body's area
    body_population: int | None = None  # all residents of the body's area
    note: str = ""

    @property
    def value_thousands(self) -> Decimal:
        with localcontext() as ctx:
            ctx.prec = 50
            return sum(self.lines.values(), Decimal(0))

    @property
    def population_share(self) -> Decimal | None:
        if not self.served_population or not self.body_population:
            return None
        return Decimal(self.served_population) / Decimal(self.body_population)


@dataclass
class Count:
    parts: list = field(default_factory=list)
    population: int | None = None

    @property
    def total_thousands(self) -> Decimal:
        with localcontext() as ctx:
            ctx.prec = 50
            return sum((p.value_thousands for p in self.parts), Decimal(0))

    def share(self, part: Part) -> Decimal:
        total = self.total_thousands
        return Decimal(0) if not total else part.value_thousands / total

    def by_kind(self) -> dict:
        totals: dict = {}
        with localcontext() as ctx:
            ctx.prec = 50
            for part in self.parts:
                totals[part.kind] = totals.get(part.kind, Decimal(0)) + part.value_thousands
        return totals

    def by_line(self) -> dict:
        totals: dict = {}
        with localcontext() as ctx:
            ctx.prec = 50
            for part in self.parts:
                for code, value in part.lines.items():
                    totals[code] = totals.get(code, Decimal(0)) + value
        return totals

    def through_councils(self) -> Decimal:
        return self.by_kind().get("council", Decimal(0))

    def per_head(self) -> Decimal | None:
        if not self.population:
            return None
        return (self.total_thousands * 1000 / Decimal(self.population)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def apportion(value: Decimal, served: int, of: int) -> Decimal:
    """``value`` × served ÷ of, to the penny (half up)."""
    if of <= 0:
        raise ValueError("a body's area needs a population to apportion its spend")
    with localcontext() as ctx:
        ctx.prec = 50
        return (Decimal(value) * Decimal(served) / Decimal(of)).quantize(PENNY, ROUND_HALF_UP)


def apportioned_lines(lines: Mapping, served: int, of: int) -> dict:
    return {code: apportion(value, served, of) for code, value in lines.items() if value is not None}


def served_population(body_units: Mapping, place_units: Mapping) -> int:
    """Residents of the place who live in the body's area: units (district or single-tier councils)
    in both, each counted once."""
    return sum(int(body_units[u]) for u in set(body_units) & set(place_units))


def in_prices(count: Count, factor: Decimal) -> Count:
    """Every line × ``factor`` (real terms), to the pound; parts and total still add up exactly."""
    with localcontext() as ctx:
        ctx.prec = 50
        parts = [
            Part(
                p.name,
                p.code,
                p.kind,
                p.method,
                {c: (v * factor).quantize(POUND, ROUND_HALF_UP) for c, v in p.lines.items()},
                p.source,
                p.served_population,
                p.body_population,
                p.note,
            )
            for p in count.parts
        ]
    return Count(parts, count.population)


def summary_sentence(count: Count, place_name: str) -> str:
    """'Councils account for 23% of £4.4bn of local public spending in Worcestershire …'."""
    total = count.total_thousands
    if not total:
        return f"No local public spending is recorded for {place_name}."
    councils = count.through_councils()
    percent = (councils * 100 / total).quantize(Decimal("1"), ROUND_HALF_UP)
    return (
        f"Councils account for {percent}% of {money(total)} counted in {place_name}; "
        f"the other {100 - int(percent)}% is spent by the other bodies serving the place."
    )


def money(thousands: Decimal) -> str:
    """£ thousand as words a reader scans: £4.4bn, £310.2m, £950k."""
    pounds = Decimal(thousands) * 1000
    if abs(pounds) >= Decimal("1e9"):
        return f"£{(pounds / Decimal('1e9')).quantize(Decimal('0.1'), ROUND_HALF_UP)}bn"
    if abs(pounds) >= Decimal("1e6"):
        return f"£{(pounds / Decimal('1e6')).quantize(Decimal('0.1'), ROUND_HALF_UP)}m"
    return f"£{(pounds / 1000).quantize(Decimal('1'), ROUND_HALF_UP)}k"


def sort_parts(parts: Iterable[Part]) -> list:
    """Councils first, then the other bodies, then partners' figures; largest first within each."""

    def key(p):
        return (0 if p.kind == "council" else 2 if p.method == PARTNER else 1, -p.value_thousands, p.name)

    return sorted(parts, key=key)
