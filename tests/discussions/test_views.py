import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cop.discussions.emails import unsubscribe_token
from cop.discussions.models import MAX_BODY_LENGTH, Flag, Post, Thread
from cop.discussions.tasks import send_weekly_digests
from cop.members.models import Profile
from tests.members.factories import ModeratorFactory, UserFactory

from .factories import CategoryFactory, EstablishedMemberFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_interval(settings):
    settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = 0


def test_empty_and_oversized_posts_show_error_summary_and_save_nothing(client):
    thread = ThreadFactory()
    client.force_login(UserFactory())
    for body, message in [("", "Enter your message"), ("x" * (MAX_BODY_LENGTH + 1), "characters or fewer")]:
        response = client.post(reverse("discussions:reply", args=[thread.pk]), {"body": body})
        html = response.content.decode()
        assert response.status_code == 400
        assert "govuk-error-summary" in html and message in html
        assert 'href="#id_body"' in html
    assert thread.posts.count() == 1

    response = client.post(reverse("discussions:new_thread"), {"category": thread.category_id, "title": "", "body": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "Enter a title" in html and "Enter your message" in html
    assert Thread.objects.count() == 1


def test_locked_thread_reply_is_refused_with_message(client):
    thread = ThreadFactory(is_locked=True)
    client.force_login(UserFactory())
    response = client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Sneaking in"})
    assert response.status_code == 400
    assert "This discussion is locked" in response.content.decode()
    assert thread.posts.count() == 1


def test_rate_limit_message_is_shown(client, settings):
    settings.DISCUSSIONS_MIN_POST_INTERVAL_SECONDS = 30
    thread = ThreadFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "One"}).status_code == 302
    response = client.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Two"})
    assert response.status_code == 429
    assert "You are posting too quickly" in response.content.decode()
    # What the member typed is kept so nothing is lost.
    assert "Two</textarea>" in response.content.decode()
    assert thread.posts.count() == 2


def test_csrf_is_enforced_on_every_form():
    thread = ThreadFactory()
    post = PostFactory(thread=thread)
    member = UserFactory()
    moderator = ModeratorFactory()
    client = Client(enforce_csrf_checks=True)
    targets = [
        (member, reverse("discussions:new_thread"), {"category": thread.category_id, "title": "T", "body": "B"}),
        (member, reverse("discussions:reply", args=[thread.pk]), {"body": "B"}),
        (post.author, reverse("discussions:edit_post", args=[post.pk]), {"body": "Changed"}),
        (member, reverse("discussions:flag_post", args=[post.pk]), {"reason": "spam"}),
        (member, reverse("discussions:helpful", args=[post.pk]), {}),
        (thread.author, reverse("discussions:accept", args=[post.pk]), {}),
        (member, reverse("discussions:watch_thread", args=[thread.pk]), {"level": "watch"}),
        (member, reverse("discussions:watch_category", args=[thread.category.slug]), {"level": "watch"}),
        (member, reverse("discussions:notifications"), {}),
        (moderator, reverse("discussions:hide_post", args=[post.pk]), {"reason": "x"}),
        (moderator, reverse("discussions:restore_post", args=[post.pk]), {}),
        (
            moderator,
            reverse("discussions:moderate_thread", args=[thread.pk]),
            {"is_locked": "on", "category": thread.category_id},
        ),
        (moderator, reverse("discussions_moderation_queue"), {"post": post.pk, "action": "keep"}),
        (
            moderator,
            reverse("members:moderate", args=[member.username]),
            {"action": "suspend", "suspend-days": "1", "suspend-reason": "x"},
        ),
        (member, reverse("members:edit"), {"display_name": "New"}),
        (member, reverse("members:delete"), {"confirm": "on"}),
        (None, reverse("discussions:unsubscribe", args=[unsubscribe_token(member, "digest")]), {}),
        (None, reverse("account_login"), {"login": member.email, "password": "correct-horse-battery"}),
        (
            None,
            reverse("account_signup"),
            {
                "email": "x@example.org",
                "password1": "a-long-password-1",
                "password2": "a-long-password-1",
                "display_name": "X",
            },
        ),
    ]
    for user, url, data in targets:
        client.logout()
        if user:
            client.force_login(user)
        response = client.post(url, data)
        assert response.status_code == 403, url
    post.refresh_from_db()
    member.refresh_from_db()
    assert post.body != "Changed" and member.is_active and Flag.objects.count() == 0
    assert Thread.objects.count() == 1


