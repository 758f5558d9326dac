import io

import pytest

from cop.discussions import demo as discussions_demo
from cop.discussions.models import Category, Post, Thread
from cop.discussions.selectors import latest_threads, threads_for_service
from cop.members import demo as members_demo
from cop.members.models import User
from cop.members.selectors import verified_council_for

pytestmark = pytest.mark.django_db


def test_demo_content_loads_twice_without_duplicates(home_page):
    for _ in range(2):
        members_demo.load(home_page, io.StringIO())
        discussions_demo.load(home_page, io.StringIO())
    assert User.objects.filter(username__in=[m[0] for m in members_demo.MEMBERS]).count() == len(members_demo.MEMBERS)
    assert Category.objects.count() == len(discussions_demo.CATEGORIES)
    assert Thread.objects.count() == len(discussions_demo.THREADS)
    expected_posts = sum(1 + len(t["replies"]) for t in discussions_demo.THREADS)
    assert Post.objects.count() == expected_posts
    assert verified_council_for(User.objects.get(username="priya-shah")).gss_code == "E10000034"
    # The home page and benchmark pages only get threads from open categories.
    titles = {t.title for t in latest_threads(limit=50)}
    assert "How are you recording agency staff costs in the quarterly return?" not in titles
    assert any("home care" in t.title for t in threads_for_service("360"))
