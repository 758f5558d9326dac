"""Members get the case study, thread, council profile and search pages from a cached shell
(cop.core.member_pages): fast, yet each sees their own name, token and state, fresh content at
once, and nothing of anyone else's."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cop.core.member_pages import HEADER
from cop.discussions import services as discussion_services
from cop.discussions.models import Post
from cop.members import services as member_services
from tests.benchmarks.world import build_world
from tests.casestudies.factories import CaseStudyPageFactory, case_study_index
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.members.factories import ModeratorFactory, UserFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def signed_in(user=None, **kwargs):
    client = Client(**kwargs)
    client.force_login(user or UserFactory())
    return client


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.fixture
def thread():
    thread = ThreadFactory()
    for _ in range(3):
        PostFactory(thread=thread)
    return thread


@pytest.fixture
def case_study(home_page):
    return CaseStudyPageFactory(parent=case_study_index(home_page), service_codes=["410"], themes=["Older people"])


def test_second_request_of_each_member_page_comes_from_the_shell(
    thread, case_study, django_assert_num_queries, django_assert_max_num_queries
):
    world = build_world()
    urls = [
        case_study.url,
        reverse("benchmarks:profile", kwargs={"gss": world["Ashford Unitary"].gss_code}),
        "/search/?q=budget",
    ]
    first, second = signed_in(), signed_in()
    get(second, "/search/?q=warming")  # a member's first request records their visit
    for url in urls:
        response, _ = get(first, url)
        assert response[HEADER] == "stored"
        # Session and user; on a council profile, the first time, whether the member has saved comparison
        # groups of their own (remembered in the cache afterwards).
        with django_assert_num_queries(3 if "/benchmarking/" in url else 2):
            response, html = get(second, url)
        assert response[HEADER] == "hit" and "Signed in as" in html
    url = thread.get_absolute_url()
    get(first, url)
    get(second, url)  # first visit: the view marks the thread read
    with django_assert_max_num_queries(3):  # session, user, the member's state in the thread
        response, html = get(second, url)
    assert response[HEADER] == "hit" and html.count('<article class="pe-post') == 4


def test_two_members_see_their_own_name_and_working_tokens_never_each_others(thread):
    alice = UserFactory(username="alice-reader", display_name="alice-reader")
    bob = UserFactory(username="bob-reader", display_name="bob-reader")
    url = thread.get_absolute_url()
    pages = {}
    for user in (alice, bob, alice, bob):  # each member's second request is a hit
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        get(client, url)
        response, html = get(client, url)
        pages.setdefault(user.username, []).append((client, response, html))
    for name, other in (("alice-reader", "bob-reader"), ("bob-reader", "alice-reader")):
        for client, response, html in pages[name]:
            assert response[HEADER] == "hit"
            assert f"Signed in as <strong>{name}</strong>" in html and other not in html
            assert "pe-slot" not in html and "__member_page_csrf_token__" not in html
            tokens = set(CSRF.findall(html))
            assert len(tokens) == 1
            # The token is this member's own: a reply with it is accepted.
            reply = client.post(
                reverse("discussions:reply", args=[thread.pk]),
                {"body": f"A reply from {name} with a long enough body.", "csrfmiddlewaretoken": tokens.pop()},
            )
            assert reply.status_code == 302
            break
    # Every shown reply form has its own one-time token.
    forms = [FORM_TOKEN.search(html).group(1) for entries in pages.values() for _, _, html in entries]
    assert len(set(forms)) == len(forms)


def test_a_new_reply_shows_at_once_signed_in_and_anonymous(thread, settings, django_capture_on_commit_callbacks):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 300
    url = thread.get_absolute_url()
    reader = signed_in()
    anonymous = Client()
    get(reader, url)
    assert get(reader, url)[0][HEADER] == "hit"
    assert get(anonymous, url)[0]["X-Page-Cache"] in ("miss", "hit")

    writer = signed_in(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):  # the purge runs once the reply is committed
        response = writer.post(
            reverse("discussions:reply", args=[thread.pk]), {"body": "Freshly posted advice about pooled budgets."}
        )
    assert response.status_code == 302
    assert "Freshly posted advice about pooled budgets." in get(reader, url)[1]
    assert "Freshly posted advice about pooled budgets." in get(anonymous, url)[1]
    # The writer sees their own reply with its edit link; the reader never gets that link.
    post = Post.objects.get(body__startswith="Freshly posted")
    edit = reverse("discussions:edit_post", args=[post.pk])
    assert edit in get(writer, url)[1]
    get(reader, url)
    response, html = get(reader, url)
    assert response[HEADER] == "hit" and edit not in html
    # And the anonymous cache never holds a member's page.
    _, public = get(anonymous, url)
    assert "Signed in as" not in public and edit not in public


def test_a_member_sees_their_own_posts_reactions_and_watch_setting_others_do_not(thread):
    url = thread.get_absolute_url()
    posts = list(thread.posts.order_by("pk"))
    author_of_reply = posts[1].author
    reactor, reader = UserFactory(), UserFactory()
    discussion_services.toggle_helpful(reactor, posts[2])
    discussion_services.set_thread_watch(reactor, thread, "mute")
    clients = {user.pk: signed_in(user) for user in (author_of_reply, reactor, reader)}
    for client in clients.values():  # the first visit marks the thread read (full view)
        get(client, url)
    for _ in range(2):
        _, own = get(clients[author_of_reply.pk], url)
        _, reacted = get(clients[reactor.pk], url)
        response, plain = get(clients[reader.pk], url)
    assert response[HEADER] == "hit"
    edit = reverse("discussions:edit_post", args=[posts[1].pk])
    assert edit in own and edit not in reacted and edit not in plain
    assert "Remove helpful mark" in reacted and "Remove helpful mark" not in plain + own
    assert "1 found this helpful" in plain
    assert re.search(r'value="mute" checked', reacted) and not re.search(r'value="mute" checked', plain)


def test_a_reaction_updates_the_count_other_members_see(thread):
    url = thread.get_absolute_url()
    reader = signed_in()
    get(reader, url)
    assert "found this helpful" not in get(reader, url)[1]
    discussion_services.toggle_helpful(UserFactory(), thread.posts.order_by("pk")[1])
    assert "1 found this helpful" in get(reader, url)[1]


def test_a_republished_case_study_shows_at_once_to_members(case_study):
    reader = signed_in()
    get(reader, case_study.url)
    assert get(reader, case_study.url)[0][HEADER] == "hit"
    case_study.intervention = "<p>A shared front door for every agency.</p>"
    case_study.save_revision().publish()
    html = get(reader, case_study.url)[1]
    assert "A shared front door for every agency." in html


def test_moderators_staff_and_members_with_messages_always_get_the_full_page(thread):
    url = thread.get_absolute_url()
    hidden = PostFactory(thread=thread, body="Only moderators may read this.")
    moderator = ModeratorFactory()
    discussion_services.hide_post(moderator, hidden, reason="Off topic")
    reader = signed_in()
    get(reader, url)
    get(reader, url)
    mod_client = signed_in(moderator)
    for _ in range(2):
        response, html = get(mod_client, url)
        assert HEADER not in response or response[HEADER] != "hit"
        assert "Only moderators may read this." in html
    _, html = get(reader, url)
    assert "Only moderators may read this." not in html
    assert reverse("discussions:restore_post", args=[hidden.pk]) not in html


def test_a_suspension_or_verification_changes_the_members_page_at_once(thread):
    url = thread.get_absolute_url()
    member = UserFactory()
    client = signed_in(member)
    get(client, url)
    assert 'id="reply-form"' in get(client, url)[1]
    member_services.suspend_member(member, days=3, reason="Testing")
    assert 'id="reply-form"' not in get(client, url)[1]
    member_services.lift_suspension(member)
    assert 'id="reply-form"' in get(client, url)[1]


def test_a_verified_officer_gets_their_councils_page_not_a_plain_members(case_study):
    officer = VerifiedOfficerFactory()
    council = officer.profile.verified_council
    plain = signed_in()
    get(plain, case_study.url)
    assert get(plain, case_study.url)[0][HEADER] == "hit"
    html = get(signed_in(officer), case_study.url)[1]
    assert f"Record that {council.name} has adopted this" in html
    assert "Record that my council adopted this" in get(plain, case_study.url)[1]


def test_unknown_query_parameters_bypass_the_shell(thread):
    reader = signed_in()
    for _ in range(2):
        response, _ = get(reader, thread.get_absolute_url() + "?junk=1")
        assert HEADER not in response
