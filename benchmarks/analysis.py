"""Benchmark statistics as pure functions (pandas / numpy, no Django).

Conventions used everywhere on the site and in the API, so numbers always agree:

* Quartiles use linear interpolation between closest ranks (numpy's default ``method="linear"``,
  the same as Python's ``statistics.quantiles(method="inclusive")`` and Excel's ``QUARTILE.INC``).
  The median is the ordinary median (the 50th percentile with the same method).
* The median absolute deviation (MAD) is unscaled: ``median(|x - median(x)|)``. Oflog uses the
  same raw MAD; we do not multiply by 1.4826.
* Distance from the median is ``(value - median) / MAD``. A value more than ``DIFFERENT_MADS`` (2)
  MADs away is "considered different".
* Ranks count from the highest value: the largest is "1st highest". Ties share the best rank
  ("joint 3rd highest"), the next value skips (standard competition ranking, 1-2-2-4).
* Percentile is the position of a value in the group on the same linear scale as the quartiles:
  the lowest value is 0, the highest 100, a value equal to the lower quartile sits at 25.
  Tied values get the average of their positions.
* Members without a figure (returns not submitted) are excluded from every statistic and listed.
* Groups of fewer than ``MIN_GROUP_FOR_SPREAD`` (4) values get a median and rank but no quartiles,
  MAD or "considered different": with three or fewer values the spread means nothing.
* When the MAD is zero (half or more of the group share the median value) distances in MADs cannot
  be expressed: ``mads_from_median`` is None and the reason is recorded in ``note``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

QUARTILE_METHOD = "linear"
DIFFERENT_MADS = 2.0
MIN_GROUP_FOR_SPREAD = 4
MIN_GROUP_SIZE = 2
NEAREST_NEIGHBOURS = 15

NOTE_TINY_GROUP = "tiny_group"
NOTE_ZERO_MAD = "zero_mad"
NOTE_NOT_SUBMITTED = "not_submitted"
NOTE_NOT_IN_GROUP = "not_in_group"


def _finite(value) -> bool:
    if value is None:
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class GroupStatistics:
    """Summary of one comparison group for one service and year."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    mad: float | None
    minimum: float | None
    maximum: float | None
    missing: tuple = ()
    values: Mapping = field(default_factory=dict)
    sorted_values: tuple = ()

    @property
    def note(self) -> str:
        if self.n and self.n < MIN_GROUP_FOR_SPREAD:
            return NOTE_TINY_GROUP
        if self.mad == 0:
            return NOTE_ZERO_MAD
        return ""


@dataclass(frozen=True)
class Position:
    """Where one member sits in a group."""

    value: float | None
    rank: int | None  # 1 = highest
    tied: int  # how many members share this value (1 = no tie)
    n: int
    percentile: float | None
    mads_from_median: float | None
    considered_different: bool | None
    note: str = ""

    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return ""
        joint = "joint " if self.tied > 1 else ""
        return f"{joint}{ordinal(self.rank)} highest of {self.n}"


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def quantile(sorted_array: np.ndarray, q: float) -> float:
    return float(np.quantile(sorted_array, q, method=QUARTILE_METHOD))


def median_absolute_deviation(values: Iterable[float]) -> float | None:
    array = np.asarray([float(v) for v in values if _finite(v)], dtype=float)
    if array.size == 0:
        return None
    centre = np.median(array)
    return float(np.median(np.abs(array - centre)))


def group_statistics(values: Mapping) -> GroupStatistics:
    """Statistics over a mapping member -> value; None/NaN values are missing submissions."""
    present = {key: float(value) for key, value in values.items() if _finite(value)}
    missing = tuple(key for key, value in values.items() if not _finite(value))
    n = len(present)
    if n == 0:
        return GroupStatistics(0, None, None, None, None, None, None, missing, {}, ())
    array = np.sort(np.fromiter(present.values(), dtype=float, count=n))
    median = float(np.median(array))
    if n >= MIN_GROUP_FOR_SPREAD:
        q1 = quantile(array, 0.25)
        q3 = quantile(array, 0.75)
        mad = float(np.median(np.abs(array - median)))
    else:
        q1 = q3 = mad = None
    return GroupStatistics(
        n=n,
        median=median,
        q1=q1,
        q3=q3,
        mad=mad,
        minimum=float(array[0]),
        maximum=float(array[-1]),
        missing=missing,
        values=present,
        sorted_values=tuple(array.tolist()),
    )


