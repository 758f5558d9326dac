"""Browser tests for case studies, citizen stories, library, updates and events."""

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from casestudies.models import CaseStudySpendLine, CitizenStoryPage, StoryConsent
from tests.casestudies.factories import AuthorityFactory, CaseStudyPageFactory, case_study_index, story_index

pytestmark = pytest.mark.django_db(transaction=True)


def test_filter_case_studies_by_theme_and_spatial_level(page, home_page, assert_accessible):
    index = case_study_index(home_page)
    place = AuthorityFactory(name="Worcestershire", gss_code="E10000034", authority_type="CTY")
    target = CaseStudyPageFactory(
        parent=index,
        title="Neighbourhood housing hub",
        themes=["Housing"],
        spatial_level="neighbourhood",
        places=[place],
        service_codes=["490"],
    )
    CaseStudyPageFactory(parent=index, title="County housing strategy", themes=["Housing"], spatial_level="county")
    CaseStudyPageFactory(
        parent=index, title="Neighbourhood care circles", themes=["Older people"], spatial_level="neighbourhood"
    )
    CaseStudySpendLine.objects.create(
        page=target, agency="County council", amount=1000000, year="2008-09", source="Statement of accounts"
    )

    page.goto("/case-studies/")
    assert page.locator("#results-heading").inner_text() == "3 case studies"
    assert_accessible(page)

    page.get_by_label("Housing (2)").check()
    page.get_by_label("Neighbourhood (2)").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/case-studies/?theme=housing&spatial_level=neighbourhood*")
    assert page.locator("#results-heading").inner_text() == "1 case study"
    results = page.locator(".pe-results").inner_text()
    assert "Neighbourhood housing hub" in results
    assert "County housing strategy" not in results and "Neighbourhood care circles" not in results
    assert page.get_by_label("Housing (1)").is_checked()
    assert_accessible(page)

    page.get_by_role("link", name="Neighbourhood housing hub").click()
    assert page.locator("h1").inner_text() == "Neighbourhood housing hub"
    assert page.get_by_role("table").locator("caption").inner_text() == "Public spend in the place by agency"
    assert page.get_by_role("link", name="Discuss this case study").get_attribute("href") == (
        f"/discussions/new/?case_study={target.pk}"
    )
    assert_accessible(page)


def test_story_without_consent_then_with_consent(page, home_page, assert_accessible):
    story_index(home_page)
    page.goto("/stories/")
    assert_accessible(page)
    page.get_by_role("link", name="Share your story").click()
    assert page.locator("h1").inner_text() == "Share your story"
    assert_accessible(page)

    page.get_by_label("What name should we show with your story?").fill("Sam")
    page.get_by_label("Where do you live?").fill("Worcester")
    page.get_by_label("Give your story a short title").fill("Four assessments in a month")
    page.get_by_label("Your story", exact=True).fill(
        "Every service asked me the same questions and nobody passed on what I had already said."
    )
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Select that you agree to your story being published" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert page.get_by_label("Your story", exact=True).input_value().startswith("Every service")  # nothing lost
    assert not CitizenStoryPage.objects.exists()
    assert_accessible(page)

    summary.get_by_role("link").first.click()
    page.locator("#id_consent_publish").check()
    page.get_by_role("button", name="Continue").click()
    assert page.locator("h1").inner_text() == "Check your story before sending it"
    assert "Four assessments in a month" in page.locator(".govuk-summary-list").inner_text()
    assert not CitizenStoryPage.objects.exists()
    assert_accessible(page)

    page.get_by_role("button", name="Send your story").click()
    assert page.locator("h1").inner_text() == "Story sent"
    reference = page.locator("#story-reference").inner_text()
    assert reference.startswith("STORY-")
    assert_accessible(page)

    story = CitizenStoryPage.objects.get(reference=reference)
    assert not story.live
    assert WorkflowState.objects.get(object_id=str(story.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    assert StoryConsent.objects.get(story=story).given_on == timezone.localdate()


def test_library_updates_and_events_pages_are_accessible(page, home_page, assert_accessible):
    import io

    from cop.events import demo as events_demo
    from cop.library import demo as library_demo
    from cop.updates import demo as updates_demo

    library_demo.load(home_page, io.StringIO())
    updates_demo.load(home_page, io.StringIO())
    events_demo.load(home_page, io.StringIO())
    for path, heading in [("/library/", "Library"), ("/updates/", "Updates"), ("/events/", "Events")]:
        page.goto(path)
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
    page.goto("/library/?kind=template")
    assert "2 documents" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto("/events/")
    page.get_by_role("link", name="Place Exchange online conference week").click()
    assert page.get_by_role("heading", name="Agenda").is_visible()
    assert_accessible(page)
    page.goto("/updates/")
    page.get_by_role("link", name="What the 13 Total Place pilots covered").click()
    assert "£82bn" in page.locator("main").inner_text()
    assert_accessible(page)
