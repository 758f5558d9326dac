"""The CSV and Excel downloads of the comparison pages. Each download is one table definition: its
columns, each with its header text and the function that gives its value for a row, so a header
can never drift from its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from cop.core.exports import csv_response, xlsx_response

from .presenters import rounded

LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)."
)
ATTRIBUTION = (
    "Ministry of Housing, Communities and Local Government, local authority revenue expenditure and "
    "financing (revenue outturn); Office for National Statistics, mid-year population estimates. "
    "Compiled by Place Exchange."
)


def file_name(*parts) -> str:
    """A download's name that says what it holds, e.g. worcestershire-2022-23-county-councils-net-current-
    expenditure (lower case, hyphens, at most 150 characters)."""
    words = "-".join(slugify(str(p)) for p in parts if p not in (None, ""))
    return words[:150].strip("-") or "download"


def about_rows(
    *, title: str, sources, population_years, prices_text: str, permalink: str, extra=()
) -> list[tuple[str, str]]:
    """The "About this data" sheet: what the figures are, every source file with the publisher's date,
    the population years, the prices basis, the licence and attribution, and the permanent link.
    ``sources``: the store's import runs ({"file_name", "publisher_last_updated", "sha256"})."""
    rows = [("Title", title), *extra]
    for source in sorted(sources, key=lambda s: s["file_name"]):
        updated = source.get("publisher_last_updated")
        date = f", last updated by the publisher {updated:%d %B %Y}" if updated else ""
        sha = f", SHA-256 {source['sha256']}" if source.get("sha256") else ""
        rows.append(("Source file", f"{source['file_name']}{date}{sha}"))
    years = sorted({int(y) for y in population_years if y is not None and y == y})
    rows.append(
        (
            "Population years",
            "£ per head divides by ONS mid-year population estimates for mid-" + ", mid-".join(map(str, years))
            if years
            else "No population estimate used",
        )
    )
    rows += [("Prices", prices_text), ("Licence", LICENCE), ("Attribution", ATTRIBUTION), ("Permanent link", permalink)]
    return rows


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any, Any], Any]  # (row, context) -> the cell
    money: bool = False  # a £ figure: in real terms its header says so, and in which year's prices


@dataclass(frozen=True)
class Download:
    sheet: str
    columns: tuple[Column, ...]

    def header(self, prices=None) -> list[str]:
        """prices: the PriceSeries when the figures are in real terms, else None (cash)."""
        if prices is None:
            return [c.header for c in self.columns]
        suffix = f"real terms in {prices.base_year.label} prices, GDP deflator"
        return [f"{c.header.replace(' (as published)', '')} ({suffix})" if c.money else c.header for c in self.columns]

    def rows(self, items: Iterable, context=None) -> list[list]:
        return [[c.value(item, context) for c in self.columns] for item in items]

    def response(self, fmt: str, filename: str, items: Iterable, context=None, prices=None, about=()):
        """A CSV (UTF-8 with a byte order mark, one header row) or an XLSX file (typed number cells, and
        an "About this data" sheet from ``about``: see :func:`about_rows`)."""
        header, rows = self.header(prices), self.rows(items, context)
        if fmt == "xlsx":
            return xlsx_response(f"{filename}.xlsx", header, rows, sheet_title=self.sheet, about=about)
        return csv_response(f"{filename}.csv", header, rows, bom=True)


def _rank(position) -> int | None:
    """The rank as a number (1 = highest); ties share the rank. The wording is in "Rank (text)"."""
    return position.rank if position else None


def _rank_text(position) -> str:
    return position.rank_text if position else ""


