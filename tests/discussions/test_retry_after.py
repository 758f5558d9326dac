"""A member posting too quickly gets a 429 with Retry-After, the wait in words and their text kept."""

import pytest
from django.urls import reverse

from tests.members.factories import UserFactory

from .factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_posting_too_quickly_says_when_in_the_header_and_on_the_page(client, settings):
    settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = 30
    thread = ThreadFactory()
    client.force_login(UserFactory())
    client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "One"})
    response = client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Two"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 31
    page = response.content.decode()
    assert "before posting again" in page and "Two</textarea>" in page
