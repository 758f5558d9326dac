import io

from casestudies import demo
from casestudies.models import CaseStudyPage, CitizenStoryPage, StoryConsent
from tests.casestudies.factories import AuthorityFactory


def test_demo_loads_twice_without_duplicates_and_links_pilot_places(home_page):
    worcestershire = AuthorityFactory(gss_code="E10000034", name="Worcestershire", authority_type="CTY")
    demo.load(home_page, io.StringIO())
    first = (CaseStudyPage.objects.count(), CitizenStoryPage.objects.count())
    demo.load(home_page, io.StringIO())
    assert (CaseStudyPage.objects.count(), CitizenStoryPage.objects.count()) == first
    assert first[0] == len(demo.CASE_STUDIES)

    study = CaseStudyPage.objects.get(title__startswith="Worcestershire")
    assert list(study.places.all()) == [worcestershire]
    assert study.live and study.spend_lines.get().source  # every figure carries its source

    # Stories are published only with a consent record, and marked illustrative or retold from a source.
    for story in CitizenStoryPage.objects.all():
        assert story.live and story.is_illustrative != story.is_retold
        assert StoryConsent.objects.get(story=story).is_valid()
