"""Finding 7 of issue 13: a double-click created two identical threads.

Each creating form carries a hidden per-form token (cop.core.idempotency); a second submission
of the same form creates nothing and is sent to what the first one created."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cop.discussions.models import Post, Thread
from tests.discussions.factories import CategoryFactory, ThreadFactory
from tests.members.factories import ModeratorFactory

TOKEN = re.compile(r'name="form_token" value="([\w-]+)"')


def token_on(client, url):
    match = TOKEN.search(client.get(url).content.decode())
    assert match, "the form carries a hidden token"
    return match.group(1)


def thread_form(category, token):
    return {"category": category.pk, "title": "Pooled budgets", "body": "Has anyone tried this?", "form_token": token}


@pytest.mark.django_db
def test_sending_the_new_thread_form_twice_creates_one_thread(client):
    client.force_login(ModeratorFactory())  # moderators have no posting interval, so only the token stops it
    category = CategoryFactory()
    token = token_on(client, reverse("discussions:new_thread"))
    first = client.post(reverse("discussions:new_thread"), thread_form(category, token))
    second = client.post(reverse("discussions:new_thread"), thread_form(category, token))
    assert Thread.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == Thread.objects.get().get_absolute_url()
    # A new form (a new token) starts another discussion.
    client.post(
        reverse("discussions:new_thread"), thread_form(category, token_on(client, reverse("discussions:new_thread")))
    )
    assert Thread.objects.count() == 2


@pytest.mark.django_db
def test_sending_a_reply_twice_posts_it_once(client):
    client.force_login(ModeratorFactory())
    thread = ThreadFactory()
    token = token_on(client, thread.get_absolute_url())
    data = {"body": "We pooled ours in 2019.", "form_token": token}
    first = client.post(reverse("discussions:reply", args=[thread.pk]), data)
    second = client.post(reverse("discussions:reply", args=[thread.pk]), data)
    assert Post.objects.filter(thread=thread, is_opening=False).count() == 1
    assert second["Location"] == first["Location"]


@pytest.mark.django_db
def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(client):
    client.force_login(ModeratorFactory())
    category = CategoryFactory()
    token = token_on(client, reverse("discussions:new_thread"))
    refused = client.post(reverse("discussions:new_thread"), {**thread_form(category, token), "title": ""})
    assert refused.status_code == 400 and token in refused.content.decode()
    client.post(reverse("discussions:new_thread"), thread_form(category, token))
    assert Thread.objects.count() == 1


def double_click(member, category):
    """Two connections send the same form at the same moment; returns both responses."""
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(member)
    token = token_on(clients[0], reverse("discussions:new_thread"))
    start, results = threading.Barrier(2), [None, None]

    def submit(index):
        try:
            start.wait(5)
            results[index] = clients[index].post(reverse("discussions:new_thread"), thread_form(category, token))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: concurrent requests on separate connections (set DATABASE_URL)",
)
def test_a_double_click_racing_on_two_connections_creates_one_thread():
    member, category = ModeratorFactory(), CategoryFactory()
    for round_ in range(5):
        results = double_click(member, category)
        assert Thread.objects.count() == round_ + 1, f"round {round_ + 1}: both clicks created a thread"
        assert [r.status_code for r in results] == [302, 302]
        assert results[0]["Location"] == results[1]["Location"]


STORY = {
    "byline": "Sam",
    "place_description": "Worcester",
    "title": "Four assessments in a month",
    "story": "Every service asked me the same questions, and nobody told the others what I had said.",
    "consent_publish": "on",
}


@pytest.mark.django_db
def test_sending_a_story_twice_saves_one_story(client, home_page):
    from casestudies.models import CitizenStoryPage
    from tests.casestudies.factories import story_index

    story_index(home_page)
    client.post("/stories/share/", STORY)
    first = client.post("/stories/share/check/")
    second = client.post("/stories/share/check/")
    assert CitizenStoryPage.objects.count() == 1
    assert first.status_code == second.status_code == 302 and second["Location"] == first["Location"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_a_story_sent_twice_at_once_from_one_browser_is_saved_once(home_page):
    from casestudies.models import CitizenStoryPage
    from tests.casestudies.factories import story_index

    story_index(home_page)
    browser = Client()
    browser.post("/stories/share/", STORY)
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.cookies = browser.cookies  # one browser, two requests in flight
    start, results = threading.Barrier(2), [None, None]

    def send(index):
        try:
            start.wait(5)
            results[index] = tabs[index].post("/stories/share/check/")
        finally:
            connections.close_all()

    workers = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert CitizenStoryPage.objects.count() == 1
    assert [r["Location"] for r in results] == ["/stories/share/sent/"] * 2
