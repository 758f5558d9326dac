"""Comparisons of one council with its group, computed from one year's figures in memory
(benchmarks.store): a service, the council profile, the trend over the years, place totals for a
two-tier area and savings nationally. The statistics themselves are in benchmarks/analysis.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from . import analysis, reorganisations
from .grouping import Group, GroupError, build_group, members_by
from .models import ReturnStatus

# DEFINITION_BREAKS: service -> {start year: what changed}.
from .ro import DEFINITION_BREAKS
from .store import (
    NoDeflator,
    ServiceInfo,
    YearDataset,
    available_years,
    councils_frame,
    derived,
    service_by_code,
    services,
    year_dataset,
)

SINGLE_TIER_TYPES = {"UA", "MD", "LBO", "CC"}
ADULT_SOCIAL_CARE = "360"


# --- statistics for one council ------------------------------------------------------------------


@dataclass
class ServiceComparison:
    service: ServiceInfo
    delivers: bool
    submitted: bool
    value_thousands: Decimal | None
    per_head: float | None
    stats: analysis.GroupStatistics | None
    position: analysis.Position | None
    sentence: str
    savings: float | None
    excluded: list  # ids of members excluded because they do not deliver the service
    not_submitted: list  # ids of members that made no return


@dataclass(frozen=True)
class GroupServiceStats:
    stats: analysis.GroupStatistics
    excluded: list
    not_submitted: list


def _stats_key(dataset: YearDataset, members: tuple, code: str | None) -> tuple:
    return (
        "groupstats",
        dataset.version,
        dataset.year.start_year,
        dataset.measure,
        dataset.prices,
        hash(members),
        len(members),
        code,
    )


def _stats_builder(dataset: YearDataset, members: tuple):
    """A function code -> GroupServiceStats over ``members``, sharing the row lookup between services."""
    rows = np.array([dataset.position[a] for a in members], dtype=int)
    ids = np.array(members, dtype=object)
    ns = dataset.not_submitted[rows] if len(rows) else np.zeros(0, dtype=bool)
    not_submitted = list(ids[ns])

    def build(code: str) -> GroupServiceStats:
        per_head = dataset.comparable[code][rows] if len(rows) else np.zeros(0)
        present = ~np.isnan(per_head)
        values = dict(zip(ids[present].tolist(), per_head[present].tolist(), strict=True))
        values.update(dict.fromkeys(not_submitted))
        excluded = list(ids[~present & ~ns])
        return GroupServiceStats(analysis.group_statistics(values), excluded, not_submitted)

    return build


def group_service_stats(dataset: YearDataset, member_ids: list) -> dict:
    """Statistics of every service over a group, computed once per year, measure and membership."""
    members = tuple(member_ids)

    def build():
        one = _stats_builder(dataset, members)
        return {code: one(code) for code in dataset.service_codes}

    return derived.get_or_build(_stats_key(dataset, members, None), build)


def service_stats(dataset: YearDataset, member_ids: list, code: str) -> GroupServiceStats:
    """One service's statistics over a group: taken from every service's (group_service_stats) when a
    page has already computed them, else computed for this service alone (a trend needs one line in
    every year, not every line). The same figures either way: one function computes both."""
    members = tuple(member_ids)
    every = derived.peek(_stats_key(dataset, members, None))
    if every is not None:
        return every[code]
    return derived.get_or_build(_stats_key(dataset, members, code), lambda: _stats_builder(dataset, members)(code))


def compare_service(dataset: YearDataset, group: Group, authority_id: int, service: ServiceInfo) -> ServiceComparison:
    code = service.code
    computed = service_stats(dataset, group.member_ids, code)
    stats = computed.stats
    record = dataset.records[authority_id]
    submitted = record["status"] == ReturnStatus.SUBMITTED
    published = dataset.published.get((authority_id, code))
    row = dataset.position[authority_id]
    delivers = bool(submitted and dataset.comparable[code + ":delivers"][row])
    my_per_head = stats.values.get(authority_id) if delivers else None
    if authority_id in stats.values or not submitted:
        position = analysis.position_in_group(stats, authority_id)
    elif delivers and not math.isnan(dataset.comparable[code][row]):
        # A council shown beside a group it is not a member of: place its value among the group's.
        my_per_head = float(dataset.comparable[code][row])
        position = (
            analysis.position_of_value(stats, my_per_head)
            if stats.n
            else analysis.Position(None, None, 0, 0, None, None, None, analysis.NOTE_NOT_IN_GROUP)
        )
    else:
        position = analysis.Position(None, None, 0, stats.n, None, None, None, analysis.NOTE_NOT_IN_GROUP)
    text = analysis.sentence(service.name, record["name"], position, stats, group.label)
    savings = None
    if my_per_head is not None and stats.median is not None and stats.n >= analysis.MIN_GROUP_SIZE:
        savings = analysis.savings_opportunity(my_per_head, stats.median, record["population"])
    return ServiceComparison(
        service,
        delivers,
        bool(submitted),
        published,
        my_per_head,
        stats,
        position,
        text,
        savings,
        computed.excluded,
        computed.not_submitted,
    )


@dataclass
class Profile:
    authority: dict
    authority_id: int
    dataset: YearDataset
    group: Group
    rows: list
    population: float | None
    population_year: int | None
    source: dict | None
    total_savings: float
    not_submitted_names: list
    population_note: str = ""  # "£ per head uses the ONS mid-2013 population"
    population_warning: str = ""  # "population estimate is 3 years from this year", when flagged


def council_profile(dataset: YearDataset, authority_id: int, group: Group) -> Profile:
    group_service_stats(dataset, group.member_ids)  # every line's statistics at once, for compare_service
    rows = [
        compare_service(dataset, group, authority_id, s)
        for s in services(dataset.version)
        if s.code in dataset.service_codes
    ]
    total_savings = sum(r.savings or 0.0 for r in rows if not r.service.is_total)
    records = dataset.records
    not_submitted = [
        records[aid]["name"] for aid in group.member_ids if records[aid]["status"] == ReturnStatus.NOT_SUBMITTED
    ]
    me = records[authority_id]
    source_id = me["source_id"]
    return Profile(
        authority=me,
        authority_id=authority_id,
        dataset=dataset,
        group=group,
        rows=rows,
        population=me["population"],
        population_year=me["population_year"],
        source=dataset.sources.get(int(source_id)) if not pd.isna(source_id) else None,
        total_savings=total_savings,
        not_submitted_names=sorted(not_submitted),
        population_note=population_note(me),
        population_warning=analysis.population_gap_text(me.get("population_gap")),
    )


def population_note(record: dict) -> str:
    """'£ per head uses the ONS mid-2013 population' for one council's record in a YearDataset."""
    return "£ per head uses " + analysis.population_source_label(
        record.get("population_source", ""), record.get("population_year")
    )


