"""Comparison groups resolved for one council in one year's figures (benchmarks.store): the built-in
groups (same type, same region, England), nearest neighbours, and a saved group's members.

Part of the benchmarks app (it reads the store); the saved groups themselves, and the reads that
list them, are benchmarks.groups', which never imports benchmarks.
"""

from __future__ import annotations

import math
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import analysis
from .groups.models import ComparisonGroup
from .models import PlaceCharacteristics
from .store import YearDataset, data_version, derived, frames

TYPE_GROUP_LABEL = {
    "CTY": "county councils",
    "NMD": "district councils",
    "UA": "unitary authorities",
    "MD": "metropolitan districts",
    "LBO": "London boroughs and the City of London",
}
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


def members_by(dataset: YearDataset, key: str) -> dict:
    cache_key = ("members", dataset.version, dataset.year.start_year, dataset.measure, key)

    def build():
        groups: dict = {}
        for aid, rec in dataset.records.items():
            groups.setdefault(rec["type_group"] if key == "type" else (rec["type_group"], rec["region"]), []).append(
                aid
            )
        return groups

    return derived.get_or_build(cache_key, build)


def build_group(
    dataset: YearDataset,
    authority_id: int,
    group_key: str = "type",
    weights: dict | None = None,
    version: str | None = None,
) -> Group:
    me = dataset.records[authority_id]
    if group_key == "type":
        ids = members_by(dataset, "type")[me["type_group"]]
        return Group("type", "type", TYPE_GROUP_LABEL.get(me["type_group"], "councils of this type"), ids)
    if group_key == "region":
        ids = members_by(dataset, "region")[(me["type_group"], me["region"])]
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

    return frames.get_or_build(("neighbour_vars", version), build)


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

    model = derived.get_or_build(
        ("neighbour_model", version, dataset.year.start_year, my_tier, weight_key), build_model
    )
    return derived.get_or_build(
        ("neighbours", version, dataset.year.start_year, authority_id, weight_key),
        lambda: analysis.neighbours_from_model(model, authority_id),
    )
