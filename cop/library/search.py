"""Library documents in the site search. Registered by this app's AppConfig.ready(); visible() is the ONE visibility
rule of the content type (tests/sitesearch/test_visibility.py covers every hidden state)."""

from __future__ import annotations

import datetime

from cop.sitesearch.models import Audience, group_audience
from cop.sitesearch.registry import IndexedItem, SearchSource
from cop.sitesearch.sources import as_datetime, service_names


class LibraryDocumentSource(SearchSource):
    key = "document"
    boost = 1.2
    label = "Library document"

    @property
    def model(self):
        from cop.library.models import LibraryDocument

        return LibraryDocument

    def visible(self):
        from wagtail.models import Collection, CollectionViewRestriction

        restricted_paths = list(
            Collection.objects.filter(pk__in=CollectionViewRestriction.objects.values("collection_id")).values_list(
                "path", flat=True
            )
        )
        queryset = self.model.objects.filter(show_in_library=True)
        for path in restricted_paths:
            queryset = queryset.exclude(collection__path__startswith=path)
        return queryset.select_related("group").prefetch_related("themes", "service_areas")

    def watched(self):
        from wagtail.models import CollectionViewRestriction

        from cop.communities.models import CommunityGroup

        return {
            CollectionViewRestriction: lambda r: list(self.model.objects.values_list("pk", flat=True)),
            CommunityGroup: lambda group: list(group.documents.values_list("pk", flat=True)),
        }

    def describe(self, doc) -> IndexedItem:
        names = service_names()
        services = [names.get(s.code, s.name) for s in doc.service_areas.all()]
        themes = [t.name for t in doc.themes.all()]
        return IndexedItem(
            object_id=str(doc.pk),
            title=doc.title,
            url=doc.url,
            summary=doc.summary,
            keywords=" ".join(filter(None, [doc.publisher, doc.get_kind_display(), *themes, *services])),
            date=as_datetime(datetime.date(doc.year, 1, 1)) if doc.year else doc.created_at,
            audience=group_audience(doc.group_id) if doc.group_id and doc.group.is_closed else Audience.PUBLIC,
            facets={"theme": themes, "service": services, "year": [str(doc.year)] if doc.year else []},
        )
