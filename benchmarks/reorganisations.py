"""Reads for reorganised councils: who came before and after a council, its predecessors' figures
combined for the years before it existed, and what to say when it has no figures for a year.

The arithmetic is in benchmarks/predecessors.py (pure); this module only gathers its inputs from the
in-memory year datasets kept by benchmarks/store.py. The trend (benchmarks/comparison.py) shows the
predecessors combined beside the group's statistics.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from . import predecessors as pred
from . import store
from .models import Authority, ReturnStatus
from .ro import UPPER_TIER_SERVICES
from .years import FinancialYear


@dataclass(frozen=True)
class Lineage:
    id: int
    name: str
    start_date: object
    end_date: object
    predecessors: tuple  # pred.Predecessor
    predecessor_links: tuple  # (name, gss_code) of the councils it replaced
    successor_links: tuple  # (name, gss_code) of the councils that replaced it


@dataclass
class _Row:
    name: str
    official_name: str
    gss_code: str | None
    authority_type: str
    parent_id: int | None
    start_date: object
    end_date: object
    successor_ids: set

    @property
    def formal_name(self) -> str:
        # Predecessors are named officially: "North Yorkshire County Council" became "North Yorkshire".
        return self.official_name or self.name


def _lineage_rows(version: str) -> dict:
    """{authority id: _Row} for every authority with a start or end date or a reorganisation link: one
    query, once per import version."""

    def build():
        linked = Authority.objects.filter(
            Q(start_date__isnull=False)
            | Q(end_date__isnull=False)
            | Q(successors__isnull=False)
            | Q(predecessors__isnull=False)
        )
        rows: dict = {}
        for aid, *fields, successor in linked.values_list(
            "id",
            "name",
            "official_name",
            "gss_code",
            "authority_type",
            "parent_id",
            "start_date",
            "end_date",
            "successors",
        ):
            rows.setdefault(aid, _Row(*fields, set())).successor_ids.update([successor] if successor else [])
        return rows

    return store.frames.get_or_build(("lineage_rows", version), build)


def lineage(authority_id: int, version: str | None = None) -> Lineage:
    version = version or store.data_version()

    def build():
        rows = _lineage_rows(version)
        me = rows.get(authority_id)
        if me is None:
            name = store.councils_frame(version).at[authority_id, "name"]
            return Lineage(authority_id, name, None, None, (), (), ())
        olds = sorted(
            (aid for aid, row in rows.items() if authority_id in row.successor_ids), key=lambda a: rows[a].name
        )
        return Lineage(
            authority_id,
            me.name,
            me.start_date,
            me.end_date,
            tuple(
                pred.Predecessor(
                    aid,
                    rows[aid].formal_name,
                    rows[aid].authority_type,
                    rows[aid].parent_id,
                    tuple(sorted(rows[s].name for s in rows[aid].successor_ids)),
                )
                for aid in olds
            ),
            tuple((rows[aid].formal_name, rows[aid].gss_code) for aid in olds),
            tuple(sorted((rows[s].name, rows[s].gss_code) for s in me.successor_ids)),
        )

    return store.derived.get_or_build(("lineage", version, authority_id), build)


def _predecessor_year(dataset, p: pred.Predecessor, code: str) -> pred.PredecessorYear:
    record = dataset.records.get(p.id)
    if record is None:
        return pred.PredecessorYear(p, "none", None, None)
    value = dataset.values.at[p.id, code] if code in dataset.values.columns else None
    value = None if value is None or value != value else float(value)  # NaN: a blank line
    return pred.PredecessorYear(
        p,
        record["status"],
        value,
        record["population"],
        blank_means_none=p.authority_type == "NMD" and code in UPPER_TIER_SERVICES,
    )


def combined_for_year(dataset, authority_id: int, code: str) -> pred.CombinedPoint | None:
    """The predecessors combined for a year before the council existed; None where that does not apply."""
    history = lineage(authority_id, dataset.version)
    if not history.predecessors or not pred.before_start(history.start_date, dataset.year):
        return None
    own = store.year_populations(dataset.version, dataset.year)
    fallback, note = None, ""
    if authority_id in own.index:
        fallback = own.at[authority_id, "population"]
        note = (
            f"{history.name}'s mid-{int(own.at[authority_id, 'mid_year'])} estimate, the nearest held for the "
            "same area (none is held for the predecessor councils)"
        )
    rows = [_predecessor_year(dataset, p, code) for p in history.predecessors]
    return pred.combine(rows, fallback, note)


# --- a year without figures ---------------------------------------------------------------------------


def years_with_figures(authority_id: int, measure: str, version: str) -> list[FinancialYear]:
    """Years in which the council submitted a return (oldest first)."""
    out = []
    for year in store.available_years(version):
        dataset = store.year_dataset(year, measure, version)
        if authority_id in dataset.records and dataset.submitted(authority_id):
            out.append(year)
    return out


def year_status(authority_id: int, year: FinancialYear, measure: str, version: str, with_latest: bool = True) -> dict:
    """Why a council has no figures for a year, in words, with the councils to look at instead.

    ``kind`` is "ok", "not_submitted", "not_created", "abolished" or "no_return"; ``with_latest=False``
    skips finding the latest year with figures (it reads every year)."""
    history = lineage(authority_id, version)
    dataset = store.year_dataset(year, measure, version)
    name, label = history.name, year.label
    status = {
        "kind": "ok",
        "message": "",
        "successors": list(history.successor_links),
        "predecessors": [],
        "latest_with_figures": None,
    }
    if authority_id in dataset.records and dataset.submitted(authority_id):
        return status
    if authority_id in dataset.records and dataset.records[authority_id]["status"] == ReturnStatus.NOT_SUBMITTED:
        status.update(kind="not_submitted", message=f"{name} did not submit a revenue outturn return for {label}.")
    elif pred.before_start(history.start_date, year):
        status.update(
            kind="not_created",
            message=f"{name} did not exist in {label}: it was created on {history.start_date:%-d %B %Y}"
            + (f" from {pred._and(n for n, _g in history.predecessor_links)}." if history.predecessor_links else "."),
            predecessors=list(history.predecessor_links),
        )
    elif (last := pred.last_year(history.end_date)) is not None and year > last:
        replaced = pred._and(n for n, _g in history.successor_links)
        status.update(
            kind="abolished",
            message=f"{name} did not exist in {label}: it was abolished at the end of {last.label}"
            + (f" and replaced by {replaced}." if replaced else "."),
        )
    else:
        status.update(kind="no_return", message=f"{name} has no revenue outturn return for {label}.")
    with_figures = [y for y in years_with_figures(authority_id, measure, version) if y != year] if with_latest else []
    status["latest_with_figures"] = with_figures[-1] if with_figures else None
    return status
