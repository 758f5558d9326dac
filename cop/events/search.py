"""Events in the site search. Registered by this app's AppConfig.ready(); visible() is the ONE visibility
rule of the content type (tests/sitesearch/test_visibility.py covers every hidden state)."""

from __future__ import annotations

from cop.sitesearch.models import Audience, group_audience
from cop.sitesearch.registry import IndexedItem, SearchSource
from cop.sitesearch.sources import text_of, year_of


class EventSource(SearchSource):
    key = "event"
    label = "Event"

    @property
    def model(self):
        from cop.events.models import EventPage

        return EventPage

    def visible(self):
        return self.model.objects.live().public().select_related("group")

    def watched(self):
        from cop.communities.models import CommunityGroup

        return {CommunityGroup: lambda group: list(group.events.values_list("pk", flat=True))}

    def describe(self, page) -> IndexedItem:
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.summary,
            body=text_of(page.body, page.agenda),
            keywords=" ".join(filter(None, [page.venue_name, page.get_mode_display()])),
            date=page.start,
            audience=group_audience(page.group_id) if page.group_id and page.group.is_closed else Audience.PUBLIC,
            facets={"year": year_of(page.start)},
        )
