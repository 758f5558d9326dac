"""The store of official figures: the data version, the in-memory and shared caches, reference
data (services, councils, years), populations, prices and one year's figures (``year_dataset``).

The official figures change only when an import runs, so each year's figures are read from the
database once into pandas frames and kept in memory, keyed on a *data version* (the newest import
run). Every request checks the version with one cheap query, so an import is visible at once, and
comparisons (benchmarks/comparison.py) are then computed from memory with numpy.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Max, Q

from . import analysis
from .models import (
    PRINCIPAL_COUNCIL_TYPES,
    Authority,
    Boundary,
    ImportRun,
    Measure,
    OutturnReturn,
    OutturnValue,
    PopulationEstimate,
    PriceIndex,
    ReturnStatus,
    Service,
)

# UPPER_TIER_SERVICES: districts are left out of those comparisons (a district's small figures there,
# e.g. grants passed on, are not the service).
from .ro import UPPER_TIER_SERVICES
from .years import FinancialYear

logger = logging.getLogger(__name__)

# The City of London is compared with the London boroughs: alone it would be a group of one.
TYPE_GROUP = {"CTY": "CTY", "NMD": "NMD", "UA": "UA", "MD": "MD", "LBO": "LBO", "CC": "LBO"}


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

    def peek(self, key):
        """The item stored under ``key`` (marked recently used), or None; never builds it."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def clear(self):
        with self.lock:
            self.items.clear()


frames = _Store()  # frames read from the database
derived = _Store(4096)  # statistics and memberships derived from them (many small entries)


def clear_memory_cache() -> None:
    frames.clear()
    derived.clear()


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

    return frames.get_or_build(("services", version), build)


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

    return frames.get_or_build(("councils", version), build)


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

    return frames.get_or_build(("years", version), build)


@dataclass(frozen=True)
class Shape:
    """An area's outline as stored at import: SVG path data and its box in map units."""

    gss_code: str
    name: str
    path: str
    bbox: tuple


def boundaries(layer: str, version: str | None = None) -> dict[str, Shape]:
    """The outlines of one boundary layer ("counties" or "districts"), by GSS code."""
    version = version or data_version()

    def build():
        rows = Boundary.objects.filter(layer=layer).values_list(
            "gss_code", "name", "path", "min_x", "min_y", "max_x", "max_y"
        )
        return {code: Shape(code, name, path, (x0, y0, x1, y1)) for code, name, path, x0, y0, x1, y1 in rows}

    return frames.get_or_build(("boundaries", version, layer), build)


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

    return frames.get_or_build(("populations", version), build)


def year_populations(version: str, year: FinancialYear) -> pd.DataFrame:
    """For each authority, the estimate that divides this financial year's figures, with its gap in
    years and whether that gap is flagged (the rule is analysis.population_for_year)."""
    return frames.get_or_build(
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

    return frames.get_or_build(("prices", version), build)


def year_dataset(
    year: FinancialYear,
    measure: str = Measure.NET_CURRENT_EXPENDITURE,
    version: str | None = None,
    prices: str = "cash",
) -> YearDataset:
    """A year's figures in cash, or in real terms (raises NoDeflator when the year has no deflator)."""
    version = version or data_version()
    if prices == "real":
        return frames.get_or_build(
            ("year-real", version, year.start_year, measure),
            lambda: real_terms_year(year_dataset(year, measure, version), price_series(version)),
        )
    return frames.get_or_build(
        ("year", version, year.start_year, measure), lambda: _shared_year(version, year, measure)
    )


def real_terms_year(dataset: YearDataset, series: PriceSeries) -> YearDataset:
    """The same year with every money figure × (100 ÷ the year's deflator). Membership, populations
    and which councils deliver a service are shared with the cash figures."""
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
    pops = year_populations(version, year).reindex(councils.index)
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
