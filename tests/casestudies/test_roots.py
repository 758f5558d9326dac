"""Content true to its roots: Margaret's and Susan's stories retold with their source cited, and
no placeholder text in demo content; a case study with nothing sourced says what is not known
and is not featured."""

import io
import re

import pytest

from casestudies import demo
from casestudies.models import CaseStudyPage, CitizenStoryPage, ConsentMethod
from casestudies.selectors import featured_case_studies

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(
    r"lorem|ipsum|\bTODO\b|\bTBC\b|\bTBD\b|placeholder|will be expanded|coming soon|to be added", re.I
)


@pytest.fixture
def loaded(home_page):
    demo.load(home_page, io.StringIO())
    return home_page


@pytest.mark.parametrize(("byline", "words"), [("Margaret", "link worker"), ("Susan", "sponsor")])
def test_retold_stories_cite_their_source(client, loaded, byline, words):
    story = CitizenStoryPage.objects.live().get(byline=byline)
    assert story.is_retold and not story.is_illustrative
    assert "Manchester city region" in story.place_description
    assert "Sure Start" in story.body and words in story.body
    assert story.consent.how_given == ConsentMethod.PUBLISHED
    html = client.get(story.url).content.decode()
    assert "retold in our own words from a published source" in html
    assert "Leadership Centre for Local Government" in html and "July 2010" in html
    assert "Illustrative" not in html
    listing = client.get(story.get_parent().url).content.decode()
    assert "Retold from a published source" in listing


def test_no_demo_page_a_visitor_can_reach_has_placeholder_text(client, loaded):
    pages = list(CaseStudyPage.objects.live()) + list(CitizenStoryPage.objects.live())
    assert len(pages) > 10
    for page in pages:
        text = re.sub(r"<[^>]+>", " ", client.get(page.url).content.decode())  # what a visitor reads
        found = PLACEHOLDER.search(text)
        assert not found, f"placeholder-like text on {page.url}: {found[0]}"


def test_a_case_study_with_nothing_sourced_says_so_and_is_not_featured(client, loaded):
    kent = CaseStudyPage.objects.get(title__startswith="Kent")
    assert kent.not_yet_known
    html = client.get(kent.url).content.decode()
    assert "What is not yet known" in html and "does not say what the pilot found" in html
    featured = featured_case_studies(limit=50)
    assert featured and all(not study.not_yet_known for study in featured)
    assert kent not in featured
