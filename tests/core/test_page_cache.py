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
    assert client.get("/?page=1")["X-Page-Cache"] == "miss"
    assert client.get("/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/?page=1")["X-Page-Cache"] == "hit"


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_browsers_that_accept_gzip_get_the_same_page_compressed(client, home_page):
    import gzip

    plain = client.get("/")
    compressed_miss = client.get("/?page=1", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    compressed_hit = client.get("/?page=1", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    for response in (compressed_miss, compressed_hit):
        assert response["Content-Encoding"] == "gzip"
        assert int(response["Content-Length"]) == len(response.content) < len(plain.content)
        assert gzip.decompress(response.content) == client.get("/?page=1").content
        assert "Accept-Encoding" in response["Vary"]
    assert compressed_hit["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_cached_pages_keep_the_security_headers(client, home_page):
    client.get("/")
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "same-origin"


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_pages_that_set_a_cookie_are_not_stored(client, home_page):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from cop.core.middleware import AnonymousPageCacheMiddleware

    def view_with_csrf_cookie(request):
        response = HttpResponse("<p>form</p>" * 50, content_type="text/html")
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = AnonymousPageCacheMiddleware(view_with_csrf_cookie)
    request_factory = RequestFactory()
    first = middleware(request_factory.get("/form/"))
    second = middleware(request_factory.get("/form/"))
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


@pytest.fixture
def local_page_copies():
    """Each worker's in-memory copies (production) start and end empty."""
    from cop.core.cache import _local

    _local.clear()
    with override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300, ANONYMOUS_PAGE_CACHE_LOCAL_SECONDS=30):
        yield _local
    _local.clear()


def test_local_copies_serve_hits_without_the_shared_cache(client, home_page, local_page_copies):
    from django.core.cache import cache

    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"  # confirmed by the shared cache, now kept locally
    cache.clear()  # the shared cache (Redis in production) loses everything
    local_hit = client.get("/")
    assert local_hit["X-Page-Cache"] == "hit"
    assert b"Place Exchange" in local_hit.content


def test_publishing_purges_local_copies_at_once(client, home_page, local_page_copies):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    home_page.lead = "Lead paragraph after a publish."
    home_page.save_revision().publish()
    fresh = client.get("/")
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Lead paragraph after a publish." in fresh.content