def mads_from_median(value: float, median: float, mad: float | None) -> float | None:
    if mad is None or not _finite(value) or not _finite(median):
        return None
    if mad == 0:
        return 0.0 if value == median else None
    return (float(value) - float(median)) / float(mad)


def position_in_group(stats: GroupStatistics, key) -> Position:
    """Rank, percentile and MAD distance of ``key`` (which must be a member of the group)."""
    if key in stats.missing:
        return Position(None, None, 0, stats.n, None, None, None, NOTE_NOT_SUBMITTED)
    if key not in stats.values:
        return Position(None, None, 0, stats.n, None, None, None, NOTE_NOT_IN_GROUP)
    return position_of_value(stats, stats.values[key])


def position_of_value(stats: GroupStatistics, value: float) -> Position:
    array = np.asarray(stats.sorted_values, dtype=float)
    n = array.size
    value = float(value)
    higher = int(np.count_nonzero(array > value))
    equal = int(np.count_nonzero(array == value))
    lower = n - higher - equal
    rank = higher + 1
    tied = max(equal, 1)
    percentile = 100.0 * (lower + (tied - 1) / 2) / (n - 1) if n > 1 else None
    note = stats.note
    if n < MIN_GROUP_FOR_SPREAD:
        distance = None
        different = None
    else:
        distance = mads_from_median(value, stats.median, stats.mad)
        if stats.mad == 0:
            # Any value off a zero-MAD median is unusual but cannot be measured in MADs.
            different = value != stats.median
        else:
            different = abs(distance) > DIFFERENT_MADS
    return Position(value, rank, tied, n, percentile, distance, different, note)


def per_head(value_thousands, population) -> float | None:
    """£ per head from a figure in £ thousand."""
    if not _finite(value_thousands) or not _finite(population) or float(population) <= 0:
        return None
    return float(value_thousands) * 1000.0 / float(population)


def savings_opportunity(per_head_value, group_median_per_head, population) -> float | None:
    """£ a council would spend less at the group median per head; only where it is above it.

    Returns 0.0 when the council is at or below the median, None when it cannot be worked out.
    """
    if not (_finite(per_head_value) and _finite(group_median_per_head) and _finite(population)):
        return None
    gap = float(per_head_value) - float(group_median_per_head)
    return gap * float(population) if gap > 0 else 0.0


def sentence(service_name: str, council_name: str, position: Position, stats: GroupStatistics, group_label: str) -> str:
    """One plain-English sentence about a council's spend on a service against its group."""
    if position.note == NOTE_NOT_SUBMITTED:
        return f"{council_name} did not submit a return, so it is not compared for {service_name.lower()}."
    if position.note == NOTE_NOT_IN_GROUP or position.value is None:
        return f"{council_name} does not report spending on {service_name.lower()}, so it is not compared."
    if stats.n < MIN_GROUP_SIZE:
        return f"Too few councils in {group_label} report {service_name.lower()} to compare."
    median = stats.median
    if position.value > median:
        direction = f"£{position.value - median:,.2f} per head more than the median (£{median:,.2f})"
    elif position.value < median:
        direction = f"£{median - position.value:,.2f} per head less than the median (£{median:,.2f})"
    else:
        direction = f"exactly the median (£{median:,.2f} per head)"
    text = (
        f"{council_name} spent £{position.value:,.2f} per head on {service_name.lower()}, {direction}; "
        f"{position.rank_text} in {group_label}."
    )
    if position.considered_different:
        text += " This is considered different from the group (more than 2 MADs from the median)."
    elif position.note == NOTE_TINY_GROUP:
        text += " The group is too small to judge whether this is unusual."
    return text


# --- Place totals -----------------------------------------------------------------------------


