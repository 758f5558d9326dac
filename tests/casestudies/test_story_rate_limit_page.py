"""The story form's 429s say when to try again (Retry-After and in words) and keep what was typed."""

import time

import pytest

from tests.casestudies.factories import story_index
from tests.casestudies.test_stories import VALID

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_clock(monkeypatch):
    # django-ratelimit counts in fixed windows: hold the clock so no boundary falls mid-test.
    frozen = time.time()
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: frozen)


def test_too_many_forms_show_the_form_again_with_the_answers_and_when(client, home_page, frozen_clock, settings):
    story_index(home_page)
    for _ in range(30):
        client.post("/stories/share/", VALID)
    response = client.post("/stories/share/", dict(VALID, title="My thirty-first try"))
    page = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Try again in" in page and 'class="govuk-error-summary"' in page
    assert 'value="My thirty-first try"' in page


def test_too_many_sends_say_when_and_keep_the_answers(client, home_page, frozen_clock):
    story_index(home_page)
    for _ in range(5):
        client.post("/stories/share/", VALID)
        client.post("/stories/share/check/")
    client.post("/stories/share/", VALID)
    response = client.post("/stories/share/check/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Try again in" in response.content.decode()
    # The answers are still there to send later.
    assert client.get("/stories/share/check/").status_code == 200
