"""Spelling corrections never replace what was typed when it finds things of its own, checked with
twenty real phrases from the programme's themes; a correction is swapped in only when nothing typed matches."""

import pytest

from cop.sitesearch.services import rebuild_all
from tests.discussions.factories import ThreadFactory

pytestmark = pytest.mark.django_db

# Phrases practitioners use, from the Total Place themes and the community's own vocabulary.
SEED_PHRASES = [
    "Sure Start",
    "Total Place",
    "community budgets",
    "citizen insight",
    "asset management",
    "drug and alcohol misuse",
    "worklessness",
    "children's services",
    "young people not in education",
    "deep dive",
    "pooled budgets",
    "whole place",
    "public value",
    "value for money",
    "shared buildings",
    "town centre",
    "Jobcentre Plus",
    "adult literacy",
    "parenting courses",
    "place-based budgets",
]


@pytest.fixture
def phrase_threads(db):
    # Near-misses of the seed words are in the index too, so a careless corrector has something to swap in.
    ThreadFactory(title="Open source software for councils", opening="A source of shared code.")
    ThreadFactory(title="Sources of funding", opening="Where the money is.")
    for phrase in SEED_PHRASES:
        ThreadFactory(title=f"What we learned: {phrase}", opening=f"Our experience of {phrase} in practice.")
    rebuild_all()


def test_a_phrase_with_its_own_matches_is_searched_as_typed(searcher, phrase_threads):
    changed = {}
    for phrase in SEED_PHRASES:
        page = searcher.run(phrase)
        top = searcher.titles(phrase)[:1]
        if page.corrected or page.did_you_mean or top != [f"What we learned: {phrase}"]:
            changed[phrase] = (page.corrected and page.corrected.display(), top)
    assert changed == {}


def test_sure_start_is_not_turned_into_source_start_when_only_start_is_indexed(searcher, db):
    ThreadFactory(title="Open source: a fresh start for council software", opening="Shared code.")
    ThreadFactory(title="A fresh start for the high street", opening="Town centre plans.")
    rebuild_all()
    page = searcher.run("Sure Start")
    # What was typed is what was searched: items with some of the words, and the correction only offered.
    assert page.corrected is None and page.any_words is True
    assert sorted(searcher.titles("Sure Start")) == [
        "A fresh start for the high street",
        "Open source: a fresh start for council software",
    ]
    assert page.did_you_mean is not None and page.did_you_mean.terms == ["source", "start"]


def test_a_correction_is_swapped_in_when_no_word_as_typed_matches_anything(searcher, phrase_threads):
    page = searcher.run("worklesness")
    assert page.corrected is not None and page.corrected.terms == ["worklessness"]
    assert searcher.titles("worklesness") == ["What we learned: worklessness"]


def test_the_search_page_offers_the_correction_as_a_link(client, db):
    ThreadFactory(title="Open source: a fresh start for council software", opening="Shared code.")
    ThreadFactory(title="A fresh start for the high street", opening="Town centre plans.")
    rebuild_all()
    html = client.get("/search/", {"q": "Sure Start"}).content.decode()
    assert "Showing results for" not in html
    assert 'Did you mean <a class="govuk-link" href="?q=source+start">source start</a>?' in html
