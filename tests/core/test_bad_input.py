"""Unreadable input (a NUL byte, invalid UTF-8) is refused with the site's 400 page before any view
or query sees it, and out-of-range numbers in listings are ignored rather than crashing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from casestudies.models import CitizenStoryPage
from cop.discussions.models import Thread
from cop.updates.models import UpdateIndexPage, UpdatePage
from tests.casestudies.factories import case_study_index, story_index
from tests.discussions.factories import CategoryFactory, ThreadFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every listing and search that filters on what the visitor typed (finding 5).
FILTERED_PAGES = [
    ("/case-studies/", "theme"),
    ("/case-studies/", "place"),
    ("/library/", "q"),
    ("/stories/", "service"),
    ("/discussions/", "q"),
    ("/discussions/", "tag"),
    ("/members/expertise/", "topic"),
    ("/members/", "q"),
    ("/search/", "q"),
    ("/search/suggest/", "q"),
    ("/benchmarking/", "council"),
    ("/benchmarking/submissions/published/", "year"),
]


@pytest.fixture
def indexes(home_page):
    from cop.core.demo import ensure_index
    from cop.library.models import LibraryIndexPage

    case_study_index(home_page)
    story_index(home_page)
    ensure_index(home_page, LibraryIndexPage, "library", "Library", "<p>Guides.</p>")


@pytest.fixture
def member_client(home_page):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    return client


def _assert_refused(response):
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bad request" in body and 'class="govuk-skip-link"' in body  # the site's own design
    assert "Nothing was saved" in body


@pytest.mark.parametrize(("path", "name"), FILTERED_PAGES)
def test_nul_byte_in_a_filter_or_search_is_a_400_in_the_site_design(member_client, indexes, path, name):
    assert member_client.get(path, {name: "ab"}).status_code == 200
    response = member_client.get(path, {name: "a\x00b"})
    _assert_refused(response)
    assert "null character" in response.content.decode()


def test_nul_byte_in_the_path_is_a_400(member_client):
    _assert_refused(member_client.get("/members/a%00b/"))
    _assert_refused(member_client.get("/discussions/c/a%00b/"))


def test_invalid_utf8_in_path_or_query_is_a_400(member_client):
    response = member_client.get("/library/?q=%ff%fe")
    _assert_refused(response)
    assert "not valid UTF-8" in response.content.decode()
    _assert_refused(member_client.get("/members/%c3%28/"))


def test_nul_byte_in_a_form_is_refused_and_nothing_is_saved(member_client):
    category = CategoryFactory()
    before = Thread.objects.count()
    response = member_client.post(
        reverse("discussions:new_thread"),
        {"category": category.pk, "title": "Pooled\x00 budgets", "body": "How did you pool them?" * 3},
    )
    _assert_refused(response)
    assert Thread.objects.count() == before


def test_nul_byte_in_a_multipart_form_is_refused(member_client):
    thread = ThreadFactory(tags=None)
    posts = thread.posts.count()
    response = member_client.post(
        reverse("discussions:reply", args=[thread.pk]), {"body": "A reply\x00 with a null and enough words"}
    )
    # The test client sends multipart by default: text fields are checked after Django parses them.
    _assert_refused(response)
    assert thread.posts.count() == posts


def test_invalid_utf8_in_a_urlencoded_story_is_refused_and_nothing_is_saved(home_page):
    story_index(home_page)
    client = Client(raise_request_exception=False)
    body = (
        b"byline=Sam&place_description=Worcester&title=Four+assessments&story="
        + b"\xff\xfe" * 40
        + b"&consent_publish=on"
    )
    response = client.post("/stories/share/", body, content_type="application/x-www-form-urlencoded")
    _assert_refused(response)
    assert client.get("/stories/share/check/").status_code == 302  # nothing kept for the check page
    assert not CitizenStoryPage.objects.exists()


def test_an_uploaded_file_may_contain_any_byte(home_page):
    """Only text fields are checked in a multipart form, never the bytes of an uploaded file."""
    story_index(home_page)
    client = Client(raise_request_exception=False)
    data = {
        "byline": "Sam",
        "place_description": "Worcester",
        "title": "Four assessments in a month",
        "story": "Every service asked me the same questions, and nobody told the others what I had said.",
        "consent_publish": "on",
        "attachment": SimpleUploadedFile("scan.bin", b"\x00\x01\xff\x00"),
    }
    response = client.post("/stories/share/", data)
    assert response.status_code == 302 and response["Location"] == "/stories/share/check/"


@pytest.mark.parametrize("year", ["-1", "0", "99999999999999999999", "²⁰²⁴", "10000"])
def test_updates_year_out_of_range_lists_every_update(client, home_page, year):
    from cop.core.demo import ensure_index

    index = ensure_index(home_page, UpdateIndexPage, "updates", "Updates", "<p>News.</p>")
    update = UpdatePage(title="The first case studies are live", date=datetime.date(2025, 5, 1), summary="Live.")
    index.add_child(instance=update)
    update.save_revision().publish()
    response = client.get("/updates/", {"year": year})
    assert response.status_code == 200
    assert "The first case studies are live" in response.content.decode()
    assert client.get("/updates/", {"year": "2025"}).status_code == 200


def test_quote_and_case_study_ids_that_are_not_ascii_numbers_are_ignored(member_client):
    thread = ThreadFactory(tags=None)
    assert member_client.get(thread.get_absolute_url(), {"quote": "²"}).status_code == 200
    assert member_client.get(thread.get_absolute_url(), {"quote": "9" * 40}).status_code == 200
    response = member_client.get(reverse("discussions:new_thread"), {"case_study": "²", "service": "١٢"})
    assert response.status_code == 200