def test_flagged_three_times_disappears_from_public_view(client):
    thread = ThreadFactory()
    post = PostFactory(thread=thread, body="Buy cheap watches at spam.example")
    for _ in range(3):
        client.force_login(EstablishedMemberFactory())
        client.post(reverse("discussions:flag_post", args=[post.pk]), {"reason": "spam"})
    client.logout()
    assert "cheap watches" not in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(ModeratorFactory())
    queue = client.get(reverse("discussions_moderation_queue")).content.decode()
    assert "cheap watches" in queue and "Spam or advertising" in queue


def test_thread_list_query_count_is_constant(client, django_assert_max_num_queries):
    category = CategoryFactory()
    for _ in range(3):
        ThreadFactory(category=category)
    member = UserFactory()
    client.force_login(member)
    with django_assert_max_num_queries(14) as small:
        assert client.get(reverse("discussions:index")).status_code == 200
    for _ in range(30):
        ThreadFactory(category=category)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("discussions:index")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(category.get_absolute_url()).status_code == 200


def test_thread_page_query_count_does_not_grow_with_replies(client, django_assert_max_num_queries):
    thread = ThreadFactory()
    for _ in range(3):
        PostFactory(thread=thread)
    member = UserFactory()
    client.force_login(member)
    client.get(thread.get_absolute_url())  # first visit creates the read marker
    with django_assert_max_num_queries(25) as few:
        assert client.get(thread.get_absolute_url()).status_code == 200
    baseline = len(few.captured_queries)
    for _ in range(40):
        PostFactory(thread=thread)
    client.get(thread.get_absolute_url())  # marks the new replies read (a re-read then writes nothing)
    with django_assert_max_num_queries(baseline):
        response = client.get(thread.get_absolute_url())
    assert response.content.decode().count('<article class="pe-post') == 44


def test_quote_prefills_reply(client):
    thread = ThreadFactory()
    post = PostFactory(thread=thread, body="Line one\nLine two")
    client.force_login(UserFactory())
    html = client.get(thread.get_absolute_url() + f"?quote={post.pk}").content.decode()
    assert f"@{post.author.username} wrote:\n&gt; Line one\n&gt; Line two" in html


def test_unread_marker_clears_after_reading(client):
    thread = ThreadFactory()
    member = UserFactory()
    client.force_login(member)
    assert "Unread" in client.get(reverse("discussions:index")).content.decode()
    client.get(thread.get_absolute_url())
    assert "Unread" not in client.get(reverse("discussions:index")).content.decode()


def test_sorting_unanswered_and_pagination(client):
    category = CategoryFactory()
    answered = ThreadFactory(category=category, title="Answered one")
    PostFactory(thread=answered)
    ThreadFactory(category=category, title="Still open")
    html = client.get(reverse("discussions:index") + "?sort=unanswered").content.decode()
    assert "Still open" in html and "Answered one" not in html
    for n in range(26):
        ThreadFactory(category=category, title=f"Bulk {n}")
    page_two = client.get(reverse("discussions:index") + "?page=2").content.decode()
    assert page_two.count("pe-thread-list__item") == 28 - 25


