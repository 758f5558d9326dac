"""Reads for the Oflog performance measures: each council's value in a year against the median and
MAD of all councils (benchmarks.analysis.measure_comparison), built once per import version.
"""

from __future__ import annotations

import pandas as pd

from . import analysis
from .models import PerformanceMeasure, PerformanceValue
from .store import data_version, frames
from .years import FinancialYear


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

    return frames.get_or_build(("performance", version), build)


def performance_measures(version: str | None = None) -> dict:
    version = version or data_version()
    return frames.get_or_build(
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

    return frames.get_or_build(("performance_index", version), build)


def performance_for(authority_id: int, year: FinancialYear, version: str | None = None) -> list[dict]:
    """The council's Oflog measures in a year, each against the median of all councils (copies, so
    callers may add to them)."""
    rows = _performance_index(version or data_version()).get((authority_id, year.start_year), [])
    return [dict(row) for row in rows]
