"""The site's one 429: styled, with Retry-After and the wait in words."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cop.core.ratelimits import describe_wait, ratelimited

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "seconds, words", [(1, "1 minute"), (60, "1 minute"), (61, "2 minutes"), (3600, "60 minutes"), (7300, "3 hours")]
)
def test_the_wait_is_rounded_up_and_said_as_people_say_it(seconds, words):
    assert describe_wait(seconds) == words


def test_a_blocked_post_is_the_sites_429_page_not_a_403(rf):
    request = rf.post("/benchmarking/submissions/1/submit/")
    request.user = AnonymousUser()
    response = ratelimited(request)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Too many attempts" in page and "Try again in 1 minute." in page
    assert 'class="govuk-header pe-header"' in page