def place_totals(values: pd.DataFrame, parent_of: Mapping[str, str]) -> pd.DataFrame:
    """Add each district's spend to its county's, per service.

    ``values``: index = authority code, columns = services, cells = £ thousand (NaN = no figure).
    ``parent_of``: district code -> county code. Returns one row per county with the county's own
    figure plus its districts', and a column ``incomplete`` naming members without any figure.
    Unitary councils are not in the result (their own figures are already a whole place).
    """
    counties = sorted(set(parent_of.values()) & set(values.index))
    rows = []
    for county in counties:
        members = [county] + sorted(d for d, c in parent_of.items() if c == county and d in values.index)
        block = values.loc[members]
        totals = block.sum(axis=0, min_count=1).to_dict()
        missing = [m for m in members if block.loc[m].isna().all()]
        totals["incomplete"] = ", ".join(missing)
        totals["members"] = len(members)
        rows.append((county, totals))
    columns = list(values.columns) + ["incomplete", "members"]
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame([r for _c, r in rows], index=[c for c, _r in rows], columns=columns)


# --- Nearest neighbours -----------------------------------------------------------------------


@dataclass(frozen=True)
class Neighbour:
    code: str
    distance: float  # 0..1, 1 = the farthest pair of places in the whole set
    similar_on: tuple  # variable names on which the two places are close, closest first
    differences: Mapping  # variable -> difference in standard deviations (neighbour - place)


