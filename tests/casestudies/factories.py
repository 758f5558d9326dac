"""Factories for case studies and citizen stories (pages are added under their index pages)."""

import datetime

import factory
from django.utils.text import slugify

from benchmarks.models import Authority, AuthorityType
from benchmarks.services import ensure_services
from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CitizenStoryIndexPage,
    CitizenStoryPage,
    ConsentMethod,
    EvidenceStrength,
    SpatialLevel,
    Status,
    StoryConsent,
    Theme,
    WhoLeads,
)
from casestudies.services import ensure_themes


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("gss_code",)

    gss_code = factory.Sequence(lambda n: f"E0600{n:04d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    authority_type = AuthorityType.UNITARY
    region = "West Midlands"
    nation = "England"


def _index(model, home_page, slug, title):
    existing = model.objects.child_of(home_page).filter(slug=slug).first()
    if existing:
        return existing
    index = model(title=title, slug=slug)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def case_study_index(home_page):
    return _index(CaseStudyIndexPage, home_page, "case-studies", "Case studies")


def story_index(home_page):
    return _index(CitizenStoryIndexPage, home_page, "stories", "Citizens' stories")


class CaseStudyPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudyPage

    title = factory.Sequence(lambda n: f"Joining up services {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Partners pooled budgets and redesigned the service around the people using it."
    spatial_level = SpatialLevel.COUNTY
    who_leads = WhoLeads.PARTNERSHIP
    status = Status.PILOTING
    evidence_strength = EvidenceStrength.ESTIMATE
    problem = "<p>Too many agencies were each doing part of the job.</p>"
    intervention = "<p>One team, one assessment, one budget.</p>"
    last_reviewed = datetime.date(2025, 1, 1)

    @classmethod
    def _create(
        cls, model_class, *args, parent=None, places=(), service_codes=(), themes=(), tags=(), publish=True, **kwargs
    ):
        from benchmarks.models import Service

        ensure_services()
        ensure_themes()
        page = model_class(**kwargs)
        page.places = list(places)
        page.service_areas = list(Service.objects.filter(code__in=service_codes))
        page.themes.set(list(Theme.objects.filter(name__in=themes)))
        page.tags.set(list(tags))
        page.live = False  # live only once its revision is published
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
            page.refresh_from_db()
        return page


class CitizenStoryPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenStoryPage

    title = factory.Sequence(lambda n: f"My story {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    byline = "Alex"
    place_description = "Worcester"
    body = "<p>What happened to me.</p>"
    live = False

    @classmethod
    def _create(cls, model_class, *args, parent=None, consent=True, publish=True, **kwargs):
        story = model_class(**kwargs)
        parent.add_child(instance=story)
        if consent:
            StoryConsent.objects.create(
                story=story,
                purpose="Publish on Place Exchange",
                given_on=datetime.date(2025, 1, 1),
                how_given=ConsentMethod.PAPER,
            )
        revision = story.save_revision()
        if publish:
            revision.publish()
            story.refresh_from_db()
        return story
