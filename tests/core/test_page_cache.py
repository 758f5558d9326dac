"""Anonymous visitors get whole pages from the cache; publishing purges it."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_anonymous_home_page_is_cached_and_purged_on_publish(client, home_page):
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content

    home_page.lead = "A new lead paragraph for the home page."
    home_page.save_revision().publish()

    third = client.get("/")
    assert third["X-Page-Cache"] == "miss"
    assert b"A new lead paragraph for the home page." in third.content


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_signed_in_members_never_get_a_cached_page(client, home_page, django_user_model):
    client.get("/")  # warm the anonymous cache
    user = django_user_model.objects.create_user("officer", "officer@example.gov.uk", "a-long-password-123")
    client.force_login(user)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert b"Signed in as" in response.content


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_query_strings_are_cached_separately(client, home_page):
    assert client.get("/?a=1")["X-Page-Cache"] == "miss"
    assert client.get("/?a=2")["X-Page-Cache"] == "miss"
    assert client.get("/?a=1")["X-Page-Cache"] == "hit"
