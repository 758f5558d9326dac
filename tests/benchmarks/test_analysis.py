"""benchmarks.analysis against independent calculations (the statistics module and hand-worked
examples), including ties, tiny groups, missing submissions and zero-MAD groups."""

import csv
import math
import random
import statistics
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings

from benchmarks import analysis

DATA_DIR = Path(settings.DATA_DIR)  # the data directory `make` and CI pass in (DATA_DIR)
OFLOG_CSV = DATA_DIR / "performance" / "oflog_asc_data.csv"


def independent_mad(values):
    centre = statistics.median(values)
    return statistics.median([abs(v - centre) for v in values])


@pytest.mark.parametrize("seed", range(20))
def test_group_statistics_match_the_statistics_module(seed):
    rng = random.Random(seed)
    n = rng.randint(4, 60)
    values = {f"E{i:08d}": round(rng.uniform(-50, 900), 3) for i in range(n)}
    stats = analysis.group_statistics(values)
    plain = list(values.values())
    q1, _q2, q3 = statistics.quantiles(plain, n=4, method="inclusive")
    assert stats.n == n
    assert stats.median == pytest.approx(statistics.median(plain))
    assert stats.q1 == pytest.approx(q1)
    assert stats.q3 == pytest.approx(q3)
    assert stats.mad == pytest.approx(independent_mad(plain))


def test_hand_worked_group_with_ties():
    # Sorted: 1, 2, 2, 4, 7, 10. Median 3; quartiles (inclusive/linear) at positions 1.25 and 3.75:
    # q1 = 2 + 0.25*(2-2) = 2, q3 = 4 + 0.75*(7-4) = 6.25. Deviations 2,1,1,1,4,7 -> MAD 1.5.
    values = {"a": 1, "b": 2, "c": 2, "d": 4, "e": 7, "f": 10}
    stats = analysis.group_statistics(values)
    assert (stats.median, stats.q1, stats.q3, stats.mad) == (3, 2, 6.25, 1.5)

    top = analysis.position_in_group(stats, "f")
    assert top.rank == 1 and top.rank_text == "1st highest of 6"
    assert top.percentile == 100
    assert top.mads_from_median == pytest.approx((10 - 3) / 1.5)
    assert top.considered_different is True

    # b and c tie on 2: both "joint 4th highest" (four values are higher... no: 10, 7, 4 are higher).
    tied_b = analysis.position_in_group(stats, "b")
    tied_c = analysis.position_in_group(stats, "c")
    assert tied_b.rank == tied_c.rank == 4
    assert tied_b.rank_text == "joint 4th highest of 6"
    # Positions 1 and 2 of 0..5 -> average 1.5 -> 1.5/5 = 30th percentile.
    assert tied_b.percentile == pytest.approx(30.0)
    lowest = analysis.position_in_group(stats, "a")
    assert lowest.rank == 6 and lowest.percentile == 0
    assert lowest.mads_from_median == pytest.approx(-2 / 1.5)
    assert lowest.considered_different is False


def test_value_at_lower_quartile_sits_at_25th_percentile():
    values = {k: v for k, v in zip("abcde", [10, 20, 30, 40, 50], strict=True)}
    stats = analysis.group_statistics(values)
    assert stats.q1 == 20
    assert analysis.position_in_group(stats, "b").percentile == 25


def test_missing_submissions_are_excluded_and_listed_not_counted_as_zero():
    values = {"a": 5.0, "b": None, "c": 7.0, "d": float("nan"), "e": 9.0, "f": 11.0}
    stats = analysis.group_statistics(values)
    assert stats.n == 4
    assert set(stats.missing) == {"b", "d"}
    assert stats.median == statistics.median([5, 7, 9, 11])
    assert stats.minimum == 5
    missing = analysis.position_in_group(stats, "b")
    assert missing.value is None and missing.rank is None
    assert missing.note == analysis.NOTE_NOT_SUBMITTED
    assert "did not submit" in analysis.sentence("Highways", "B Council", missing, stats, "districts")


