"""Search behaviour on every configured backend: facets with counts combined with the query,
sorting, pagination, highlighting, spelling and the no-results help."""

import datetime

import pytest
from django.utils import timezone

from cop.discussions.models import Thread, ThreadServiceArea
from cop.sitesearch.query import PAGE_SIZE
from cop.sitesearch.services import rebuild_all
from tests.casestudies.factories import AuthorityFactory, CaseStudyPageFactory, case_study_index
from tests.discussions.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def _thread(title, tags=(), services=(), days_ago=0, body="We want to learn from others."):
    thread = ThreadFactory(title=title, opening=body)
    if tags:
        thread.tags.set(list(tags))
    for code in services:
        ThreadServiceArea.objects.create(thread=thread, code=code)
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return thread


@pytest.fixture
def threads(db):
    _thread("Hospital discharge on Fridays", tags=["Older people"], services=["360"], days_ago=30)
    _thread("Hospital discharge and housing", tags=["Housing"], services=["360", "490"], days_ago=10)
    _thread("Hospital transport for patients", tags=["Older people"], services=["290"], days_ago=1)
    _thread("Library opening hours", tags=["Housing"], services=["509"], days_ago=5)
    rebuild_all()


def test_facet_counts_are_combined_with_the_query(searcher, threads):
    counts = searcher.facet_counts("hospital")
    assert counts["type"] == {"Discussion": 3}
    assert counts["theme"] == {"Older people": 2, "Housing": 1}
    assert counts["service"] == {
        "Adult social care": 2,
        "Housing services (general fund)": 1,
        "Highways and transport services": 1,
    }


def test_choosing_a_facet_narrows_results_but_keeps_the_other_options_of_that_facet(searcher, threads):
    page = searcher.run("hospital", theme="Older people")
    assert sorted(searcher.titles("hospital", theme="Older people")) == [
        "Hospital discharge on Fridays",
        "Hospital transport for patients",
    ]
    facets = {f.key: f for f in page.facets}
    theme = {o.value: (o.count, o.selected) for o in facets["theme"].options}
    assert theme == {"Older people": (2, True), "Housing": (1, False)}
    # Other facets count only what the chosen theme leaves.
    assert {o.value: o.count for o in facets["service"].options} == {
        "Adult social care": 1,
        "Highways and transport services": 1,
    }


def test_two_facets_combine_and_values_within_a_facet_widen(searcher, threads):
    assert searcher.titles("hospital", theme="Older people", service="Adult social care") == [
        "Hospital discharge on Fridays"
    ]
    assert len(searcher.titles("hospital", theme=["Older people", "Housing"])) == 3


def test_facet_values_nobody_has_simply_match_nothing(searcher, threads):
    page = searcher.run("hospital", region="Atlantis")
    assert page.total == 0
    region = next(f for f in page.facets if f.key == "region")
    assert [(o.value, o.count, o.selected) for o in region.options] == [("Atlantis", 0, True)]


def test_browsing_by_one_facet_without_words_keeps_that_facets_other_options(searcher, threads):
    page = searcher.run(theme="Older people")
    assert page.total == 2
    assert sorted(searcher.titles(theme="Older people")) == [
        "Hospital discharge on Fridays",
        "Hospital transport for patients",
    ]
    counts = searcher.facet_counts(theme="Older people")
    assert counts["theme"] == {"Older people": 2, "Housing": 2}
    assert counts["service"] == {"Adult social care": 1, "Highways and transport services": 1}


def test_browsing_by_two_facets_counts_each_facet_against_the_other(searcher, threads):
    assert searcher.titles(theme="Housing", service="Adult social care") == ["Hospital discharge and housing"]
    counts = searcher.facet_counts(theme="Housing", service="Adult social care")
    # Themes of items in adult social care; services of items about housing.
    assert counts["theme"] == {"Older people": 1, "Housing": 1}
    assert counts["service"] == {
        "Adult social care": 1,
        "Housing services (general fund)": 1,
        "Cultural and related services": 1,
    }
    assert counts["type"] == {"Discussion": 1}


def test_sort_by_newest(searcher, threads):
    assert searcher.titles("hospital", sort="newest") == [
        "Hospital transport for patients",
        "Hospital discharge and housing",
        "Hospital discharge on Fridays",
    ]


def test_relevance_puts_title_matches_first(searcher, db):
    _thread("Budget setting timetable", body="When do you agree fees and charges?")
    _thread("Fees and charges review", body="We review our budget every year.")
    rebuild_all()
    assert searcher.titles("budget")[0] == "Budget setting timetable"


def test_pagination(searcher, db):
    for n in range(PAGE_SIZE + 5):
        _thread(f"Waste collection question {n}")
    rebuild_all()
    first, second = searcher.run("waste collection"), searcher.run("waste collection", page="2")
    assert first.total == second.total == PAGE_SIZE + 5
    assert len(first.results) == PAGE_SIZE and len(second.results) == 5
    assert not {r.url for r in first.results} & {r.url for r in second.results}


def test_snippets_mark_the_searched_words_and_escape_the_content(searcher, db):
    _thread("Escaping test", body="Our <script>alert('x')</script> pooled budgets worked & saved money.")
    rebuild_all()
    result = searcher.run("pooled budget").results[0]
    assert "<script>" not in str(result.snippet)
    assert "&lt;script&gt;" in str(result.snippet)
    assert "<mark>pooled</mark> <mark>budgets</mark>" in str(result.snippet)


def test_misspelt_words_are_corrected_when_nothing_matches(searcher, threads):
    page = searcher.run("hospitl dischage")
    assert page.corrected is not None and page.corrected.terms == ["hospital", "discharge"]
    assert page.total == 2


def test_spelling_correction_can_be_turned_off(searcher, threads):
    page = searcher.run("hospitl", spelling="0")
    assert page.corrected is None and page.total == 0


def test_when_no_item_has_every_word_items_with_some_words_are_shown(searcher, threads):
    page = searcher.run("hospital library")
    assert page.any_words is True
    assert page.total == 4


def test_no_results_offers_closest_titles_and_popular_themes(searcher, threads):
    page = searcher.run("xqzv hospitel dischurge frydays")
    assert page.total == 0
    assert "Hospital discharge on Fridays" in [t["title"] for t in page.closest_titles]
    assert set(page.popular_themes) == {"Older people", "Housing"}


def test_council_facets_come_from_case_study_places(searcher, home_page):
    county = AuthorityFactory(name="Wyreshire", authority_type="CTY", region="North West")
    CaseStudyPageFactory(parent=case_study_index(home_page), title="Rural bus pooling", places=[county])
    rebuild_all()
    counts = searcher.facet_counts("rural bus")
    assert counts["region"] == {"North West": 1}
    assert counts["council_type"] == {"County council": 1}
    assert counts["level"] == {"County": 1}
    assert counts["lead"] == {"Partnership": 1}
    assert searcher.titles("Wyreshire") == ["Rural bus pooling"]