def trend(
    authority_id: int,
    service_code: str,
    group_key: str,
    measure: str,
    version: str,
    weights: dict | None = None,
    fixed_member_ids: list | None = None,
    prices: str = "cash",
) -> list[dict]:
    """The council's per-head figure and its group's median and quartiles in every year with data,
    each with the mid-year of the population it divides by (and a warning when that is far off)."""
    points = []
    breaks = DEFINITION_BREAKS.get(service_code, {})
    for year in available_years(version):
        service = service_by_code(service_code, version)
        point = {
            "year": year,
            "value": None,
            "median": None,
            "q1": None,
            "q3": None,
            "n": 0,
            "break": breaks.get(year.start_year, ""),
            "note": "",
            "combined": False,  # True: the figure is the predecessor councils' combined (reorganisations.py)
            "population_year": None,
            "population_warning": "",
        }
        if service is None or not service.applies_to(year):
            point["note"] = "Not published as a separate line this year"
            points.append(point)
            continue
        try:
            dataset = year_dataset(year, measure, version, prices)
        except NoDeflator:
            point["note"] = "No GDP deflator for this year, so no real-terms figure"
            points.append(point)
            continue
        if authority_id not in dataset.councils.index:
            combined = predecessor_trend_point(dataset, authority_id, service, group_key, fixed_member_ids)
            point.update(combined or {"note": "No return for this council this year"})
            points.append(point)
            continue
        me = dataset.records[authority_id]
        point["population_year"] = me["population_year"]
        point["population_warning"] = analysis.population_gap_text(me["population_gap"])
        if fixed_member_ids is not None:
            ids = [i for i in fixed_member_ids if i in dataset.councils.index]
            group = Group("fixed", group_key, "", ids)
        else:
            try:
                group = build_group(dataset, authority_id, group_key, weights, version)
            except GroupError:
                points.append(point)
                continue
        comparison = compare_service(dataset, group, authority_id, service)
        point.update(
            value=comparison.per_head,
            median=comparison.stats.median,
            q1=comparison.stats.q1,
            q3=comparison.stats.q3,
            n=comparison.stats.n,
        )
        if not comparison.submitted:
            point["note"] = "Not submitted"
        points.append(point)
    return points


def _absent_group(dataset, authority_id: int, group_key: str, fixed_member_ids) -> list:
    """The group a council would be in this year, though it has no return (it is never a member)."""
    if fixed_member_ids is not None:
        return [i for i in fixed_member_ids if i in dataset.records]
    me = councils_frame(dataset.version).loc[authority_id]
    if group_key == "type":
        return members_by(dataset, "type").get(me["type_group"], [])
    if group_key == "region":
        return members_by(dataset, "region").get((me["type_group"], me["region"]), [])
    if group_key == "england":
        return list(dataset.records)
    return []


