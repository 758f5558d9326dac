"""Reads for benchmarking comparisons.

The official figures change only when an import runs, so each year's figures are read from the
database once into pandas frames and kept in memory, keyed on a *data version* (the newest import
run). Every request checks the version with one cheap query, so an import is visible at once, and
a council profile is then computed from memory with numpy (see benchmarks/analysis.py).
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd
from django.db.models import Count, Max, Q

from . import analysis, practice
from .models import (
    PRINCIPAL_COUNCIL_TYPES,
    Authority,
    ImportRun,
    Measure,
    OutturnReturn,
    OutturnValue,
    PerformanceMeasure,
    PerformanceValue,
    PlaceCharacteristics,
    PopulationEstimate,
    PriceIndex,
    ReturnStatus,
    Service,
)

# UPPER_TIER_SERVICES: districts are left out of those comparisons (a district's small figures there,
# e.g. grants passed on, are not the service). DEFINITION_BREAKS: service -> {start year: what changed}.
from .ro import DEFINITION_BREAKS, TOTAL_SERVICE, UPPER_TIER_SERVICES  # noqa: F401 - TOTAL_SERVICE re-exported
from .years import FinancialYear

logger = logging.getLogger(__name__)

# The City of London is compared with the London boroughs: alone it would be a group of one.
TYPE_GROUP = {"CTY": "CTY", "NMD": "NMD", "UA": "UA", "MD": "MD", "LBO": "LBO", "CC": "LBO"}
TYPE_GROUP_LABEL = {
    "CTY": "county councils",
    "NMD": "district councils",
    "UA": "unitary authorities",
    "MD": "metropolitan districts",
    "LBO": "London boroughs and the City of London",
}
SINGLE_TIER_TYPES = {"UA", "MD", "LBO", "CC"}
ADULT_SOCIAL_CARE = "360"
GROUP_KINDS = ("type", "region", "england", "neighbours")
GROUP_KIND_LABELS = {
    "type": "Same type of council",
    "region": "Same type of council in the same region",
    "england": "All English councils",
    "neighbours": "Nearest neighbours",
}

NEIGHBOUR_VARIABLES = OrderedDict(
    [
        ("log_population", "Population (log scale)"),
        ("log_density", "People per square kilometre (log scale)"),
        ("share_0_15", "Share aged 0 to 15"),
        ("share_65_plus", "Share aged 65 and over"),
        ("share_85_plus", "Share aged 85 and over"),
        ("median_age", "Median age"),
    ]
)
MAX_WEIGHT = 5.0


# --- data version and the in-memory store -------------------------------------------------------


def data_version() -> str:
    agg = ImportRun.objects.aggregate(last=Max("id"), count=Count("id"))
    return f"{agg['last'] or 0}.{agg['count']}"


class _Store:
    """A small thread-safe LRU of frames keyed on (data version, ...)."""

    def __init__(self, size: int = 64):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get_or_build(self, key, build):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.items.clear()


_store = _Store()  # frames read from the database
_derived = _Store(4096)  # statistics and memberships derived from them (many small entries)


def clear_memory_cache() -> None:
    _store.clear()
    _derived.clear()


# --- reference data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    code: str
    name: str
    short_name: str
    is_total: bool
    first_year: int | None
    last_year: int | None
    definition_notes: str

    def applies_to(self, year: FinancialYear) -> bool:
        return (self.first_year is None or year.start_year >= self.first_year) and (
            self.last_year is None or year.start_year <= self.last_year
        )


def services(version: str | None = None) -> list[ServiceInfo]:
    version = version or data_version()

    def build():
        return [
            ServiceInfo(
                s.id,
                s.code,
                s.name,
                s.short_name or s.name,
                s.is_total,
                s.first_year.start_year if s.first_year else None,
                s.last_year.start_year if s.last_year else None,
                s.definition_notes,
            )
            for s in Service.objects.all()
        ]

    return _store.get_or_build(("services", version), build)


def service_by_code(code: str, version: str | None = None) -> ServiceInfo | None:
    return next((s for s in services(version) if s.code == code), None)


def councils_frame(version: str | None = None) -> pd.DataFrame:
    """Every principal council (current and former), indexed by authority id."""
    version = version or data_version()

    def build():
        rows = list(
            Authority.objects.filter(authority_type__in=PRINCIPAL_COUNCIL_TYPES).values(
                "id",
                "gss_code",
                "ecode",
                "name",
                "authority_type",
                "region",
                "parent_id",
                "tier",
                "end_date",
            )
        )
        frame = pd.DataFrame(
            rows,
            columns=["id", "gss_code", "ecode", "name", "authority_type", "region", "parent_id", "tier", "end_date"],
        ).set_index("id")
        frame["type_group"] = frame["authority_type"].map(TYPE_GROUP)
        frame["current"] = frame["end_date"].isna()
        return frame

    return _store.get_or_build(("councils", version), build)


def council_picker_choices() -> list[dict]:
    """Current councils for the type-ahead picker on the site home page and benchmarking home."""
    frame = councils_frame()
    current = frame[frame["current"] & frame["gss_code"].notna()].sort_values("name")
    return [{"name": row.name, "gss_code": row.gss_code} for row in current.itertuples()]


def find_councils(query: str, limit: int = 20) -> list[Authority]:
    """Councils matching a name or code: exact code first, then exact name, then partial names."""
    # NUL characters cannot be sent to PostgreSQL; nothing legitimate contains them.
    text = (query or "").replace("\x00", "").strip()[:100]
    if not text:
        return []
    base = Authority.objects.filter(authority_type__in=PRINCIPAL_COUNCIL_TYPES)
    exact = list(
        base.filter(
            Q(gss_code__iexact=text) | Q(ecode__iexact=text) | Q(name__iexact=text) | Q(official_name__iexact=text)
        )
    )
    if exact:
        return exact
    words = text.split()
    partial = base
    for word in words[:6]:
        partial = partial.filter(
            Q(name__icontains=word) | Q(alt_names__icontains=word) | Q(official_name__icontains=word)
        )
    return list(partial.order_by("end_date", "name")[:limit])


def available_years(version: str | None = None) -> list[FinancialYear]:
    version = version or data_version()

    def build():
        years = OutturnReturn.objects.values_list("year", flat=True).distinct()
        return sorted({FinancialYear.parse(y) for y in years})

    return _store.get_or_build(("years", version), build)


# --- one year of figures --------------------------------------------------------------------------


@dataclass
class YearDataset:
    year: FinancialYear
    measure: str
    councils: pd.DataFrame  # councils with a return this year (index: authority id)
    values: pd.DataFrame  # £ thousand as floats; index authority id, columns service codes
    published: dict  # (authority id, service code) -> Decimal exactly as published
    sources: dict  # import run id -> {"file_name", "publisher_last_updated", "dataset"}
    population: pd.Series
    population_year: pd.Series
    per_head: pd.DataFrame
    service_codes: list = field(default_factory=list)
    version: str = ""
    # Plain-Python / numpy views of the frames above, built once, for fast per-request work.
    records: dict = field(default_factory=dict)  # authority id -> {name, gss_code, authority_type, ...}
    position: dict = field(default_factory=dict)  # authority id -> row number in the arrays below
    not_submitted: np.ndarray | None = None  # bool per row
    comparable: dict = field(default_factory=dict)  # service code -> £ per head, NaN where not compared
    # Which estimate divides each council's figures (see analysis.population_for_year).
    population_info: pd.DataFrame | None = None
    prices: str = "cash"  # "cash", or "real" (every money figure × real_factor; see real_terms_year)
    real_factor: float | None = None

    def submitted(self, authority_id) -> bool:
        return self.records[authority_id]["status"] == ReturnStatus.SUBMITTED

    def prepare(self) -> YearDataset:
        frame = self.councils
        self.records = {aid: rec for aid, rec in zip(frame.index, frame.to_dict("records"), strict=True)}
        for aid, rec in self.records.items():
            rec["id"] = aid
            pop = self.population.get(aid)
            rec["population"] = None if pop is None or pd.isna(pop) else float(pop)
            year = self.population_year.get(aid)
            rec["population_year"] = None if year is None or pd.isna(year) else int(year)
            info = self.population_info
            known = info is not None and aid in info.index and rec["population_year"] is not None
            rec["population_source"] = str(info.at[aid, "source"]) if known else ""
            rec["population_gap"] = int(info.at[aid, "gap"]) if known else None
            rec["population_flagged"] = bool(info.at[aid, "flagged"]) if known else False
            if isinstance(rec.get("gss_code"), float):
                rec["gss_code"] = None
        self.position = {aid: i for i, aid in enumerate(frame.index)}
        self.not_submitted = (frame["status"] == ReturnStatus.NOT_SUBMITTED).to_numpy()
        is_district = (frame["authority_type"] == "NMD").to_numpy()
        for code in self.service_codes:
            raw = self.values[code].to_numpy(dtype=float)
            per_head = self.per_head[code].to_numpy(dtype=float)
            delivers = ~np.isnan(raw) & (raw != 0)
            if code in UPPER_TIER_SERVICES:
                delivers &= ~is_district
            self.comparable[code] = np.where(delivers & ~self.not_submitted, per_head, np.nan)
            self.comparable[code + ":delivers"] = delivers
        return self


def _populations(version: str) -> pd.DataFrame:
    def build():
        rows = list(PopulationEstimate.objects.values_list("authority_id", "mid_year", "population", "source"))
        return pd.DataFrame(rows, columns=["authority_id", "mid_year", "population", "source"])

    return _store.get_or_build(("populations", version), build)


def _population_for_year(version: str, year: FinancialYear) -> pd.DataFrame:
    """For each authority, the estimate that divides this financial year's figures, with its gap in
    years and whether that gap is flagged (the rule is analysis.population_for_year)."""
    return _store.get_or_build(
        ("population_for_year", version, year.start_year),
        lambda: analysis.population_for_year(_populations(version), year.start_year),
    )


class NoDeflator(LookupError):
    """Real terms asked for a year that has no GDP deflator."""


@dataclass(frozen=True)
class PriceSeries:
    deflators: dict  # start year -> deflator (base year = 100)
    base_year: FinancialYear | None
    provisional: bool

    @property
    def label(self) -> str:
        """'in 2023-24 prices, GDP deflator (HM Treasury, provisional transcription)'."""
        if self.base_year is None:
            return ""
        kind = "provisional transcription" if self.provisional else "as published"
        return f"in {self.base_year.label} prices, GDP deflator (HM Treasury, {kind})"


def price_series(version: str | None = None) -> PriceSeries:
    version = version or data_version()

    def build():
        rows = list(PriceIndex.objects.values_list("year", "deflator", "base_year", "provisional"))
        if not rows:
            return PriceSeries({}, None, False)
        return PriceSeries(
            {y.start_year: float(d) for y, d, _b, _p in rows},
            max(b for _y, _d, b, _p in rows),
            any(p for *_rest, p in rows),
        )

    return _store.get_or_build(("prices", version), build)


def year_dataset(
    year: FinancialYear,
    measure: str = Measure.NET_CURRENT_EXPENDITURE,
    version: str | None = None,
    prices: str = "cash",
) -> YearDataset:
    """A year's figures in cash, or in real terms (raises NoDeflator when the year has no deflator)."""
    version = version or data_version()
    if prices == "real":
        return _store.get_or_build(
            ("year-real", version, year.start_year, measure),
            lambda: real_terms_year(year_dataset(year, measure, version), price_series(version)),
        )
    return _store.get_or_build(
        ("year", version, year.start_year, measure), lambda: _shared_year(version, year, measure)
    )


