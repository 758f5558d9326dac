"""Hostile values in every query parameter and public form field: never a 5xx, never a partial write.

Parameter and field names are taken from the code (the filter forms, facet keys, selectors' weight
names and the public forms' fields), so a new filter or field is fuzzed without editing this file.
Bounded (max_examples per route, no deadline) to stay fast in `make test`.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.forms import ComparisonGroupForm, ComparisonQueryForm
from benchmarks.groups.models import ComparisonGroup
from casestudies.forms import StoryForm
from casestudies.models import CitizenStoryPage, StoryConsent
from casestudies.selectors import FACET_KEYS as CASE_STUDY_FACETS
from cop.discussions.forms import ReplyForm, ThreadForm
from cop.discussions.models import Post, Thread
from cop.members.forms import DirectoryFilterForm, ProfileForm, SignupForm
from cop.members.models import Profile, User
from cop.sitesearch.registry import FACET_KEYS as SEARCH_FACETS
from tests.casestudies.factories import case_study_index, story_index
from tests.discussions.factories import CategoryFactory, ThreadFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
COMMON = ["q", "page", "sort", "year", "limit", "id", "category", "tag", "service", "topic", "quote", "case_study"]
GET_ROUTES = {
    "/case-studies/": COMMON + CASE_STUDY_FACETS,
    "/stories/": COMMON,
    "/library/": COMMON + ["theme", "kind", "file_type"],
    "/updates/": COMMON,
    "/events/": COMMON,
    "/search/": COMMON + list(SEARCH_FACETS) + ["spelling"],
    "/search/suggest/": COMMON,
    "/discussions/": COMMON,
    "/discussions/new/": COMMON,
    "/members/": COMMON + list(DirectoryFilterForm.base_fields),
    "/members/expertise/": COMMON,
    "/benchmarking/": COMMON + ["council"],
    "/benchmarking/savings/": COMMON + list(ComparisonQueryForm.base_fields),
    "/benchmarking/submissions/published/": COMMON + ["source"],
    "/benchmarking/groups/": COMMON,
}
ROW_MODELS = (User, Profile, Thread, Post, CitizenStoryPage, StoryConsent, ComparisonGroup)

# Raw (already percent-encoded) values: NUL, invalid UTF-8, over-long, negative and huge numbers.
hostile = st.one_of(
    st.sampled_from(["%00", "a%00b", "%ff%fe", "%c3%28", "-1", "-99999999999999999999", "9" * 40, "1e309", "NaN"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=3000).map(lambda text: quote(text, safe="")),
    st.binary(max_size=200).map(lambda raw: quote(raw, safe="")),
)


@pytest.fixture
def site(home_page):
    case_study_index(home_page)
    story_index(home_page)
    from cop.core.demo import ensure_index
    from cop.events.models import EventIndexPage
    from cop.library.models import LibraryIndexPage
    from cop.updates.models import UpdateIndexPage

    for model, slug in ((LibraryIndexPage, "library"), (UpdateIndexPage, "updates"), (EventIndexPage, "events")):
        ensure_index(home_page, model, slug, slug.title(), "<p>Intro.</p>")
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    return client


def _counts():
    return [model.objects.count() for model in ROW_MODELS]


@pytest.mark.parametrize("path", sorted(GET_ROUTES))
def test_hostile_query_parameters_never_give_a_server_error(site, path):
    names = sorted(set(GET_ROUTES[path]))

    @FUZZ
    @given(name=st.sampled_from(names), value=hostile)
    def check(name, value):
        response = site.get(f"{path}?{name}={value}")
        assert response.status_code < 500, (path, name, value[:80], response.status_code)

    check()


def _valid_thread(category):
    return {"category": str(category.pk), "title": "Pooled budgets for young people", "body": "How? " * 10}


FORMS = {
    # route name -> (form class whose fields are fuzzed, valid answers to start from)
    "signup": (SignupForm, lambda ctx: {"email": "new@example.org", "password1": "a long passphrase 1"}),
    "profile": (ProfileForm, lambda ctx: {"display_name": "Sam", "email_visibility": "nobody"}),
    "thread": (ThreadForm, lambda ctx: _valid_thread(ctx["category"])),
    "reply": (ReplyForm, lambda ctx: {"body": "A useful reply with several words."}),
    "story": (StoryForm, lambda ctx: {"byline": "Sam", "place_description": "Worcester", "title": "A story"}),
    "group": (ComparisonGroupForm, lambda ctx: {"name": "My group"}),
}


def _url(kind, ctx):
    return {
        "signup": "/accounts/signup/",
        "profile": reverse("members:edit"),
        "thread": reverse("discussions:new_thread"),
        "reply": reverse("discussions:reply", args=[ctx["thread"].pk]),
        "story": reverse("casestudies:share_story"),
        "group": reverse("benchmarks:group_create"),
    }[kind]


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_hostile_form_answers_never_give_a_server_error_or_a_partial_write(site, kind):
    form_class, valid = FORMS[kind]
    ctx = {"category": CategoryFactory(), "thread": ThreadFactory(tags=None)}
    url = _url(kind, ctx)
    # Sign-up and the story form are for visitors; the others for a signed-in member.
    client = Client(raise_request_exception=False) if kind in ("signup", "story") else site
    fields = sorted(set(form_class.base_fields) | set(valid(ctx)))
    if kind == "signup":
        fields += ["email", "password1", "password2"]

    @FUZZ
    @given(name=st.sampled_from(fields), value=hostile)
    def check(name, value):
        answers = {key: quote(str(answer), safe="") for key, answer in valid(ctx).items()}
        answers[name] = value
        body = "&".join(f"{key}={answer}" for key, answer in answers.items())
        before = _counts()
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (kind, name, value[:80], response.status_code)
        if response.status_code != 302:  # refused: nothing at all was written
            assert _counts() == before, (kind, name, value[:80])

    check()
