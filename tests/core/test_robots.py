"""Crawlers find a robots.txt that keeps them out of admin, accounts and search results."""

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_is_plain_text_and_allows_public_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for private in ("/admin/", "/accounts/", "/search/"):
        assert f"Disallow: {private}" in lines
    assert "Disallow: /" not in lines  # the site itself stays indexable