def test_discuss_this_case_study_prefills_link(client, home_page):
    category = CategoryFactory()
    client.force_login(UserFactory())
    html = client.get(reverse("discussions:new_thread") + f"?case_study={home_page.pk}").content.decode()
    assert f'value="{home_page.pk}"' in html and home_page.title in html
    client.post(
        reverse("discussions:new_thread"),
        {
            "category": category.pk,
            "title": "About this",
            "body": "Thoughts?",
            "case_study": home_page.pk,
        },
    )
    assert Thread.objects.get(title="About this").case_study_id == home_page.pk


def test_unsubscribe_link_works_without_sign_in_and_rejects_tampering(client):
    member = UserFactory()
    token = unsubscribe_token(member, "digest")
    url = reverse("discussions:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    member.profile.refresh_from_db()
    assert member.profile.weekly_digest  # a GET (e.g. a mail scanner) changes nothing
    client.post(url)
    member.profile.refresh_from_db()
    assert not member.profile.weekly_digest and member.profile.email_on_reply
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("discussions:unsubscribe", args=[tampered])).status_code == 400


def test_weekly_digest_goes_only_to_absent_members_and_once(settings):
    ThreadFactory(title="Pooled budgets for NEET young people")
    absent = UserFactory()
    present = UserFactory()
    opted_out = UserFactory()
    long_ago = timezone.now() - timezone.timedelta(days=10)
    Profile.objects.filter(user=absent).update(last_seen_at=long_ago)
    Profile.objects.filter(user=present).update(last_seen_at=timezone.now())
    Profile.objects.filter(user=opted_out).update(last_seen_at=long_ago, weekly_digest=False)
    mail.outbox.clear()
    send_weekly_digests.call()
    recipients = [m.to[0] for m in mail.outbox]
    assert absent.email in recipients
    assert present.email not in recipients and opted_out.email not in recipients
    digest = next(m for m in mail.outbox if m.to[0] == absent.email)
    assert "Pooled budgets for NEET young people" in digest.body
    assert re.search(r"/notifications/unsubscribe/[^/\s]+/", digest.body)
    mail.outbox.clear()
    send_weekly_digests.call()
    assert absent.email not in [m.to[0] for m in mail.outbox]


def test_send_digests_command_enqueues_task():
    from io import StringIO

    from django.core.management import call_command

    ThreadFactory()
    member = UserFactory()
    Profile.objects.filter(user=member).update(last_seen_at=timezone.now() - timezone.timedelta(days=30))
    mail.outbox.clear()
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "Weekly digest queued" in out.getvalue()
    assert member.email in [m.to[0] for m in mail.outbox]


def test_notifications_page_lists_and_marks_read(client):
    from cop.discussions import services

    asker = UserFactory()
    thread = ThreadFactory(author=asker, title="Shared reception")
    services.create_reply(UserFactory(display_name="Rachel"), thread, body="We did it")
    client.force_login(asker)
    html = client.get(reverse("discussions:notifications")).content.decode()
    assert "Rachel" in html and "Shared reception" in html and "1 unread notification" in html
    client.post(reverse("discussions:notifications"))
    assert "no unread notifications" in client.get(reverse("discussions:notifications")).content.decode()
    assert Post.objects.count() == 2


def test_discussions_page_shows_unread_notification_count(client):
    from cop.discussions import services

    asker = UserFactory()
    thread = ThreadFactory(author=asker)
    services.create_reply(UserFactory(), thread, body="Here is how we did it")
    client.force_login(asker)
    assert "Your notifications (1 unread)" in client.get(reverse("discussions:index")).content.decode()


def test_search_discussion_titles(client):
    category = CategoryFactory()
    ThreadFactory(category=category, title="Pooled budgets for young people not in work")
    ThreadFactory(category=category, title="Sharing a payroll system")
    restricted = CategoryFactory(restricted=True)
    ThreadFactory(category=restricted, title="Pooled budget returns for officers only")
    html = client.get(reverse("discussions:index") + "?q=pooled+budgets").content.decode()
    assert "Pooled budgets for young people" in html
    assert "payroll" not in html and "officers only" not in html
    assert "Discussions matching “pooled budgets”" in html