# A row of the council profile (comparison.ServiceComparison); context: {"comparison": views.Comparison,
# "profile": comparison.Profile, "measure": its label, "source": the source file name}.
PROFILE = Download(
    "Profile",
    (
        Column("Council", lambda r, c: c["comparison"].authority.name),
        Column("GSS code", lambda r, c: c["comparison"].authority.gss_code),
        Column("Year", lambda r, c: c["comparison"].year.label),
        Column("Comparison group", lambda r, c: c["comparison"].group.label),
        Column("Service code", lambda r, c: r.service.code),
        Column("Service", lambda r, c: r.service.name),
        Column("Measure", lambda r, c: c["measure"]),
        Column("£ thousand (as published)", lambda r, c: r.value_thousands if r.submitted else "not submitted", True),
        Column("£ per head", lambda r, c: rounded(r.per_head), True),
        Column("Population", lambda r, c: c["profile"].population),
        Column("Population year", lambda r, c: c["profile"].population_year),
        Column("Population note", lambda r, c: c["profile"].population_warning),
        Column("Group size", lambda r, c: r.stats.n),
        Column("Median £ per head", lambda r, c: rounded(r.stats.median), True),
        Column("Lower quartile", lambda r, c: rounded(r.stats.q1), True),
        Column("Upper quartile", lambda r, c: rounded(r.stats.q3), True),
        Column("Rank", lambda r, c: _rank(r.position)),
        Column("Rank (text)", lambda r, c: _rank_text(r.position)),
        Column("Percentile", lambda r, c: rounded(r.position.percentile) if r.position else None),
        Column("MADs from median", lambda r, c: rounded(r.position.mads_from_median) if r.position else None),
        Column("Considered different", lambda r, c: r.position.considered_different if r.position else None),
        Column("Savings at median (£)", lambda r, c: rounded(r.savings), True),
        Column("Source file", lambda r, c: c["source"]),
    ),
)

# A member row of a service page (presenters.group_members).
MEMBERS = Download(
    "Members",
    (
        Column("Council", lambda m, c: m["name"]),
        Column("GSS code", lambda m, c: m["gss_code"]),
        Column("Type", lambda m, c: m["type"]),
        Column("Status", lambda m, c: m["status"]),
        Column("£ thousand (as published)", lambda m, c: m["value_thousands"], True),
        Column("£ per head", lambda m, c: rounded(m["per_head"]), True),
        Column("Population", lambda m, c: m["population"]),
        Column("Population year", lambda m, c: m["population_year"]),
        Column("Population note", lambda m, c: m["population_warning"]),
        Column("Rank", lambda m, c: _rank(m["position"])),
        Column("Rank (text)", lambda m, c: _rank_text(m["position"])),
        Column("MADs from median", lambda m, c: rounded(m["position"].mads_from_median) if m["position"] else None),
        Column("Considered different", lambda m, c: m["position"].considered_different if m["position"] else None),
    ),
)

# A point of comparison.trend.
TREND = Download(
    "Trend",
    (
        Column("Year", lambda p, c: p["year"].label),
        Column("Council £ per head", lambda p, c: rounded(p["value"]), True),
        Column("Group median", lambda p, c: rounded(p["median"]), True),
        Column("Lower quartile", lambda p, c: rounded(p["q1"]), True),
        Column("Upper quartile", lambda p, c: rounded(p["q3"]), True),
        Column("Group size", lambda p, c: p["n"]),
        Column("Definition change", lambda p, c: p["break"]),
        Column("Note", lambda p, c: p["note"]),
        Column("Predecessor councils combined", lambda p, c: "yes" if p.get("combined") else ""),
        Column("Population year", lambda p, c: p["population_year"]),
        Column("Population note", lambda p, c: p["population_warning"]),
    ),
)

# A row of comparison.place_total; context: the place_total result.
PLACE = Download(
    "Place totals",
    (
        Column("Service code", lambda r, c: r["service"].code),
        Column("Service", lambda r, c: r["service"].name),
        Column("County £ thousand", lambda r, c: r["county"], True),
        Column("Districts £ thousand", lambda r, c: r["districts"], True),
        Column("Place total £ thousand", lambda r, c: r["total"], True),
        Column("Place £ per head", lambda r, c: rounded(r["per_head"]), True),
        Column("Single-tier median £ per head", lambda r, c: rounded(r["single_tier_median"]), True),
        Column("Lower quartile", lambda r, c: rounded(r["single_tier_q1"]), True),
        Column("Upper quartile", lambda r, c: rounded(r["single_tier_q3"]), True),
        Column("Single-tier councils", lambda r, c: r["single_tier_n"]),
        Column("Rank among single-tier councils", lambda r, c: _rank(r["position"])),
        Column("Rank among single-tier councils (text)", lambda r, c: _rank_text(r["position"])),
        Column("Population year", lambda r, c: c["population_year"]),
        Column("Population note", lambda r, c: c["population_warning"]),
    ),
)

# A row of comparison.national_savings (always in cash).
SAVINGS = Download(
    "Savings",
    (
        Column("Service code", lambda r, c: r["service"].code),
        Column("Service", lambda r, c: r["service"].name),
        Column("Savings at same-type median (£)", lambda r, c: round(r["total"]), True),
        Column("Councils above their median", lambda r, c: r["councils_above"]),
    ),
)