def standardise(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean 0, standard deviation 1 per column (population sd, ddof=0). Constant columns become 0."""
    means = frame.mean(axis=0)
    sds = frame.std(axis=0, ddof=0).replace(0, np.nan)
    return ((frame - means) / sds).fillna(0.0)


def distance_matrix(frame: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Weighted Euclidean distances between every pair of rows after standardising each column,
    rescaled so the farthest pair is 1. Rows with any missing variable are dropped."""
    complete = frame.dropna(axis=0, how="any").astype(float)
    z = standardise(complete)
    w = np.array([float((weights or {}).get(col, 1.0)) for col in z.columns], dtype=float)
    w = np.clip(w, 0.0, None)
    scaled = z.to_numpy() * np.sqrt(w)
    squared = (scaled**2).sum(axis=1)
    d2 = squared[:, None] + squared[None, :] - 2 * scaled @ scaled.T
    distances = np.sqrt(np.clip(d2, 0.0, None))
    np.fill_diagonal(distances, 0.0)
    farthest = distances.max() if distances.size else 0.0
    if farthest > 0:
        distances = distances / farthest
    return pd.DataFrame(distances, index=z.index, columns=z.index)


@dataclass(frozen=True)
class NeighbourModel:
    """Standardised variables and the rescaled distance matrix for one set of places and weights."""

    z: pd.DataFrame
    distances: pd.DataFrame
    weights: Mapping


def neighbour_model(frame: pd.DataFrame, weights: Mapping[str, float] | None = None) -> NeighbourModel:
    complete = frame.dropna(axis=0, how="any").astype(float)
    return NeighbourModel(standardise(complete), distance_matrix(complete, weights), dict(weights or {}))


def neighbours_from_model(
    model: NeighbourModel, code, count: int = NEAREST_NEIGHBOURS, similar_within_sd: float = 0.5
) -> list[Neighbour]:
    if code not in model.distances.index:
        return []
    row = model.distances.loc[code].drop(index=code)
    # Stable ordering: by distance, then code, so ties never shuffle between requests.
    ordered = sorted(row.items(), key=lambda item: (round(float(item[1]), 12), item[0]))[:count]
    mine = model.z.loc[code]
    neighbours = []
    for other, distance in ordered:
        diffs = (model.z.loc[other] - mine).to_dict()
        similar = sorted(
            (var for var, diff in diffs.items() if abs(diff) < similar_within_sd and model.weights.get(var, 1.0) > 0),
            key=lambda var: abs(diffs[var]),
        )
        neighbours.append(Neighbour(other, float(distance), tuple(similar), diffs))
    return neighbours


def nearest_neighbours(
    frame: pd.DataFrame,
    code,
    weights: Mapping[str, float] | None = None,
    count: int = NEAREST_NEIGHBOURS,
    similar_within_sd: float = 0.5,
) -> list[Neighbour]:
    """The ``count`` places closest to ``code``, with the variables that make each one similar
    (those whose standardised difference is below ``similar_within_sd`` and carry weight)."""
    return neighbours_from_model(neighbour_model(frame, weights), code, count, similar_within_sd)


# --- Oflog measures ---------------------------------------------------------------------------

POLARITY_HIGHER_BETTER = "higher"
POLARITY_LOWER_BETTER = "lower"
POLARITY_UNKNOWN = ""


def normalise_polarity(rank_order) -> str:
    """Oflog's ``rank_order``: ``desc`` ranks the highest first, so higher is better."""
    text = str(rank_order or "").strip().lower()
    if text == "desc":
        return POLARITY_HIGHER_BETTER
    if text == "asc":
        return POLARITY_LOWER_BETTER
    return POLARITY_UNKNOWN


def measure_comparison(frame: pd.DataFrame) -> pd.DataFrame:
    """Each council against the median of all councils for the same measure and year.

    ``frame`` columns: authority, year, code, value, polarity (higher/lower/""). Missing values are
    excluded from the median. Adds median, mad, n, mads_from_median ((value - median) / MAD) and
    ``better_to_right``: the distance oriented so a positive number is always better (for unknown
    polarity it is left as published and flagged by an empty polarity).
    """
    data = frame.copy()
    data["value"] = pd.to_numeric(data["value"], errors="coerce")
    grouped = data.groupby(["code", "year"])["value"]
    data["median"] = grouped.transform("median")
    data["n"] = grouped.transform("count")
    data["mad"] = (data["value"] - data["median"]).abs().groupby([data["code"], data["year"]]).transform("median")
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = (data["value"] - data["median"]) / data["mad"]
    distance = distance.where(data["mad"] != 0, np.where(data["value"] == data["median"], 0.0, np.nan))
    data["mads_from_median"] = distance
    sign = data["polarity"].map({POLARITY_HIGHER_BETTER: 1.0, POLARITY_LOWER_BETTER: -1.0}).fillna(1.0)
    data["better_to_right"] = data["mads_from_median"] * sign
    data["considered_different"] = data["mads_from_median"].abs() > DIFFERENT_MADS
    return data


# --- Which population divides which year ----------------------------------------------------------
#
# £ per head for the financial year Y-(Y+1) divides by the ONS mid-Y estimate (30 June Y, early in
# the year) where one is held. Otherwise the nearest mid-year is used and named on the page; on a tie
# (mid-(Y-1) and mid-(Y+1) both one year away) the later one wins, because the financial year is
# centred on October Y, nine months from mid-(Y+1) but fifteen from mid-(Y-1). A population more
# than POPULATION_MAX_GAP_YEARS from the year is still used (nothing better is held) but flagged.

POPULATION_MAX_GAP_YEARS = 2


@dataclass(frozen=True)
class PopulationChoice:
    mid_year: int | None
    gap: int | None  # whole years between the estimate's mid-year and the financial year's start year
    flagged: bool  # gap > POPULATION_MAX_GAP_YEARS


def population_gap_flagged(gap) -> bool:
    return gap is not None and _finite(gap) and abs(int(gap)) > POPULATION_MAX_GAP_YEARS


def choose_population_year(start_year: int, mid_years: Iterable[int]) -> PopulationChoice:
    """The mid-year estimate to divide the financial year starting in ``start_year`` by."""
    years = sorted({int(y) for y in mid_years})
    if not years:
        return PopulationChoice(None, None, False)
    best = min(years, key=lambda y: (abs(y - start_year), -y))
    gap = abs(best - start_year)
    return PopulationChoice(best, gap, population_gap_flagged(gap))


def population_for_year(estimates: pd.DataFrame, start_year: int) -> pd.DataFrame:
    """``choose_population_year`` for every authority at once.

    ``estimates``: columns authority_id, mid_year, population, source (one row per estimate).
    Returns one row per authority (index authority_id) with population, mid_year, source, gap and
    flagged.
    """
    columns = ["population", "mid_year", "source", "gap", "flagged"]
    rows: dict = {}
    for authority_id, mid_year, population, source in estimates[
        ["authority_id", "mid_year", "population", "source"]
    ].itertuples(index=False):
        rows.setdefault(authority_id, {})[int(mid_year)] = (population, source)
    chosen = {}
    for authority_id, by_year in rows.items():
        # One rule for one council and for all of them: choose_population_year decides.
        choice = choose_population_year(start_year, by_year)
        population, source = by_year[choice.mid_year]
        chosen[authority_id] = (population, choice.mid_year, source, choice.gap, choice.flagged)
    frame = pd.DataFrame.from_dict(chosen, orient="index", columns=columns)
    return frame.rename_axis("authority_id")


def population_source_label(source: str, mid_year: int | None) -> str:
    """'the ONS mid-2013 population' / 'the mid-2020 population (mySociety lookup)'."""
    if mid_year is None:
        return "no population estimate"
    if str(source or "").startswith("mysociety"):
        return f"the mid-{mid_year} population (mySociety lookup)"
    transcribed = " (transcribed, provisional)" if "transcribed" in str(source or "") else ""
    return f"the ONS mid-{mid_year} population{transcribed}"


def population_gap_text(gap) -> str:
    """The warning shown beside a per-head figure whose population is far from its year."""
    if not population_gap_flagged(gap):
        return ""
    return f"population estimate is {abs(int(gap))} years from this year"


# --- Real terms ----------------------------------------------------------------------------------
#
# Real terms = cash × (100 ÷ deflator of the year), with the GDP deflator series as published
# (rebased so that its base year = 100: 2023-24 in the HM Treasury series we hold). So a real-terms
# figure is "in 2023-24 prices": the series' base year, stated on every page from the stored
# PriceIndex.base_year, rather than a rebasing to the latest outturn year that would change whenever
# a new year of outturn arrives. Every real-terms figure is a cash figure times one factor per year,
# so medians, quartiles and savings scale with it and ranks, percentiles and MADs from the median do
# not change.


def real_terms_factor(deflator) -> float | None:
    """100 ÷ the year's deflator; None when there is no usable deflator."""
    if not _finite(deflator) or float(deflator) <= 0:
        return None
    return 100.0 / float(deflator)


def real_terms(cash, deflator) -> float | None:
    """A cash figure in the prices of the deflator series' base year."""
    factor = real_terms_factor(deflator)
    if factor is None or not _finite(cash):
        return None
    return float(cash) * factor


def rebase_deflators(deflators: Mapping, base_year) -> dict:
    """The series rebased so ``base_year`` = 100 (each deflator × 100 ÷ the base year's)."""
    base = deflators.get(base_year)
    if not _finite(base) or float(base) <= 0:
        raise ValueError(f"no deflator for the base year {base_year}")
    return {year: float(value) * 100.0 / float(base) for year, value in deflators.items() if _finite(value)}


# --- maps: quantile classes and regional summary --------------------------------------------------

MAP_CLASSES = 5  # quintiles


def class_breaks(values: Iterable, classes: int = MAP_CLASSES) -> list[float]:
    """The ``classes - 1`` quantile breaks of the values (the same linear interpolation as quartiles):
    for quintiles the 20th, 40th, 60th and 80th percentiles. Missing values are left out."""
    array = np.sort(np.asarray([float(v) for v in values if _finite(v)], dtype=float))
    if array.size == 0:
        return []
    return [quantile(array, i / classes) for i in range(1, classes)]


def class_of(value, breaks: list[float]) -> int | None:
    """0 for the lowest band … len(breaks) for the highest; a value equal to a break is in the band
    below it (bands are 'over the lower limit, up to and including the upper')."""
    if not _finite(value):
        return None
    return int(np.searchsorted(np.asarray(breaks, dtype=float), float(value), side="left")) if breaks else 0


def classes_of(values, breaks: list[float]) -> np.ndarray:
    """class_of for many values at once (NaN for a missing value)."""
    array = np.asarray(values, dtype=float)
    bands = np.searchsorted(np.asarray(breaks, dtype=float), array, side="left").astype(float)
    bands[~np.isfinite(array)] = np.nan
    return bands


def class_limits(values: Iterable, breaks: list[float]) -> list[tuple[float, float, int]]:
    """(lowest, highest, count) of the values in each band: the legend's limits."""
    present = np.asarray([float(v) for v in values if _finite(v)], dtype=float)
    if not present.size:
        return []
    counts = np.bincount(classes_of(present, breaks).astype(int), minlength=len(breaks) + 1)
    edges = [float(present.min()), *breaks, float(present.max())]
    return [(edges[i], edges[i + 1], int(counts[i])) for i in range(len(breaks) + 1)]


def region_medians(values: Mapping, regions: Mapping) -> list[tuple[str, float, int]]:
    """(region, median of the councils' values, number of councils) per region, highest first."""
    by_region: dict[str, list[float]] = {}
    for key, value in values.items():
        if _finite(value) and regions.get(key):
            by_region.setdefault(regions[key], []).append(float(value))
    rows = [(region, float(np.median(v)), len(v)) for region, v in by_region.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))