def real_terms_year(dataset: YearDataset, series: PriceSeries) -> YearDataset:
    """The same year with every money figure × (100 ÷ the year's deflator). Membership, populations
    and which councils deliver a service are shared with the cash figures."""
    import copy

    factor = analysis.real_terms_factor(series.deflators.get(dataset.year.start_year))
    if factor is None:
        raise NoDeflator(f"There is no GDP deflator for {dataset.year.label}, so it cannot be shown in real terms.")
    real = copy.copy(dataset)
    exact = Decimal(repr(factor))
    real.values = dataset.values * factor
    real.per_head = dataset.per_head * factor
    # £ thousand to the nearest pound: more digits would claim a precision the deflator does not have.
    real.published = {k: (v * exact).quantize(Decimal("0.001")) for k, v in dataset.published.items()}
    real.comparable = {k: v if k.endswith(":delivers") else v * factor for k, v in dataset.comparable.items()}
    real.prices, real.real_factor = "real", factor
    return real


SHARED_CACHE_SECONDS = 24 * 3600


def _shared_year(version: str, year: FinancialYear, measure: str) -> YearDataset:
    """A year's frames from the shared cache (Redis in production) when another worker has already
    read them, else from the database, then shared. Keyed on the import version, so never stale."""
    from django.core.cache import cache

    key = f"benchmarks:year:v2:{version}:{year.start_year}:{measure}"
    try:
        dataset = cache.get(key)
    except Exception:  # noqa: BLE001 - the shared cache is an optimisation; any failure means "read the database"
        dataset = None
    if isinstance(dataset, YearDataset) and dataset.version == version:
        return dataset
    dataset = _build_year(version, year, measure)
    try:
        cache.set(key, dataset, SHARED_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - as above
        logger.warning("Could not share benchmark figures for %s in the cache", year, exc_info=True)
    return dataset


def _build_year(version: str, year: FinancialYear, measure: str) -> YearDataset:
    all_councils = councils_frame(version)
    returns = pd.DataFrame(
        list(
            OutturnReturn.objects.filter(year=year, authority_id__in=list(all_councils.index)).values_list(
                "authority_id", "status", "source_id"
            )
        ),
        columns=["authority_id", "status", "source_id"],
    ).set_index("authority_id")
    councils = all_councils.join(returns, how="inner")
    service_list = [s for s in services(version) if s.applies_to(year)]
    code_by_id = {s.id: s.code for s in service_list}
    rows = list(
        OutturnValue.objects.filter(year=year, measure=measure, service_id__in=list(code_by_id))
        .filter(authority_id__in=list(councils.index))
        .values_list("authority_id", "service_id", "value_thousands")
    )
    published = {(aid, code_by_id[sid]): value for aid, sid, value in rows if value is not None}
    long = pd.DataFrame(
        [(aid, code_by_id[sid], float(value)) for aid, sid, value in rows if value is not None],
        columns=["authority_id", "service", "value"],
    )
    values = (
        long.pivot_table(index="authority_id", columns="service", values="value", aggfunc="first")
        if not long.empty
        else pd.DataFrame()
    )
    codes = [s.code for s in service_list]
    values = values.reindex(index=councils.index, columns=codes)
    pops = _population_for_year(version, year).reindex(councils.index)
    population = pd.to_numeric(pops["population"], errors="coerce")
    per_head = values.mul(1000.0).div(population.where(population > 0), axis=0)
    source_ids = set(councils["source_id"].dropna().astype(int))
    sources = {
        run["id"]: run
        for run in ImportRun.objects.filter(id__in=source_ids).values(
            "id", "file_name", "publisher_last_updated", "dataset", "sha256"
        )
    }
    return YearDataset(
        year,
        measure,
        councils,
        values,
        published,
        sources,
        population,
        pops["mid_year"],
        per_head,
        codes,
        version,
        population_info=pops,
    ).prepare()


# --- comparison groups ------------------------------------------------------------------------------


@dataclass
class Group:
    kind: str  # type, region, england, neighbours, custom
    key: str  # the value used in links: type/region/england/neighbours/<uuid>
    label: str
    member_ids: list
    neighbours: list = field(default_factory=list)  # analysis.Neighbour for nearest neighbours
    note: str = ""


class GroupError(ValueError):
    """A group that cannot be used (unknown, or too few members)."""


def _members_by(dataset: YearDataset, key: str) -> dict:
    cache_key = ("members", dataset.version, dataset.year.start_year, dataset.measure, key)

    def build():
        groups: dict = {}
        for aid, rec in dataset.records.items():
            groups.setdefault(rec["type_group"] if key == "type" else (rec["type_group"], rec["region"]), []).append(
                aid
            )
        return groups

    return _derived.get_or_build(cache_key, build)


def build_group(
    dataset: YearDataset,
    authority_id: int,
    group_key: str = "type",
    weights: dict | None = None,
    version: str | None = None,
) -> Group:
    me = dataset.records[authority_id]
    if group_key == "type":
        ids = _members_by(dataset, "type")[me["type_group"]]
        return Group("type", "type", TYPE_GROUP_LABEL.get(me["type_group"], "councils of this type"), ids)
    if group_key == "region":
        ids = _members_by(dataset, "region")[(me["type_group"], me["region"])]
        label = f"{TYPE_GROUP_LABEL.get(me['type_group'], 'councils')} in {me['region'] or 'the same region'}"
        return Group("region", "region", label, ids)
    if group_key == "england":
        return Group("england", "england", "all English councils", list(dataset.records))
    if group_key == "neighbours":
        neighbours = nearest_neighbours_for(dataset, authority_id, weights, version)
        ids = [authority_id] + [n.code for n in neighbours]
        return Group(
            "neighbours",
            "neighbours",
            f"{me['name']} and its {len(neighbours)} nearest neighbours",
            ids,
            neighbours=neighbours,
        )
    return custom_group(dataset, authority_id, group_key)


def custom_group(dataset: YearDataset, authority_id: int, token: str) -> Group:
    import uuid

    from benchmarks.groups.models import ComparisonGroup

    try:
        uuid.UUID(str(token))
    except ValueError:
        raise GroupError(
            f"“{token}” is not a comparison group. Choose same type, region, England, "
            "nearest neighbours or a saved group link."
        )
    group = ComparisonGroup.objects.filter(token=token).first()
    if group is None:
        raise GroupError("That saved comparison group does not exist (it may have been deleted).")
    member_ids = set(group.members.values_list("id", flat=True))
    in_year = [aid for aid in dataset.councils.index if aid in member_ids]
    note = ""
    if authority_id not in member_ids:
        in_year.append(authority_id)
        note = f"{dataset.records[authority_id]['name']} is not a member of this group; it is shown for comparison."
    return Group("custom", str(group.token), group.name, in_year, note=note)


def neighbour_variables(version: str | None = None) -> pd.DataFrame:
    """Place variables for nearest neighbours, one row per authority (latest estimate)."""
    version = version or data_version()

    def build():
        rows = list(
            PlaceCharacteristics.objects.order_by("authority_id", "-mid_year").values_list(
                "authority_id",
                "mid_year",
                "population",
                "people_per_sq_km",
                "median_age",
                "aged_0_15",
                "aged_65_plus",
                "aged_85_plus",
            )
        )
        frame = pd.DataFrame(
            rows,
            columns=[
                "authority_id",
                "mid_year",
                "population",
                "density",
                "median_age",
                "aged_0_15",
                "aged_65_plus",
                "aged_85_plus",
            ],
        )
        frame = frame.drop_duplicates("authority_id").set_index("authority_id")
        for col in ["population", "density", "median_age", "aged_0_15", "aged_65_plus", "aged_85_plus"]:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
        population = frame["population"].where(frame["population"] > 0)
        out = pd.DataFrame(index=frame.index)
        out["log_population"] = np.log10(population)
        out["log_density"] = np.log10(frame["density"].where(frame["density"] > 0))
        out["share_0_15"] = frame["aged_0_15"] / population
        out["share_65_plus"] = frame["aged_65_plus"] / population
        out["share_85_plus"] = frame["aged_85_plus"] / population
        out["median_age"] = frame["median_age"]
        out["raw_population"] = frame["population"]
        out["raw_density"] = frame["density"]
        out["mid_year"] = frame["mid_year"]
        return out

    return _store.get_or_build(("neighbour_vars", version), build)


def parse_weights(params) -> tuple[dict, list[str]]:
    """Weights from the query string (w_<variable>=0..5); returns (weights, error messages)."""
    weights, errors = {}, []
    for name, label in NEIGHBOUR_VARIABLES.items():
        raw = params.get(f"w_{name}")
        if raw in (None, ""):
            weights[name] = 1.0
            continue
        try:
            value = float(raw)
            if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(f"The weight for {label.lower()} must be a number from 0 to {MAX_WEIGHT:g}.")
            weights[name] = 1.0
            continue
        weights[name] = value
    if not errors and not any(weights.values()):
        errors.append("At least one neighbour weight must be more than 0.")
        weights = dict.fromkeys(NEIGHBOUR_VARIABLES, 1.0)
    return weights, errors


def nearest_neighbours_for(
    dataset: YearDataset, authority_id: int, weights: dict | None = None, version: str | None = None
) -> list:
    """The 15 nearest councils of the same tier with a return this year (open model: see analysis).
    The distance matrix is built once per year, tier and weights; each council's list is a row of it."""
    version = version or data_version()
    weights = weights or dict.fromkeys(NEIGHBOUR_VARIABLES, 1.0)
    weight_key = tuple(sorted(weights.items()))
    my_tier = dataset.records[authority_id]["tier"]

    def build_model():
        variables = neighbour_variables(version)
        candidates = [aid for aid, rec in dataset.records.items() if rec["tier"] == my_tier]
        frame = variables.reindex(candidates)[list(NEIGHBOUR_VARIABLES)]
        return analysis.neighbour_model(frame, weights)

    model = _derived.get_or_build(
        ("neighbour_model", version, dataset.year.start_year, my_tier, weight_key), build_model
    )
    return _derived.get_or_build(
        ("neighbours", version, dataset.year.start_year, authority_id, weight_key),
        lambda: analysis.neighbours_from_model(model, authority_id),
    )


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


def delivers_service(authority_type: str, service_code: str, value) -> bool:
    if service_code in UPPER_TIER_SERVICES and authority_type == "NMD":
        return False
    if value is None:
        return False
    value = float(value)
    return bool(not math.isnan(value) and value != 0)


@dataclass(frozen=True)
class GroupServiceStats:
    stats: analysis.GroupStatistics
    excluded: list
    not_submitted: list


def group_service_stats(dataset: YearDataset, member_ids: list) -> dict:
    """Statistics of every service over a group, computed once per year, measure and membership."""
    members = tuple(member_ids)
    key = (
        "groupstats",
        dataset.version,
        dataset.year.start_year,
        dataset.measure,
        dataset.prices,
        hash(members),
        len(members),
    )

    def build():
        rows = np.array([dataset.position[a] for a in members], dtype=int)
        ids = np.array(members, dtype=object)
        ns = dataset.not_submitted[rows] if len(rows) else np.zeros(0, dtype=bool)
        not_submitted = list(ids[ns])
        out = {}
        for code in dataset.service_codes:
            per_head = dataset.comparable[code][rows] if len(rows) else np.zeros(0)
            present = ~np.isnan(per_head)
            values = dict(zip(ids[present].tolist(), per_head[present].tolist(), strict=True))
            values.update(dict.fromkeys(not_submitted))
            excluded = list(ids[~present & ~ns])
            out[code] = GroupServiceStats(analysis.group_statistics(values), excluded, not_submitted)
        return out

    return _derived.get_or_build(key, build)


def compare_service(dataset: YearDataset, group: Group, authority_id: int, service: ServiceInfo) -> ServiceComparison:
    code = service.code
    computed = group_service_stats(dataset, group.member_ids)[code]
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
            from .reorganisations import predecessor_trend_point  # imports this module

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


# --- Oflog performance measures --------------------------------------------------------------------


def performance_frame(version: str | None = None) -> pd.DataFrame:
    version = version or data_version()

    def build():
        measures = {m.id: m for m in PerformanceMeasure.objects.all()}
        rows = list(PerformanceValue.objects.values_list("measure_id", "authority_id", "year", "value"))
        frame = pd.DataFrame(
            [
                (
                    measures[m].code,
                    a,
                    int(FinancialYear.parse(y).start_year),
                    None if v is None else float(v),
                    measures[m].polarity,
                )
                for m, a, y, v in rows
            ],
            columns=["code", "authority", "year", "value", "polarity"],
        )
        if frame.empty:
            return frame.assign(
                median=[], n=[], mad=[], mads_from_median=[], better_to_right=[], considered_different=[]
            )
        return analysis.measure_comparison(frame)

    return _store.get_or_build(("performance", version), build)


def performance_measures(version: str | None = None) -> dict:
    version = version or data_version()
    return _store.get_or_build(
        ("perf_measures", version), lambda: {m.code: m for m in PerformanceMeasure.objects.all()}
    )


def _performance_index(version: str) -> dict:
    """{(authority id, start year): [row dicts]} built once per import version."""

    def build():
        frame = performance_frame(version)
        measures = performance_measures(version)
        if frame.empty:
            return {}
        all_values = {key: group.dropna().tolist() for key, group in frame.groupby(["code", "year"])["value"]}
        index: dict = {}
        for row in frame.sort_values("code").itertuples():
            index.setdefault((row.authority, int(row.year)), []).append(
                {
                    "measure": measures.get(row.code),
                    "code": row.code,
                    "value": None if pd.isna(row.value) else float(row.value),
                    "median": None if pd.isna(row.median) else float(row.median),
                    "mad": None if pd.isna(row.mad) else float(row.mad),
                    "n": int(row.n),
                    "mads_from_median": None if pd.isna(row.mads_from_median) else float(row.mads_from_median),
                    "better_to_right": None if pd.isna(row.better_to_right) else float(row.better_to_right),
                    "considered_different": bool(row.considered_different) if not pd.isna(row.value) else None,
                    "polarity": row.polarity,
                    "all_values": all_values.get((row.code, row.year), []),
                }
            )
        return index

    return _store.get_or_build(("performance_index", version), build)


def performance_for(authority_id: int, year: FinancialYear, version: str | None = None) -> list[dict]:
    """The council's Oflog measures in a year, each against the median of all councils (copies, so
    callers may add to them)."""
    rows = _performance_index(version or data_version()).get((authority_id, year.start_year), [])
    return [dict(row) for row in rows]


# --- practice beside numbers -------------------------------------------------------------------------


PRACTICE_CACHE_SECONDS = 120


def practice_for_service(service_code: str) -> dict:
    """Case studies and discussion threads about a service (at most five of each), as plain
    {"title", "url"} items; empty until those apps provide their selectors. Cached briefly, because
    they sit beside every outlying figure and change far less often than pages are viewed."""
    from django.core.cache import cache

    key = f"benchmarks:practice:{service_code}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    case_studies = practice.provider("case_studies")  # registered by casestudies (benchmarks/practice.py)
    threads = practice.provider("threads")  # registered by cop.discussions
    result = {
        "case_studies": [{"title": str(p.title), "url": p.url} for p in list(case_studies(service_code)[:5])]
        if case_studies
        else [],
        "threads": [{"title": str(t.title), "url": t.get_absolute_url()} for t in list(threads(service_code)[:5])]
        if threads
        else [],
    }
    cache.set(key, result, PRACTICE_CACHE_SECONDS)
    return result
