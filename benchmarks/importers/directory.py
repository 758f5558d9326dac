"""A directory of official files: which importer reads each file, and in what order.

Its own module so that it can name every importer (those in services.py and the ones built on it,
such as load_detail.py) without any of them importing each other in a circle.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.models import Dataset

from .base import OfficialDataError
from .boundaries import looks_like_topojson
from .load_boundaries import import_boundaries
from .load_detail import import_detail
from .services import (
    import_authorities,
    import_budget,
    import_outturn,
    import_performance,
    import_population_mid2023,
    import_population_workbook,
    import_prices,
)


def _starts_like_topojson(path: Path) -> bool:
    """Boundaries are told by their content (a TopoJSON topology), whatever the file is called."""
    if path.suffix.lower() not in (".json", ".topojson", ".topo"):
        return False
    try:
        with path.open("rb") as handle:
            return looks_like_topojson(handle.read(200_000))
    except OSError:
        return False


def recognise(path: Path) -> tuple[str, str] | None:
    """(kind, dataset) for files we know how to import, by name (boundaries by content); None for anything else."""
    name = path.name.lower()
    if _starts_like_topojson(path):
        return "boundaries", Dataset.BOUNDARIES
    if re.match(r"^(ro3_|revenue_outturn__ro3__).*\.(xls|xlsx|ods)$", name):
        return "detail", Dataset.SERVICE_DETAIL
    if name.endswith(".csv") and "local_authorities" in name:
        return "authorities", Dataset.AUTHORITIES
    if re.match(r"^(revenue_outturn_summary|rs_|rsx_).*\.(xls|xlsx|ods|csv)$", name):
        return "outturn", Dataset.REVENUE_OUTTURN
    if re.match(r"^ra_.*\.(csv|xls|xlsx|ods)$", name):
        return "budget", Dataset.REVENUE_BUDGET
    if re.search(r"^mye\d|mid-?year-?estimates|mid-\d{4}", name) and name.endswith((".xls", ".xlsx", ".ods")):
        # ONS mid-year estimates of any year (mye22final.xlsx, MYE2_…_mid-2013.xls, ukmidyearestimates….xls);
        # which layout it is is told from the content.
        return "population_workbook", Dataset.POPULATION
    if re.match(r"^pop_mid2023.*\.csv$", name):
        return "population_mid2023", Dataset.POPULATION
    if "deflator" in name and name.endswith(".csv"):
        return "prices", Dataset.PRICES
    if name.startswith("oflog") and name.endswith(".csv"):
        return "performance", Dataset.PERFORMANCE
    return None


IMPORTERS = {
    "authorities": import_authorities,
    "outturn": import_outturn,
    "budget": import_budget,
    "population_workbook": import_population_workbook,
    "population_mid2023": import_population_mid2023,
    "performance": import_performance,
    "detail": import_detail,
    "prices": import_prices,
    "boundaries": import_boundaries,
}
# Detail after outturn: the outturn import adds the other bodies (police, fire ...) that detail rows match.
ORDER = [
    "authorities",
    "population_workbook",
    "population_mid2023",
    "outturn",
    "detail",
    "budget",
    "performance",
    "prices",
    "boundaries",
]


def plan_directory(directory) -> tuple[list[tuple[str, Path]], list[Path]]:
    directory = Path(directory)
    if not directory.is_dir():
        raise OfficialDataError(f"{directory}: no such directory.")
    known, unknown = [], []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        kind = recognise(path)
        if kind is None:
            if path.suffix.lower() not in (".md", ".txt") and not path.name.startswith("."):
                unknown.append(path)
        else:
            known.append((kind[0], path))
    known.sort(key=lambda item: (ORDER.index(item[0]), item[1].name))
    return known, unknown
