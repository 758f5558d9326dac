"""The registry of searchable sources.

A source knows one model: which of its objects are visible (ONE visibility filter, used
for indexing, re-indexing and tests alike), who may see each one (its audience), and how
to describe an object for search (title, snippet text, URL, date, facet values).
Sources register themselves in cop.sitesearch.sources when the app is ready.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

from .models import Audience


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    # Years read best newest first; everything else by how many results it has.
    order_by_value_desc: bool = False


FACETS: tuple[Facet, ...] = (
    Facet("type", "Content type"),
    Facet("theme", "Theme"),
    Facet("service", "Service area"),
    Facet("region", "Region"),
    Facet("council_type", "Council type"),
    Facet("level", "Spatial level"),
    Facet("lead", "Who leads"),
    Facet("year", "Year", order_by_value_desc=True),
)
FACET_KEYS = tuple(f.key for f in FACETS)


@dataclass
class IndexedItem:
    """How one visible object appears in search."""

    object_id: str
    title: str
    url: str
    summary: str = ""
    # Shown instead of the title when set; the title alone carries title weight in the index.
    display_title: str = ""
    body: str = ""
    keywords: str = ""
    date: datetime.datetime | None = None
    audience: str = Audience.PUBLIC
    visible_until: datetime.date | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)


class SearchSource:
    """Base class: subclasses set key/label/model and implement visible() and describe()."""

    key: str = ""
    label: str = ""
    model: type[models.Model]
    # Relevance weight of this kind of item against the others (curated content first).
    boost: float = 1.0

    def visible(self) -> models.QuerySet:
        """Every object that may appear in search for at least one audience."""
        raise NotImplementedError

    def describe(self, obj) -> IndexedItem:
        raise NotImplementedError

    def watched(self) -> dict[type[models.Model], object]:
        """Models whose changes affect this source's rows: model -> function(instance) -> object ids.

        The source's own model is always watched (ids = [instance.pk]).
        """
        return {}

    def object_id(self, obj) -> str:
        return str(obj.pk)

    def items(self, ids: Iterable | None = None) -> Iterable[IndexedItem]:
        queryset = self.visible()
        if ids is not None:
            queryset = queryset.filter(pk__in=list(ids))
        for obj in queryset:
            item = self.describe(obj)
            item.facets = {k: sorted({str(v) for v in vals if v not in (None, "")}) for k, vals in item.facets.items()}
            item.facets.setdefault("type", [self.label])
            yield item


class Registry:
    def __init__(self):
        self._sources: dict[str, SearchSource] = {}
        self._verified_rules: list = []
        self._audience_rules: list = []

    def register_verified_rule(self, rule) -> None:
        """rule(user) -> True when this person may see items for verified council officers.

        members registers its rule (verified officers and moderators) in its AppConfig.ready(), so
        search never imports members. With no rule registered nobody sees those items."""
        if rule not in self._verified_rules:
            self._verified_rules.append(rule)

    def sees_verified(self, user) -> bool:
        return any(rule(user) for rule in self._verified_rules)

    def register_audience_rule(self, rule) -> None:
        """rule(user) -> further audiences this person may see (a closed group's members get its
        audience, cop.sitesearch.models.group_audience)."""
        if rule not in self._audience_rules:
            self._audience_rules.append(rule)

    def extra_audiences(self, user) -> list[str]:
        return sorted({audience for rule in self._audience_rules for audience in rule(user)})

    def register(self, source: SearchSource) -> SearchSource:
        self._sources[source.key] = source
        return source

    def get(self, key: str) -> SearchSource | None:
        return self._sources.get(key)

    def all(self) -> list[SearchSource]:
        return list(self._sources.values())

    def boosts(self) -> dict[str, float]:
        return {s.key: s.boost for s in self._sources.values()}

    def labels(self) -> dict[str, str]:
        return {s.key: s.label for s in self._sources.values()}


registry = Registry()