@pytest.mark.parametrize("n", [1, 2, 3])
def test_tiny_groups_have_median_and_rank_but_no_spread(n):
    values = {f"c{i}": float(i * 10) for i in range(n)}
    stats = analysis.group_statistics(values)
    assert stats.median == statistics.median(values.values())
    assert stats.q1 is None and stats.q3 is None and stats.mad is None
    position = analysis.position_in_group(stats, f"c{n - 1}")
    assert position.rank == 1
    assert position.mads_from_median is None
    assert position.considered_different is None
    assert position.note == analysis.NOTE_TINY_GROUP


def test_zero_mad_group():
    values = {"a": 3, "b": 3, "c": 3, "d": 3, "e": 8}
    stats = analysis.group_statistics(values)
    assert stats.mad == 0 == independent_mad(list(values.values()))
    assert stats.note == analysis.NOTE_ZERO_MAD
    at_median = analysis.position_in_group(stats, "a")
    assert at_median.mads_from_median == 0.0 and at_median.considered_different is False
    assert at_median.rank == 2 and at_median.tied == 4
    outlier = analysis.position_in_group(stats, "e")
    assert outlier.mads_from_median is None  # cannot be expressed in MADs
    assert outlier.considered_different is True


def test_empty_group():
    stats = analysis.group_statistics({"a": None})
    assert stats.n == 0 and stats.median is None and stats.missing == ("a",)


def test_ordinals():
    assert [analysis.ordinal(i) for i in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "111th",
    ]


def test_per_head_and_savings_opportunity():
    # £2,500 thousand for 50,000 people = £50 per head.
    assert analysis.per_head(2500, 50000) == 50
    assert analysis.per_head(2500, 0) is None
    assert analysis.per_head(None, 1000) is None
    # £60 per head against a £50 median for 10,000 people: £100,000 less at the median.
    assert analysis.savings_opportunity(60, 50, 10000) == 100000
    assert analysis.savings_opportunity(40, 50, 10000) == 0
    assert analysis.savings_opportunity(None, 50, 10000) is None


def test_sentence_says_direction_rank_and_difference():
    stats = analysis.group_statistics({"a": 1, "b": 2, "c": 2, "d": 4, "e": 7, "f": 10})
    text = analysis.sentence(
        "Highways and transport", "F Council", analysis.position_in_group(stats, "f"), stats, "district councils"
    )
    assert "£10.00 per head" in text and "£7.00 per head more than the median (£3.00)" in text
    assert "1st highest of 6 in district councils" in text and "considered different" in text


def test_place_totals_add_districts_to_their_county():
    values = pd.DataFrame(
        {"290": [100.0, 10.0, 20.0, 50.0, 5.0], "190": [400.0, float("nan"), float("nan"), 200.0, float("nan")]},
        index=["CTY1", "D1", "D2", "UA1", "D3"],
    )
    totals = analysis.place_totals(values, {"D1": "CTY1", "D2": "CTY1", "D3": "CTY2"})
    assert list(totals.index) == ["CTY1"]  # CTY2 has no figures of its own here
    assert totals.loc["CTY1", "290"] == 130
    assert totals.loc["CTY1", "190"] == 400  # districts don't deliver education: not counted as 0
    assert totals.loc["CTY1", "members"] == 3
    assert totals.loc["CTY1", "incomplete"] == ""


def test_place_totals_flag_a_district_without_a_return():
    values = pd.DataFrame({"290": [100.0, float("nan")]}, index=["CTY1", "D1"])
    totals = analysis.place_totals(values, {"D1": "CTY1"})
    assert totals.loc["CTY1", "incomplete"] == "D1"


def test_nearest_neighbours_against_hand_computation():
    frame = pd.DataFrame(
        {"population": [100, 110, 300, 105, 1000], "density": [5.0, 5.5, 1.0, 9.0, 40.0]},
        index=["A", "B", "C", "D", "E"],
    )
    weights = {"population": 1.0, "density": 2.0}
    # Independent: standardise with population sd, weighted Euclidean, divide by the largest pair.
    z = {}
    for col in frame.columns:
        mean = statistics.fmean(frame[col])
        sd = statistics.pstdev(frame[col])
        z[col] = {k: (v - mean) / sd for k, v in frame[col].items()}

    def dist(a, b):
        return math.sqrt(sum(weights[c] * (z[c][a] - z[c][b]) ** 2 for c in frame.columns))

    farthest = max(dist(a, b) for a in frame.index for b in frame.index)
    expected = sorted((dist("A", o) / farthest, o) for o in frame.index if o != "A")
    neighbours = analysis.nearest_neighbours(frame, "A", weights=weights, count=3)
    assert [n.code for n in neighbours] == [o for _d, o in expected[:3]]
    for neighbour, (d, _o) in zip(neighbours, expected, strict=False):
        assert neighbour.distance == pytest.approx(d)
    assert max(analysis.distance_matrix(frame, weights).max()) == pytest.approx(1.0)
    # B is close on both variables.
    assert set(neighbours[0].similar_on) == {"population", "density"}


