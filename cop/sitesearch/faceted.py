"""The site-wide faceted search on Elasticsearch: query, audience filter and disjunctive
facets (elasticsearch-dsl applies each facet's filter to every other facet's counts)."""

from __future__ import annotations

from elasticsearch_dsl import FacetedSearch, Q, TermsFacet

from .base import AND, MAX_FACET_OPTIONS
from .documents import INDEX_NAME, SearchItemDocument
from .query import ParsedQuery
from .registry import FACETS

TEXT_FIELDS = ["title^10", "keywords^5", "summary^3", "body"]


class SiteFacetedSearch(FacetedSearch):
    index = INDEX_NAME
    doc_types = [SearchItemDocument]
    fields = TEXT_FIELDS
    facets = {
        facet.key: TermsFacet(
            field=facet.key,
            size=MAX_FACET_OPTIONS,
            order={"_key": "desc"} if facet.order_by_value_desc else {"_count": "desc"},
        )
        for facet in FACETS
    }

    def __init__(self, parsed: ParsedQuery, *, audiences, filters=None, sort="relevance", mode=AND):
        self.parsed = parsed
        self.audiences = list(audiences)
        self.mode = mode
        order = ["-date", "-row_id"] if sort == "newest" or parsed.is_empty else ["_score", "-date"]
        super().__init__(query=parsed, filters=filters or {}, sort=order)

    def search(self):
        # Who may see what: the audience filter and expiry apply to results AND facet counts.
        visible = Q("terms", audience=self.audiences) & (
            ~Q("exists", field="visible_until") | Q("range", visible_until={"gte": "now/d"})
        )
        return super().search().filter(visible).source(["row_id"])

    def query(self, search, query):
        parsed: ParsedQuery = query
        if parsed.is_empty:
            return search
        must = []
        if parsed.terms:
            must.append(
                Q(
                    "multi_match",
                    query=" ".join(parsed.terms),
                    fields=self.fields,
                    type="cross_fields",
                    operator="or" if self.mode != AND else "and",
                )
            )
        for phrase in parsed.phrases:
            must.append(Q("multi_match", query=" ".join(phrase), fields=self.fields, type="phrase"))
        combined = Q("bool", must=must) if self.mode == AND else Q("bool", should=must, minimum_should_match=1)
        if parsed.excluded:
            combined &= ~Q("multi_match", query=" ".join(parsed.excluded), fields=self.fields, operator="or")
        return search.query(combined)

    def highlight(self, search):
        # Snippets are built (escaped, then marked) from the database rows.
        return search
