"""Relevance over the demo content: every checked-in query finds its expected items in the
top 3, on every configured backend (SQLite or PostgreSQL database search; Elasticsearch)."""

import json
from pathlib import Path

import pytest

from tests.members.factories import UserFactory

from .demo import load_indexed_demo

pytestmark = pytest.mark.django_db
QUERIES = json.loads((Path(__file__).parent / "relevance_queries.json").read_text())["queries"]


def test_the_relevance_set_is_large_and_realistic():
    assert len(QUERIES) >= 20
    assert any(q.get("note", "").startswith("misspel") for q in QUERIES)
    assert {
        "pooled budget young people",
        "co-locating public services town centre",
        "adult social care costs county",
    } <= {q["query"] for q in QUERIES}


def test_every_relevance_query_finds_its_expected_items_in_the_top_three(home_page, searcher):
    counts = load_indexed_demo(home_page)
    assert counts["case_study"] > 0 and counts["thread"] > 0
    member = UserFactory()
    failures = []
    for case in QUERIES:
        user = member if case.get("as") == "member" else None
        top = searcher.titles(case["query"], user=user)[:3]
        missing = [title for title in case["expected"] if title not in top]
        if missing:
            failures.append(f"{case['query']!r}: expected {missing} in top 3, got {top}")
    assert not failures, "\n".join(failures)
