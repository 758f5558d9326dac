"""Signed-in pages reuse the parts every reader shares (cop.core.fragments): few queries, changes
seen at once, and nothing one member may see ever reaching another."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cop.core.fragments import CSRF_PLACEHOLDER
from cop.discussions import services as discussion_services
from tests.benchmarks.world import build_world
from tests.casestudies.factories import AuthorityFactory, CaseStudyPageFactory, case_study_index
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.members.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def case_study(home_page):
    places = [AuthorityFactory(), AuthorityFactory()]
    return CaseStudyPageFactory(
        parent=case_study_index(home_page), places=places, service_codes=["410"], themes=["Older people"]
    )


def _warm_then_count(client, url, django_assert_num_queries, expected):
    assert client.get(url).status_code == 200
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_signed_in_case_study_costs_a_fixed_small_number_of_queries(
    member_client, case_study, django_assert_num_queries
):
    # Session and user: the rest comes from the member page shell (cop.core.member_pages).
    html = _warm_then_count(member_client, case_study.url, django_assert_num_queries, 2)
    assert case_study.title in html and "Signed in as" in html
    assert "Discuss this case study" in html


def test_signed_in_thread_queries_do_not_grow_with_replies(member_client, django_assert_num_queries):
    thread = ThreadFactory()
    for _ in range(3):
        PostFactory(thread=thread)
    url = thread.get_absolute_url()
    # Session, user and the member's own state in the thread (one statement).
    _warm_then_count(member_client, url, django_assert_num_queries, 3)
    for _ in range(20):
        PostFactory(thread=thread)
    html = _warm_then_count(member_client, url, django_assert_num_queries, 3)
    assert html.count('<article class="pe-post') == 24


def test_signed_in_council_profile_and_search_cost_a_fixed_number_of_queries(
    member_client, django_assert_num_queries, django_assert_max_num_queries, is_postgres
):
    world = build_world()
    gss = world["Ashford Unitary"].gss_code
    profile = reverse("benchmarks:profile", kwargs={"gss": gss})
    assert "Signed in as" in _warm_then_count(member_client, profile, django_assert_num_queries, 2)
    # Session, user, profile, moderator check: 4 for the member; then the search engine's own
    # (on PostgreSQL a savepoint around the ranked count, and suggestions when nothing matches).
    limit = 9 if is_postgres else 6
    html = _warm_then_count(member_client, "/search/?q=budget", django_assert_max_num_queries, limit)
    assert "Signed in as" in html


def test_member_sees_an_edited_and_republished_case_study_at_once(member_client, case_study):
    assert "One team, one assessment" in member_client.get(case_study.url).content.decode()
    case_study.intervention = "<p>A shared front door for every agency.</p>"
    case_study.save_revision().publish()
    html = member_client.get(case_study.url).content.decode()
    assert "A shared front door for every agency." in html
    assert "One team, one assessment" not in html


def test_member_sees_an_edited_post_and_a_new_reply_at_once(member_client):
    thread = ThreadFactory()
    post = PostFactory(thread=thread, body="First version of the advice.")
    url = thread.get_absolute_url()
    assert "First version of the advice." in member_client.get(url).content.decode()

    discussion_services.edit_post(post.author, post, body="Second version of the advice.")
    PostFactory(thread=thread, body="A brand new reply.")
    html = member_client.get(url).content.decode()
    assert "Second version of the advice." in html and "First version" not in html
    assert "A brand new reply." in html


def test_moderator_controls_and_hidden_posts_never_reach_a_member(client):
    thread = ThreadFactory()
    visible = PostFactory(thread=thread, body="Visible advice for everyone.")
    hidden = PostFactory(thread=thread, body="Something only moderators may read.")
    moderator = ModeratorFactory()
    discussion_services.hide_post(moderator, hidden, reason="Off topic")
    url = thread.get_absolute_url()
    hide_link = reverse("discussions:hide_post", args=[visible.pk])

    client.force_login(moderator)
    as_moderator = client.get(url).content.decode()
    assert hide_link in as_moderator and "Something only moderators may read." in as_moderator

    client.force_login(UserFactory())
    as_member = client.get(url).content.decode()
    assert "Visible advice for everyone." in as_member
    assert hide_link not in as_member
    assert reverse("discussions:restore_post", args=[hidden.pk]) not in as_member
    assert "Something only moderators may read." not in as_member
    assert "Lock, pin or move this discussion" not in as_member


def test_forms_inside_shared_fragments_carry_each_readers_own_csrf_token():
    thread = ThreadFactory()
    post = PostFactory(thread=thread)
    url = thread.get_absolute_url()
    helpful = reverse("discussions:helpful", args=[post.pk])
    form_token = re.compile(
        re.escape(helpful) + r'"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
    )
    for _ in range(2):  # the second member gets the fragment the first one rendered
        client = Client(enforce_csrf_checks=True)
        client.force_login(UserFactory())
        html = client.get(url).content.decode()
        assert CSRF_PLACEHOLDER not in html
        token = form_token.search(html).group(1)
        assert client.post(helpful, {"csrfmiddlewaretoken": token}).status_code == 302
    assert post.reactions.count() == 2
