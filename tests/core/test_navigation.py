"""The header and navigation reach everything: a way in when signed out (the same for every
visitor, so the anonymous page cache still serves it), the member bar when signed in."""

import pytest
from django.test import Client, override_settings

from cop.core.context_processors import navigation_items
from tests.members.factories import UserFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db

SIGN_IN = '<a class="govuk-link govuk-link--inverse" href="/accounts/login/">Sign in</a>'
CREATE = '<a class="govuk-link govuk-link--inverse" href="/accounts/signup/">Create an account</a>'


@override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=300)
def test_signed_out_visitors_share_one_cached_page_with_a_way_in(home_page):
    first = Client().get("/")
    second = Client().get("/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    page = second.content.decode()
    assert SIGN_IN in page and CREATE in page
    assert "Signed in as" not in page
    # The home page says who the site is for and offers joining beside the council picker.
    assert "Who Place Exchange is for" in page
    assert page.index('id="benchmark-cta-heading"') < page.index('id="join-heading"')
    assert '<a class="govuk-button" data-module="govuk-button" href="/accounts/signup/">Create an account</a>' in page


def test_primary_navigation_reaches_updates_and_hides_groups_until_its_app_is_installed(home_page):
    page = Client().get("/").content.decode()
    assert 'href="/updates/"' in page and 'href="/events/"' in page
    labels = [label for label, _ in navigation_items()]
    assert "Updates" in labels
    from django.urls import resolve

    groups_installed = resolve("/groups/").url_name != "wagtail_serve"
    assert ("Groups" in labels) == groups_installed


def test_member_bar_links_the_directory_and_the_club_for_verified_officers_only(home_page):
    member, officer = Client(), Client()
    member.force_login(UserFactory())
    officer.force_login(VerifiedOfficerFactory())
    plain = member.get("/").content.decode()
    verified = officer.get("/").content.decode()
    for page in (plain, verified):
        assert "Signed in as" in page and 'href="/members/">Member directory</a>' in page
        assert SIGN_IN not in page and CREATE not in page
    assert 'href="/benchmarking/submissions/">Benchmarking club</a>' in verified
    assert "Benchmarking club" not in plain
    # Signed in, the home page points members at verification instead of sign-up.
    assert 'href="/members/me/verification/"' in plain