def predecessor_trend_point(dataset, authority_id: int, service, group_key: str, fixed_member_ids=None) -> dict | None:
    """A trend point for a year before the council existed: its predecessors combined (marked) beside
    the statistics of the group it would be in, which never include the combined figure."""
    combined = reorganisations.combined_for_year(dataset, authority_id, service.code)
    if combined is None:
        return None
    ids = [i for i in _absent_group(dataset, authority_id, group_key, fixed_member_ids) if i != authority_id]
    stats = service_stats(dataset, ids, service.code).stats if ids else None
    return {
        "value": combined.per_head,
        "median": stats.median if stats else None,
        "q1": stats.q1 if stats else None,
        "q3": stats.q3 if stats else None,
        "n": stats.n if stats else 0,
        "combined": combined.per_head is not None,
        "note": combined.note,
    }


# --- place totals ----------------------------------------------------------------------------------


def place_total(dataset: YearDataset, county_id: int) -> dict:
    """County + its districts per service, per head of the county's population, against single-tier
    councils' per-head median."""
    councils = dataset.councils
    districts = [aid for aid in councils.index[councils["parent_id"] == county_id]]
    members = [county_id] + districts
    values = dataset.values.reindex(members)
    population = dataset.population.get(county_id)
    district_population = dataset.population.reindex(districts).sum(min_count=1) if districts else None
    not_submitted = [councils.at[a, "name"] for a in members if councils.at[a, "status"] == ReturnStatus.NOT_SUBMITTED]
    single = councils.index[
        councils["authority_type"].isin(SINGLE_TIER_TYPES) & (councils["status"] == ReturnStatus.SUBMITTED)
    ]
    rows = []
    for service in services(dataset.version):
        if service.code not in dataset.service_codes:
            continue
        county_value = values.at[county_id, service.code] if county_id in values.index else np.nan
        district_values = values.loc[districts, service.code] if districts else pd.Series(dtype=float)
        total = pd.concat([pd.Series([county_value]), district_values]).sum(min_count=1)
        place_per_head = analysis.per_head(total, population)
        single_per_head = dataset.per_head.reindex(single)[service.code].dropna()
        single_per_head = single_per_head[single_per_head != 0]
        stats = analysis.group_statistics(single_per_head.to_dict())
        position = analysis.position_of_value(stats, place_per_head) if place_per_head is not None and stats.n else None
        rows.append(
            {
                "service": service,
                "county": None if pd.isna(county_value) else float(county_value),
                "districts": None if district_values.dropna().empty else float(district_values.sum()),
                "total": None if pd.isna(total) else float(total),
                "per_head": place_per_head,
                "single_tier_median": stats.median,
                "single_tier_q1": stats.q1,
                "single_tier_q3": stats.q3,
                "single_tier_n": stats.n,
                "position": position,
            }
        )
    return {
        "county": councils.loc[county_id].to_dict(),
        "districts": [councils.loc[d].to_dict() | {"id": d} for d in districts],
        "population": population,
        "district_population": district_population,
        "population_year": dataset.records[county_id]["population_year"],
        "population_note": population_note(dataset.records[county_id]),
        "population_warning": analysis.population_gap_text(dataset.records[county_id]["population_gap"]),
        "rows": rows,
        "not_submitted": not_submitted,
    }


# --- savings nationally ----------------------------------------------------------------------------


def national_savings(dataset: YearDataset) -> dict:
    """Sum over all councils of spending above their same-type group's median per head, per service."""
    councils = dataset.councils
    by_service = {}
    for service in services(dataset.version):
        if service.code not in dataset.service_codes or service.is_total:
            continue
        total, councils_above = 0.0, 0
        for _type_group, ids in councils.groupby("type_group").groups.items():
            group = Group("type", "type", "", list(ids))
            group_service_stats(dataset, group.member_ids)  # every service at once, once per type group
            sample_id = group.member_ids[0]
            comparison = compare_service(dataset, group, sample_id, service)
            if comparison.stats.n < analysis.MIN_GROUP_SIZE:
                continue
            median = comparison.stats.median
            for aid, ph in comparison.stats.values.items():
                if ph > median:
                    pop = dataset.population.get(aid)
                    if pop is not None and not pd.isna(pop):
                        total += (ph - median) * float(pop)
                        councils_above += 1
        by_service[service.code] = {"service": service, "total": total, "councils_above": councils_above}
    return {"rows": list(by_service.values()), "total": sum(r["total"] for r in by_service.values())}
