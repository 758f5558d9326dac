"""Updates in the site search. Registered by this app's AppConfig.ready(); visible() is the ONE visibility
rule of the content type (tests/sitesearch/test_visibility.py covers every hidden state)."""

from __future__ import annotations

from cop.sitesearch.registry import IndexedItem, SearchSource
from cop.sitesearch.sources import as_datetime, text_of, year_of


class UpdateSource(SearchSource):
    key = "update"
    label = "Update"

    @property
    def model(self):
        from cop.updates.models import UpdatePage

        return UpdatePage

    def visible(self):
        return self.model.objects.live().public()

    def describe(self, page) -> IndexedItem:
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.summary,
            body=text_of(page.body),
            keywords=" ".join(filter(None, [page.author_name, page.get_category_display()])),
            date=as_datetime(page.date),
            facets={"year": year_of(page.date)},
        )
