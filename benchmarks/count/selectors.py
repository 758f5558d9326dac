"""Reads for the count: places, a year's figures for every council and other body, and a place's count.

A year's figures are read from the database once per data version and kept in memory (the store's
frames, like every benchmarking page); a place's count is then exact decimal arithmetic
(`arithmetic.py`) over those figures, and the comparison with places of the same kind is numpy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from benchmarks import analysis, store
from benchmarks.groups.models import ComparisonGroup
from benchmarks.models import Authority, ImportRun, Measure, OutturnReturn, OutturnValue, ReturnStatus
from benchmarks.years import FinancialYear

from . import arithmetic
from .arithmetic import APPORTIONED, OFFICIAL, Count, Part
from .models import CountStatus, PartnerCount
from .reference import body_areas, kind_of

UNIT_TYPES = {"NMD", "UA", "MD", "LBO", "CC"}  # councils that together cover England once, in any year
SINGLE_TIER = {"UA", "MD", "LBO", "CC"}
NCE = Measure.NET_CURRENT_EXPENDITURE
PLACE_KINDS = {
    "upper_tier": "Upper-tier area (a county with its districts, or a unitary council)",
    "combined_authority": "Combined-authority area",
    "custom": "Saved group of councils",
}
PARTNER_PREFIX = "partner:"  # line keys of partners' figures are their themes
PLACE_ID = re.compile(r"^(area|ca|group)-([A-Za-z0-9-]{1,40})$")


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    code: str = ""
    member_codes: tuple = ()  # custom groups: the GSS codes of their councils

    @property
    def kind_label(self) -> str:
        return PLACE_KINDS[self.kind]


class PlaceNotFound(LookupError):
    pass


# --- places ---------------------------------------------------------------------------------------


def _current_areas() -> list[Place]:
    frame = store.councils_frame()
    rows = frame[frame["current"] & frame["gss_code"].notna() & frame["authority_type"].isin(SINGLE_TIER | {"CTY"})]
    return [
        Place(f"area-{r.gss_code}", r.name, "upper_tier", r.gss_code) for r in rows.sort_values("name").itertuples()
    ]


def _combined_areas() -> list[Place]:
    ecodes = [a.ecode for a in body_areas().values() if a.kind == "combined_authority"]
    bodies = Authority.objects.filter(ecode__in=ecodes, gss_code__isnull=False, end_date__isnull=True)
    return [Place(f"ca-{b.gss_code}", b.name, "combined_authority", b.gss_code) for b in bodies.order_by("name")]


def list_places(query: str = "") -> list[Place]:
    """Every upper-tier area and combined-authority area, and the featured saved groups."""
    places = _current_areas() + _combined_areas()
    places += [
        Place(f"group-{g.token}", g.name, "custom", str(g.token))
        for g in ComparisonGroup.objects.filter(is_featured=True).order_by("name")
    ]
    text = (query or "").replace("\x00", "").strip().lower()[:100]
    if text:
        places = [p for p in places if all(w in p.name.lower() or w == p.code.lower() for w in text.split())]
    return places


def get_place(place_id: str) -> Place:
    match = PLACE_ID.match(place_id or "")
    if not match:
        raise PlaceNotFound(place_id)
    prefix, code = match.groups()
    if prefix == "group":
        group = ComparisonGroup.objects.filter(token=code).prefetch_related("members").first() if _uuid(code) else None
        if group is None:
            raise PlaceNotFound(place_id)
        codes = tuple(sorted(m.gss_code for m in group.members.all() if m.gss_code))
        return Place(place_id, group.name, "custom", str(group.token), codes)
    authority = Authority.objects.filter(gss_code=code).first()
    if authority is None:
        raise PlaceNotFound(place_id)
    if prefix == "area" and authority.authority_type in SINGLE_TIER | {"CTY"}:
        return Place(place_id, authority.name, "upper_tier", code)
    if (
        prefix == "ca"
        and authority.authority_type == "O"
        and kind_of(authority.ecode, authority.ro_detailed_class) == "combined_authority"
    ):
        return Place(place_id, authority.name, "combined_authority", code)
    raise PlaceNotFound(place_id)


def _uuid(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", text))


# --- one year of figures --------------------------------------------------------------------------


@dataclass
class CountYear:
    year: FinancialYear
    info: dict  # authority id -> {name, gss, ecode, type, parent, detailed, status, split}
    lines: dict  # authority id -> {service code: Decimal}, submitted returns only
    units: set  # lower and single-tier councils with a return this year
    population: dict  # unit id -> int
    population_years: dict  # unit id -> (mid-year, source)
    by_gss: dict  # GSS code -> authority id (any with a return this year, or not)
    predecessors: dict  # authority id -> set of predecessor ids (all generations)
    districts: dict  # county id -> district ids with a return this year
    source: dict  # {"file_name", "publisher_last_updated"}
    service_names: dict  # code -> name
    body_units: dict = field(default_factory=dict)  # body id -> {unit id: population}
    unmapped: list = field(default_factory=list)  # other bodies with figures but no reference row
    matrix: dict = field(default_factory=dict)  # numpy views for comparisons (built on demand)


def count_year(year: FinancialYear, version: str | None = None) -> CountYear:
    version = version or store.data_version()
    return store.frames.get_or_build(("count-year", version, year.start_year), lambda: _build_year(version, year))


def _authority_info(year: FinancialYear) -> dict:
    returns = dict(OutturnReturn.objects.filter(year=year).values_list("authority_id", "status"))
    info = {}
    fields = ("id", "name", "gss_code", "ecode", "authority_type", "parent_id", "ro_detailed_class")
    for row in Authority.objects.values(*fields):
        row["status"] = returns.get(row["id"])
        info[row["id"]] = row
    return info


def _predecessors() -> tuple[dict, dict]:
    direct: dict = {}
    successor_count: dict = {}
    for old, new in Authority.successors.through.objects.values_list("from_authority_id", "to_authority_id"):
        direct.setdefault(new, set()).add(old)
        successor_count[old] = successor_count.get(old, 0) + 1
    closed = {}
    for aid in direct:
        seen, todo = set(), list(direct[aid])
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(direct.get(p, ()))
        closed[aid] = seen
    return closed, successor_count


def _build_year(version: str, year: FinancialYear) -> CountYear:
    info = _authority_info(year)
    services = {s.id: s for s in store.services(version) if s.applies_to(year) and not s.is_total}
    lines: dict = {}
    rows = OutturnValue.objects.filter(year=year, measure=NCE, service_id__in=list(services)).values_list(
        "authority_id", "service_id", "value_thousands"
    )
    for aid, sid, value in rows:
        if value is not None and info[aid]["status"] == ReturnStatus.SUBMITTED:
            # To the penny: every figure in a count has the same precision, so parts add up exactly.
            lines.setdefault(aid, {})[services[sid].code] = value.quantize(arithmetic.PENNY)
    units = {aid for aid, row in info.items() if row["status"] and row["authority_type"] in UNIT_TYPES}
    pops = store.year_populations(version, year)
    population, population_years = {}, {}
    for aid in units:
        if aid in pops.index and not np.isnan(float(pops.at[aid, "population"])):
            population[aid] = int(pops.at[aid, "population"])
            population_years[aid] = (int(pops.at[aid, "mid_year"]), str(pops.at[aid, "source"]))
    predecessors, successor_count = _predecessors()
    for aid, row in info.items():
        row["split"] = successor_count.get(aid, 0) > 1
    districts: dict = {}
    for aid in units:
        parent = info[aid]["parent_id"]
        if parent is not None:
            districts.setdefault(parent, set()).add(aid)
    run_id = OutturnReturn.objects.filter(year=year).values_list("source_id", flat=True).first()
    run = ImportRun.objects.filter(pk=run_id).values("file_name", "publisher_last_updated").first() or {}
    data = CountYear(
        year,
        info,
        lines,
        units,
        population,
        population_years,
        {row["gss_code"]: aid for aid, row in info.items() if row["gss_code"]},
        predecessors,
        districts,
        run,
        {s.code: s.name for s in services.values()},
    )
    _resolve_bodies(data)
    return data


def area_councils(data: CountYear, gss: str, *, include_split: bool = False) -> set:
    """The councils with a return this year that make up the area of ``gss`` (an upper-tier area):
    itself, its districts and, before a reorganisation, its predecessors and theirs. A predecessor
    split between several successors is left out of a place unless ``include_split``."""
    aid = data.by_gss.get(gss)
    if aid is None:
        return set()
    members = {aid} | {p for p in data.predecessors.get(aid, ()) if include_split or not data.info[p]["split"]}
    out = set()
    for m in members:
        out |= data.districts.get(m, set())
        if data.info[m]["status"]:
            out.add(m)
    return out


def _resolve_bodies(data: CountYear) -> None:
    areas = body_areas()
    for aid, row in data.info.items():
        if row["authority_type"] != "O" or aid not in data.lines:
            continue
        area = areas.get(row["ecode"])
        if area is None:
            data.unmapped.append(row["name"])
            continue
        units = set()
        for gss in area.members:
            units |= area_councils(data, gss, include_split=True) & data.units
        data.body_units[aid] = {u: data.population.get(u, 0) for u in units}


# --- a place's count -----------------------------------------------------------------------------


@dataclass
class PlaceCount:
    place: Place
    year: FinancialYear
    count: Count
    councils: list  # council ids in the place
    units: dict  # unit id -> population
    missing: list = field(default_factory=list)  # (name, why) of parts with no figure
    unmapped: list = field(default_factory=list)
    population_years: list = field(default_factory=list)  # the mid-years whose estimates were used
    population_sources: list = field(default_factory=list)
    source: dict = field(default_factory=dict)
    service_names: dict = field(default_factory=dict)
    prices: str = "cash"
    prices_label: str = ""
    version: str = ""


def place_councils(data: CountYear, place: Place) -> set:
    if place.kind == "upper_tier":
        return area_councils(data, place.code)
    if place.kind == "combined_authority":
        aid = data.by_gss.get(place.code)
        area = body_areas().get(data.info[aid]["ecode"]) if aid else None
        return set().union(*(area_councils(data, g) for g in area.members)) if area else set()
    councils = {data.by_gss[g] for g in place.member_codes if g in data.by_gss}
    return {c for c in councils if data.info[c]["status"]}


def place_units(data: CountYear, councils: set) -> dict:
    units = {c for c in councils if c in data.units}
    for c in councils:
        units |= data.districts.get(c, set())
    return {u: data.population.get(u, 0) for u in units}


def _council_parts(data: CountYear, councils: set, source: str) -> tuple[list, list]:
    parts, missing = [], []
    for aid in sorted(councils, key=lambda a: data.info[a]["name"]):
        row = data.info[aid]
        if aid not in data.lines:
            missing.append((row["name"], "did not submit a return this year"))
            continue
        parts.append(Part(row["name"], row["gss_code"] or row["ecode"], "council", OFFICIAL, data.lines[aid], source))
    return parts, missing


def _body_parts(data: CountYear, units: dict, councils: set, source: str) -> list:
    parts = []
    for aid, body_units in data.body_units.items():
        served = arithmetic.served_population(body_units, units)
        if not served:
            continue
        row = data.info[aid]
        whole = sum(body_units.values())
        kind = kind_of(row["ecode"], row["ro_detailed_class"])
        area = body_areas()[row["ecode"]]
        membership = "; ".join(area.sources)
        if served == whole:
            parts.append(
                Part(
                    row["name"],
                    row["gss_code"] or row["ecode"],
                    kind,
                    OFFICIAL,
                    data.lines[aid],
                    source,
                    served,
                    whole,
                    f"The whole body's area is in this place. Area: {membership}",
                )
            )
            continue
        lines = arithmetic.apportioned_lines(data.lines[aid], served, whole)
        note = (
            f"{served:,} of the {whole:,} residents of its area live in this place; its figures × {served:,} ÷ "
            f"{whole:,}. Area: {membership}"
        )
        parts.append(
            Part(row["name"], row["gss_code"] or row["ecode"], kind, APPORTIONED, lines, source, served, whole, note)
        )
    return parts


def source_text(data: CountYear) -> str:
    name = data.source.get("file_name", "")
    date = data.source.get("publisher_last_updated")
    return f"MHCLG revenue outturn {data.year.label}, {name}" + (f" (last updated {date:%d %B %Y})" if date else "")


def place_count(
    place: Place, year: FinancialYear, prices: str = "cash", partner_parts: list | None = None, version: str = ""
) -> PlaceCount:
    version = version or store.data_version()
    data = count_year(year, version)
    councils = place_councils(data, place)
    units = place_units(data, councils)
    source = source_text(data)
    parts, missing = _council_parts(data, councils, source)
    parts += _body_parts(data, units, councils, source)
    parts += partner_parts or []
    count = Count(arithmetic.sort_parts(parts), sum(units.values()) or None)
    years = sorted({data.population_years[u] for u in units if u in data.population_years})
    result = PlaceCount(
        place,
        year,
        count,
        sorted(councils),
        units,
        missing,
        list(data.unmapped),
        sorted({y for y, _s in years}),
        [analysis.population_source_label(s, y) for y, s in years],
        data.source,
        data.service_names,
        version=version,
    )
    missing_pop = [data.info[u]["name"] for u, p in units.items() if not p]
    if missing_pop:
        result.missing += [
            (n, "has no population estimate, so no share of other bodies is apportioned to it") for n in missing_pop
        ]
    if prices == "real":
        series = store.price_series(version)
        factor = analysis.real_terms_factor(series.deflators.get(year.start_year))
        if factor is None:
            raise store.NoDeflator(f"There is no GDP deflator for {year.label}, so it cannot be shown in real terms.")
        result.count = arithmetic.in_prices(count, Decimal(repr(factor)))
        result.prices, result.prices_label = "real", series.label
    return result


def latest_year() -> FinancialYear | None:
    years = store.available_years()
    return years[-1] if years else None


# --- comparison with places of the same kind ---------------------------------------------------------


def _vectors(data: CountYear) -> tuple[list, dict, dict]:
    if "codes" not in data.matrix:
        codes = sorted(data.service_names)
        index = {c: i for i, c in enumerate(codes)}

        def vector(lines):
            v = np.zeros(len(codes))
            for code, value in lines.items():
                v[index[code]] = float(value)
            return v

        councils = {aid: vector(lines) for aid, lines in data.lines.items() if data.info[aid]["authority_type"] != "O"}
        unit_body: dict = {}
        for aid, body_units in data.body_units.items():
            whole = sum(body_units.values())
            if not whole:
                continue
            spend = vector(data.lines[aid])
            for unit, pop in body_units.items():
                unit_body[unit] = unit_body.get(unit, 0) + spend * (pop / whole)
        data.matrix.update(codes=codes, councils=councils, unit_body=unit_body)
    return data.matrix["codes"], data.matrix["councils"], data.matrix["unit_body"]


def _per_head_vector(data: CountYear, councils: set, units: dict):
    codes, council_vectors, unit_body = _vectors(data)
    total = np.zeros(len(codes))
    for c in councils:
        if c in council_vectors:
            total = total + council_vectors[c]
    for u in units:
        if u in unit_body:
            total = total + unit_body[u]
    population = sum(units.values())
    return total * 1000.0 / population if population else None


def _peer_places(kind: str) -> list[Place]:
    if kind == "combined_authority":
        return _combined_areas()
    return _current_areas()


def same_kind_statistics(place: Place, year: FinancialYear, version: str, factor: float = 1.0) -> dict:
    """{service code: GroupStatistics of £ per head} over every place of the same kind (custom groups
    are compared with upper-tier areas); ``factor`` turns cash into real terms."""
    kind = "combined_authority" if place.kind == "combined_authority" else "upper_tier"

    def build():
        data = count_year(year, version)
        per_head = {}
        for peer in _peer_places(kind):
            councils = place_councils(data, peer)
            if not councils:
                continue
            vector = _per_head_vector(data, councils, place_units(data, councils))
            if vector is not None:
                per_head[peer.id] = vector
        codes = _vectors(data)[0]
        return {
            code: analysis.group_statistics({pid: float(v[i]) * factor for pid, v in per_head.items()})
            for i, code in enumerate(codes)
        }

    return store.derived.get_or_build(("count-peers", version, year.start_year, kind, factor), build)


@dataclass(frozen=True)
class ServiceComparison:
    code: str
    name: str
    per_head: float | None
    median: float | None
    places: int
    rank_text: str


def compare_by_service(result: PlaceCount) -> list[ServiceComparison]:
    version = result.version or store.data_version()
    data = count_year(result.year, version)
    own = _per_head_vector(data, set(result.councils), result.units)
    rows = []
    factor = 1.0
    if result.prices == "real":
        deflator = store.price_series(version).deflators.get(result.year.start_year)
        factor = analysis.real_terms_factor(deflator) or 1.0
    statistics = same_kind_statistics(result.place, result.year, version, factor)
    codes, _councils, _units = _vectors(data)
    for i, code in enumerate(codes):
        value = None if own is None else float(own[i]) * factor
        stats = statistics[code]
        median = stats.median if stats.n else None
        rank = analysis.position_of_value(stats, value).rank_text if value is not None and stats.n else ""
        rows.append(ServiceComparison(code, data.service_names[code], value, median, stats.n, rank))
    return rows


def published_count(place: Place, year: FinancialYear):
    return PartnerCount.objects.filter(place_id=place.id, year=year, status=CountStatus.PUBLISHED).first()


def partner_parts(place: Place, year: FinancialYear) -> list:
    """Partners' figures of the place's published count for the year, one part per agency (none
    until a second officer has confirmed the count)."""
    count = published_count(place, year)
    if count is None:
        return []
    by_agency: dict = {}
    for f in count.figures.all():
        by_agency.setdefault(f.agency, []).append(f)
    parts = []
    for agency, figures in by_agency.items():
        lines = {f"{PARTNER_PREFIX}{f.theme}": f.amount_thousands.quantize(arithmetic.PENNY) for f in figures}
        sources = "; ".join(dict.fromkeys(f.source for f in figures))
        how = "; ".join(
            f"{f.theme}: {f.get_method_display().lower()}, {f.get_confidence_display().lower()} confidence"
            for f in figures
        )
        note = (
            f"Entered by the place's officers, confirmed {count.published_at:%d %B %Y} (version {count.version}). {how}"
        )
        parts.append(Part(agency, "", "partner", arithmetic.PARTNER, lines, sources, note=note))
    return parts


def place_council_ids(place: Place, year: FinancialYear) -> set:
    """The councils whose verified officers act for the place (its councils in that year's figures)."""
    return place_councils(count_year(year), place)


def linked_count(partner_count) -> dict | None:
    """What a case study shows of the published count it links to: the place's whole count in that year
    (official, apportioned and partners' figures), read live, never copied. None unless published."""
    if partner_count is None or partner_count.status != CountStatus.PUBLISHED:
        return None
    try:
        place = get_place(partner_count.place_id)
    except PlaceNotFound:
        return None
    result = place_count(place, partner_count.year, "cash", partner_parts(place, partner_count.year))
    return {"place": place, "year": partner_count.year, "count": result.count, "version": partner_count.version}
