"""Finding 4: the page cache key held every query string, so /?utm=<random> filled Redis.

Tracking parameters are dropped from the key (and from what the view sees); parameters no view
reads bypass the cache; only known routes answering 200 are stored.
"""

import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from cop.core.page_cache_keys import KNOWN_PARAMETERS, KNOWN_PREFIXES, cache_query

pytestmark = pytest.mark.django_db


def _page_keys() -> int:
    """How many pages the cache holds: the local-memory cache, or Redis (make test-postgres)."""
    store = caches["default"]._cache
    if isinstance(store, dict):
        return sum(1 for key in store if ":anon-page-cache:page:" in key)
    return sum(1 for _ in store.get_client().scan_iter("*:anon-page-cache:page:*"))


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_random_query_strings_do_not_grow_the_cache(client, home_page):
    client.get("/")
    before = _page_keys()
    for _ in range(50):
        junk = uuid.uuid4().hex
        assert client.get(f"/?utm={junk}&{junk}=1").status_code == 200
        assert client.get(f"/?utm_source={junk}&fbclid={junk}&gclid={junk}").status_code == 200
    assert _page_keys() == before == 1


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_campaign_links_share_the_plain_page(client, home_page):
    assert client.get("/")["X-Page-Cache"] == "miss"
    tagged = client.get("/?utm_source=newsletter&utm_campaign=june&fbclid=abc")
    assert tagged["X-Page-Cache"] == "hit"
    assert b"utm_source" not in tagged.content


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_unknown_parameters_bypass_the_cache(client, home_page):
    first = client.get("/?junk=1")
    second = client.get("/?junk=1")
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_known_parameters_are_keyed_in_any_order(client, home_page):
    assert client.get("/?page=2&sort=newest")["X-Page-Cache"] == "miss"
    assert client.get("/?sort=newest&page=2&utm_medium=email")["X-Page-Cache"] == "hit"
    assert client.get("/?sort=newest&page=3")["X-Page-Cache"] == "miss"


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_only_200_responses_are_stored(client, home_page):
    for _ in range(3):
        response = client.get(f"/no-such-page-{uuid.uuid4().hex}/")
        assert response.status_code == 404
    assert _page_keys() == 0


def test_repeated_values_keep_their_order():
    assert cache_query("region=London&region=North+West&q=x") == "q=x&region=London&region=North+West"
    assert cache_query("a%00b=1") is None
    assert cache_query("q=%00%ff") is not None


def test_every_parameter_the_listings_read_is_known():
    """Guard the declared list: a facet or filter field not listed would bypass the cache."""
    from benchmarks.forms import ComparisonQueryForm, EnglandMapForm
    from benchmarks.grouping import NEIGHBOUR_VARIABLES
    from casestudies.selectors import FACET_KEYS as CASE_STUDY_FACETS
    from cop.members.forms import DirectoryFilterForm
    from cop.sitesearch.query import FACET_KEYS as SEARCH_FACETS

    read = {
        *CASE_STUDY_FACETS,
        *SEARCH_FACETS,
        *ComparisonQueryForm.base_fields,
        *EnglandMapForm.base_fields,
        *DirectoryFilterForm.base_fields,
    }
    assert read - KNOWN_PARAMETERS == set()
    assert all(f"w_{name}".startswith(KNOWN_PREFIXES) for name in NEIGHBOUR_VARIABLES)