def test_neighbour_weights_change_the_order():
    frame = pd.DataFrame({"population": [100, 101, 200], "density": [1.0, 50.0, 1.1]}, index=["A", "B", "C"])
    by_population = analysis.nearest_neighbours(frame, "A", weights={"population": 1, "density": 0})
    by_density = analysis.nearest_neighbours(frame, "A", weights={"population": 0, "density": 1})
    assert by_population[0].code == "B"
    assert by_density[0].code == "C"
    assert "density" not in by_population[0].similar_on


def test_places_missing_a_variable_are_left_out_of_neighbours():
    frame = pd.DataFrame({"population": [1.0, 2.0, None, 4.0]}, index=["A", "B", "C", "D"])
    assert "C" not in [n.code for n in analysis.nearest_neighbours(frame, "A")]
    assert analysis.nearest_neighbours(frame, "C") == []


def test_polarity():
    assert analysis.normalise_polarity("DESC") == analysis.POLARITY_HIGHER_BETTER
    assert analysis.normalise_polarity("asc") == analysis.POLARITY_LOWER_BETTER
    assert analysis.normalise_polarity(None) == analysis.POLARITY_UNKNOWN
    frame = pd.DataFrame(
        {
            "authority": list("abcde") * 2,
            "year": ["2022-23"] * 10,
            "code": ["UP"] * 5 + ["DOWN"] * 5,
            "value": [1, 2, 3, 4, 10] * 2,
            "polarity": ["higher"] * 5 + ["lower"] * 5,
        }
    )
    result = analysis.measure_comparison(frame).set_index(["code", "authority"])
    assert result.loc[("UP", "e"), "mads_from_median"] == 7
    assert result.loc[("UP", "e"), "better_to_right"] == 7
    assert result.loc[("DOWN", "e"), "better_to_right"] == -7


@pytest.mark.skipif(not OFLOG_CSV.exists(), reason=f"official data file {OFLOG_CSV} is missing (set DATA_DIR)")
def test_oflog_median_and_mads_equal_an_independent_computation_over_the_published_file():
    """Oflog compares each council with the median of all councils in the year and measures the
    distance as (value - median) / MAD. Recompute that with the csv and statistics modules only."""
    by_measure_year = defaultdict(dict)
    with OFLOG_CSV.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["Value"].strip():
                by_measure_year[(row["Code"], row["Financial year"])][row["Local authority code"]] = float(row["Value"])

    frame = pd.read_csv(OFLOG_CSV)
    ours = analysis.measure_comparison(
        pd.DataFrame(
            {
                "authority": frame["Local authority code"],
                "year": frame["Financial year"],
                "code": frame["Code"],
                "value": frame["Value"],
                "polarity": frame["rank_order"].map(analysis.normalise_polarity),
            }
        )
    )
    ours = ours.dropna(subset=["value"]).set_index(["code", "year", "authority"])
    checked = 0
    for (code, year), values in by_measure_year.items():
        median = statistics.median(values.values())
        mad = statistics.median([abs(v - median) for v in values.values()])
        for authority, value in values.items():
            row = ours.loc[(code, year, authority)]
            assert row["median"] == pytest.approx(median, rel=1e-12)
            assert row["mad"] == pytest.approx(mad, rel=1e-12, abs=1e-12)
            assert row["n"] == len(values)
            if mad:
                assert row["mads_from_median"] == pytest.approx((value - median) / mad, rel=1e-9)
            checked += 1
    assert checked > 6000
