"""Search in a real browser: from the header box, with two facets, into a result and back."""

import re

import pytest

from cop.sitesearch.services import rebuild_all
from tests.casestudies.factories import AuthorityFactory, CaseStudyPageFactory, case_study_index
from tests.discussions.factories import ThreadFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(home_page):
    index = case_study_index(home_page)
    county = AuthorityFactory(name="Wyreshire", authority_type="CTY", region="North West")
    city = AuthorityFactory(name="Brightport", authority_type="UA", region="South East")
    CaseStudyPageFactory(
        parent=index,
        title="Pooled budget for care leavers in Wyreshire",
        places=[county],
        themes=["Young people"],
        summary="Partners pooled their budget for young people leaving care.",
    )
    CaseStudyPageFactory(
        parent=index,
        title="Pooled budget for older people in Brightport",
        places=[city],
        themes=["Older people"],
        summary="A pooled budget for reablement and home care.",
    )
    ThreadFactory(title="Pooled budget legal routes", opening="Which legal route did you use for the pooled budget?")
    rebuild_all()


def test_search_from_header_filter_open_result_and_come_back(page, content, assert_accessible):
    page.goto("/")
    assert_accessible(page)

    page.fill("#header-search", "pooled budget")
    page.press("#header-search", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=pooled"))
    assert page.locator("h1").inner_text() == "Search Place Exchange"
    assert page.locator(".pe-search__result").count() == 3
    assert_accessible(page)

    page.get_by_label(re.compile(r"^Case study")).check()
    page.get_by_label(re.compile(r"^Young people")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"type=Case\+study"))
    assert "theme=Young+people" in page.url
    results = page.locator(".pe-search__result h2 a")
    assert results.count() == 1
    assert results.first.inner_text() == "Pooled budget for care leavers in Wyreshire"
    assert_accessible(page)

    filtered_url = page.url
    results.first.click()
    page.wait_for_url(re.compile(r"/case-studies/"))
    assert "Pooled budget for care leavers in Wyreshire" in page.locator("h1").inner_text()
    assert_accessible(page)

    page.go_back()
    page.wait_for_url(filtered_url)
    assert page.get_by_label(re.compile(r"^Case study")).is_checked()
    assert page.get_by_label(re.compile(r"^Young people")).is_checked()
    assert page.locator(".pe-search__result").count() == 1
    assert_accessible(page)


def test_header_box_suggests_titles_and_councils(page, content, assert_accessible):
    page.goto("/")
    page.fill("#header-search", "Wyre")
    listbox = page.get_by_role("listbox", name="Search suggestions")
    listbox.wait_for(state="visible")
    options = listbox.get_by_role("option")
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    assert any("Wyreshire" in label and "Council" in label for label in labels)
    assert page.locator("#header-search").get_attribute("aria-expanded") == "true"
    assert_accessible(page)

    page.press("#header-search", "ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    page.press("#header-search", "Escape")
    assert page.locator("#header-search").get_attribute("aria-expanded") == "false"


def test_no_results_page_is_helpful_and_accessible(page, content, assert_accessible):
    page.goto("/search/?q=zzqx+wibble")
    assert page.get_by_role("heading", name="No results found").is_visible()
    assert page.get_by_role("heading", name="Popular themes").is_visible()
    assert_accessible(page)
