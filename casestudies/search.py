"""Case studies and citizen stories in the site search. Registered by this app's AppConfig.ready(); visible() is the ONE visibility
rule of the content type (tests/sitesearch/test_visibility.py covers every hidden state)."""

from __future__ import annotations

from cop.sitesearch.registry import IndexedItem, SearchSource
from cop.sitesearch.sources import authority_type_label, service_names, text_of, year_of


class CaseStudySource(SearchSource):
    key = "case_study"
    boost = 1.5
    label = "Case study"

    @property
    def model(self):
        from casestudies.models import CaseStudyPage

        return CaseStudyPage

    def visible(self):
        return (
            self.model.objects.live().public().prefetch_related("places", "service_areas", "themes", "tags", "partners")
        )

    def watched(self):
        from casestudies.models import CaseStudyPartner

        return {CaseStudyPartner: lambda p: [p.page_id]}

    def describe(self, page) -> IndexedItem:
        places = list(page.places.all())
        names = service_names()
        services = [names.get(s.code, s.name) for s in page.service_areas.all()]
        themes = [t.name for t in page.themes.all()]
        tags = [t.name for t in page.tags.all()]
        partners = [p.name for p in page.partners.all()]
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.summary,
            body=text_of(page.problem, page.intervention, page.outcomes, page.lessons),
            keywords=" ".join(
                [p.name for p in places]
                + [p.official_name for p in places if p.official_name]
                + services
                + themes
                + tags
                + partners
                + [page.get_spatial_level_display(), page.get_who_leads_display()]
            ),
            date=page.first_published_at,
            facets={
                "theme": themes,
                "service": services,
                "region": [p.region for p in places],
                "council_type": [authority_type_label(p.authority_type) for p in places],
                "level": [page.get_spatial_level_display()],
                "lead": [page.get_who_leads_display()],
                "year": year_of(page.period_start, page.first_published_at),
            },
        )


class CitizenStorySource(SearchSource):
    key = "citizen_story"
    boost = 1.3
    label = "Citizen story"

    @property
    def model(self):
        from casestudies.models import CitizenStoryPage

        return CitizenStoryPage

    def visible(self):
        from casestudies.models import StoryConsent

        # Withdrawn, expired or missing consent: the story is not shown anywhere.
        return (
            self.model.objects.live()
            .public()
            .filter(consent__in=StoryConsent.objects.valid())
            .select_related("place", "service_area", "consent")
        )

    def watched(self):
        from casestudies.models import StoryConsent

        return {StoryConsent: lambda c: [c.story_id]}

    def describe(self, page) -> IndexedItem:
        place = page.place
        area = page.service_area
        service = [service_names().get(area.code, area.name)] if area else []
        return IndexedItem(
            object_id=str(page.pk),
            title=page.title,
            url=page.get_url() or "",
            summary=page.pull_quote,
            body=text_of(page.body),
            keywords=" ".join(filter(None, [place.name if place else "", page.place_description, *service])),
            date=page.first_published_at,
            visible_until=page.consent.expires_on,
            facets={
                "service": service,
                "region": [place.region] if place else [],
                "council_type": [authority_type_label(place.authority_type)] if place else [],
                "year": year_of(page.first_published_at),
            },
        )
