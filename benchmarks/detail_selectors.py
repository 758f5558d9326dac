"""Reads for the RO3 social care detail ("Spending by type of care" on the 330/360 service pages).

Each sub-service line's net current expenditure and gross (total) expenditure, £ thousand as
published, divided by the population the rest of the page uses for that council, and compared over
the page's own comparison group with the same statistics (benchmarks.analysis). Members that do
not deliver the service on the page are left out, as they are from the page's other figures; a
NULL figure (return not submitted) is missing, never zero.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import analysis
from .grouping import Group
from .models import DetailLine, DetailValue, ImportRun, Measure
from .store import ServiceInfo, YearDataset, derived, frames
from .years import FinancialYear

DETAIL_SERVICES = ("330", "360")
NET, GROSS = Measure.NET_CURRENT_EXPENDITURE, Measure.TOTAL_EXPENDITURE
NOT_SUBMITTED, NO_FIGURE, NO_POPULATION = "Not submitted", "No figure", "No population figure"


@dataclass
class _DetailYear:
    lines: list  # [{"id", "code", "name", "section"}] in the file's order
    values: dict  # (line id, measure) -> {authority id: Decimal | None}
    source: dict


@dataclass
class DetailCell:
    per_head: float | None
    text: str  # "£12.34", or why there is no figure
    stats: analysis.GroupStatistics
    position: analysis.Position | None

    @property
    def median_text(self) -> str:
        return _money(self.stats.median)

    @property
    def q1_text(self) -> str:
        return _money(self.stats.q1)

    @property
    def q3_text(self) -> str:
        return _money(self.stats.q3)

    @property
    def rank_text(self) -> str:
        return self.position.rank_text if self.position and self.position.rank else "–"


@dataclass
class DetailTableRow:
    code: str
    name: str
    net: DetailCell
    gross: DetailCell


@dataclass
class DetailTable:
    service: ServiceInfo
    year_label: str
    source: dict
    population: float | None
    population_year: int | None
    rows: list = field(default_factory=list)


def _money(value: float | None) -> str:
    if value is None:
        return "–"
    return f"-£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"


def _detail_year(version: str, year: FinancialYear, service_code: str) -> _DetailYear | None:
    def build():
        rows = list(
            DetailValue.objects.filter(
                year=year, line__service__code=service_code, measure__in=[NET, GROSS]
            ).values_list("line_id", "measure", "authority_id", "value_thousands", "source_id")
        )
        if not rows:
            return None
        values: dict = {}
        for line_id, measure, authority_id, value, _source in rows:
            values.setdefault((line_id, measure), {})[authority_id] = value
        lines = list(
            DetailLine.objects.filter(id__in={r[0] for r in rows})
            .order_by("sort_order", "code")
            .values("id", "code", "name", "section")
        )
        source_id = Counter(r[4] for r in rows).most_common(1)[0][0]
        source = ImportRun.objects.filter(pk=source_id).values("id", "file_name", "publisher_last_updated", "sha256")[0]
        return _DetailYear(lines, values, source)

    return frames.get_or_build(("detail", version, year.start_year, service_code), build)


def _compared_members(dataset: YearDataset, group: Group, service_code: str) -> list:
    """The group members the page compares on this service: those that deliver it (or made no return)."""
    delivers = dataset.comparable.get(service_code + ":delivers")
    if delivers is None:
        return list(group.member_ids)
    return [aid for aid in group.member_ids if delivers[dataset.position[aid]] or not dataset.submitted(aid)]


def _cell(dataset: YearDataset, members: list, figures: dict, authority_id: int) -> DetailCell:
    per_head = {}
    for aid in members:
        if aid not in figures:
            continue  # no detail row for this council: not compared
        value, population = figures[aid], dataset.records[aid]["population"]
        per_head[aid] = None if value is None or not population else float(value) * 1000.0 / population
    stats = analysis.group_statistics(per_head)
    mine = per_head.get(authority_id)
    if mine is not None:
        return DetailCell(mine, _money(mine), stats, analysis.position_in_group(stats, authority_id))
    if authority_id not in figures:
        text = NO_FIGURE
    elif figures[authority_id] is None:
        text = NOT_SUBMITTED
    else:
        text = NO_POPULATION
    return DetailCell(None, text, stats, None)


def service_detail(dataset: YearDataset, group: Group, authority_id: int, service: ServiceInfo) -> DetailTable | None:
    """The detail table for a 330/360 service page, or None when there is no detail for the page's year."""
    if service.code not in DETAIL_SERVICES:
        return None
    members = tuple(group.member_ids)
    key = (
        "detail-table",
        dataset.version,
        dataset.year.start_year,
        service.code,
        authority_id,
        hash(members),
        len(members),
    )
    return derived.get_or_build(key, lambda: _build_table(dataset, group, authority_id, service))


def _build_table(dataset: YearDataset, group: Group, authority_id: int, service: ServiceInfo) -> DetailTable | None:
    detail = _detail_year(dataset.version, dataset.year, service.code)
    if detail is None:
        return None
    members = _compared_members(dataset, group, service.code)
    if authority_id not in members:
        members.append(authority_id)
    record = dataset.records[authority_id]
    table = DetailTable(service, dataset.year.label, detail.source, record["population"], record["population_year"])
    for line in detail.lines:
        net = detail.values.get((line["id"], NET), {})
        gross = detail.values.get((line["id"], GROSS), {})
        table.rows.append(
            DetailTableRow(
                line["code"],
                line["name"],
                _cell(dataset, members, net, authority_id),
                _cell(dataset, members, gross, authority_id),
            )
        )
    return table
