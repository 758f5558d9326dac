"""Editors can create each page type where it belongs, and nowhere else."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from benchmarks.services import ensure_services
from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CitizenStoryIndexPage,
    CitizenStoryPage,
    StoryConsent,
)
from casestudies.services import ensure_themes
from cop.home.models import HomePage
from cop.home.services import ensure_home_page
from tests.casestudies.factories import AuthorityFactory, case_study_index, story_index


class CaseStudyPageModelTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_home_page()
        ensure_services()
        ensure_themes()

    def setUp(self):
        self.login()

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(CaseStudyIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CaseStudyPage, {CaseStudyIndexPage})
        self.assertAllowedParentPageTypes(CitizenStoryIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CitizenStoryPage, {CitizenStoryIndexPage})
        self.assertCanNotCreateAt(HomePage, CaseStudyPage)
        self.assertCanNotCreateAt(CaseStudyIndexPage, CitizenStoryPage)

    def test_editor_can_create_index_pages(self):
        self.assertCanCreate(
            self.home,
            CaseStudyIndexPage,
            nested_form_data(
                {"title": "Case studies", "slug": "case-studies", "intro": rich_text("<p>What works</p>")}
            ),
        )
        self.assertCanCreate(
            self.home,
            CitizenStoryIndexPage,
            nested_form_data({"title": "Stories", "slug": "stories", "intro": rich_text("<p>Stories</p>")}),
        )

    def test_editor_can_create_a_structured_case_study(self):
        from benchmarks.models import Service

        index = case_study_index(self.home)
        place = AuthorityFactory()
        service = Service.objects.get(code="330")
        data = nested_form_data(
            {
                "title": "Family hubs",
                "slug": "family-hubs",
                "summary": "One front door for families.",
                "themes": '"Children\'s services"',
                "tags": "family-hubs",
                "spatial_level": "town",
                "who_leads": "council",
                "status": "scaled",
                "period_start": "2023-04-01",
                "period_end": "",
                "problem": rich_text("<p>Families told their story many times.</p>"),
                "intervention": rich_text("<p>A single hub.</p>"),
                "outcomes": rich_text(""),
                "lessons": streamfield([("quote", {"quote": "It worked", "attribution": "A manager"})]),
                "savings_amount": "120000",
                "savings_percent": "12.5",
                "savings_basis": "per_year",
                "evidence_strength": "measured",
                "savings_source": "Council evaluation 2024",
                "last_reviewed": "2025-01-10",
                "partners": inline_formset([{"name": "NHS trust", "sector": "nhs"}]),
                "spend_lines": inline_formset(
                    [
                        {
                            "agency": "Council",
                            "sector": "council",
                            "amount": "1000000",
                            "year": "2023-24",
                            "source": "Statement of accounts",
                            "source_url": "",
                        }
                    ]
                ),
            }
        )
        # Many-to-many fields post several values under one name (nested_form_data would flatten a list).
        data["places"] = [place.pk]
        data["service_areas"] = [service.pk]
        self.assertCanCreate(index, CaseStudyPage, data)
        page = CaseStudyPage.objects.get(slug="family-hubs")
        assert list(page.places.all()) == [place]
        assert [s.code for s in page.service_areas.all()] == ["330"]
        assert [t.name for t in page.themes.all()] == ["Children's services"]
        assert page.spend_lines.get().amount == 1000000
        assert page.savings_display == "£120,000 (12.5%) per year"

    def test_editor_can_create_a_story_and_it_is_hidden_until_consent_is_recorded(self):
        index = story_index(self.home)
        self.assertCanCreate(
            index,
            CitizenStoryPage,
            nested_form_data(
                {
                    "title": "My story",
                    "slug": "my-story",
                    "byline": "Jo",
                    "place": "",
                    "place_description": "Leeds",
                    "service_area": "",
                    "pull_quote": "",
                    "body": rich_text("<p>It happened.</p>"),
                    "is_illustrative": "",
                }
            ),
        )
        story = CitizenStoryPage.objects.get(slug="my-story")
        # Publishing without consent is undone at once by the consent guard.
        assert not story.live
        assert self.client.get("/stories/my-story/").status_code == 404
        assert not StoryConsent.objects.filter(story=story).exists()


class AdminScreensTests(WagtailPageTestCase):
    """Editors' screens for case studies, stories and their snippets render."""

    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_home_page()

    def setUp(self):
        self.login()

    def test_edit_screens_and_snippets_render(self):
        from django.urls import reverse

        from tests.casestudies.factories import CaseStudyPageFactory, CitizenStoryPageFactory

        study = CaseStudyPageFactory(
            parent=case_study_index(self.home), places=[AuthorityFactory()], themes=["Housing"], service_codes=["490"]
        )
        story = CitizenStoryPageFactory(parent=story_index(self.home))
        for page in (study, story):
            assert self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
        for model in ("theme", "casestudyadoption", "storyconsent"):
            assert self.client.get(f"/admin/snippets/casestudies/{model}/").status_code == 200
        consents = self.client.get("/admin/snippets/casestudies/storyconsent/").content.decode()
        assert story.reference in consents
        explore = self.client.get(reverse("wagtailadmin_explore", args=[story.get_parent().pk])).content.decode()
        assert f"/admin/stories/{story.pk}/withdraw-consent/" in explore
