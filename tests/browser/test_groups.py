"""Groups in a real browser, with axe on every page: a member starts a closed group, another asks
to join and is approved, posts, and someone outside the group cannot find the post anywhere."""

import pytest
from django.test import override_settings

from cop.discussions.models import Thread
from cop.sitesearch.services import rebuild_all
from tests.discussions.factories import CategoryFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"
TITLE = "Pooling the Sure Start budget across Manchester"


def sign_in(page, user, assert_accessible):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@override_settings(DISCUSSIONS_MIN_POST_INTERVAL_SECONDS=0)
def test_closed_group_post_is_found_by_members_only(page, browser, live_server, home_page, assert_accessible):
    category = CategoryFactory(name="Total Place and place-based budgets", slug="total-place")
    founder = UserFactory(display_name="Fiona Founder")
    joiner = UserFactory(display_name="Jo Joiner")
    outsider = UserFactory(display_name="Owen Outsider")

    # The founder starts a request-to-join group; a bad first attempt shows the error summary.
    sign_in(page, founder, assert_accessible)
    page.goto("/groups/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a group").click()
    assert_accessible(page)
    page.get_by_role("button", name="Create group").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Total Place pilots network")
    page.get_by_label("Summary").fill("The thirteen Total Place pilots compare notes.")
    page.get_by_label("Request to join").check()
    page.get_by_role("button", name="Create group").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Total Place pilots network"
    assert_accessible(page)
    group_url = page.url

    # Another member asks to join.
    joiner_context = browser.new_context(base_url=live_server.url)
    joiner_page = joiner_context.new_page()
    sign_in(joiner_page, joiner, assert_accessible)
    joiner_page.goto(group_url)
    assert_accessible(joiner_page)
    joiner_page.get_by_role("button", name="Ask to join").click()
    joiner_page.wait_for_load_state()
    assert "You have asked to join" in joiner_page.content()
    assert_accessible(joiner_page)

    # The founder approves.
    page.goto(group_url)
    page.get_by_role("link", name="Manage members").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve Jo Joiner").click()
    page.wait_for_load_state()
    assert "Jo Joiner is now a member." in page.content()
    assert_accessible(page)

    # The joiner posts in the group.
    joiner_page.goto(group_url)
    joiner_page.get_by_role("link", name="Start a discussion").click()
    assert_accessible(joiner_page)
    joiner_page.get_by_label("Category").select_option(label=category.name)
    joiner_page.get_by_label("Title").fill(TITLE)
    joiner_page.get_by_label("Your message").fill("We pooled budgets with health partners. Ask me how.")
    joiner_page.get_by_role("button", name="Start discussion").click()
    joiner_page.wait_for_load_state()
    assert joiner_page.locator("h1").inner_text() == TITLE
    assert_accessible(joiner_page)
    thread = Thread.objects.get()
    assert thread.group.name == "Total Place pilots network"
    rebuild_all()
    joiner_page.goto("/search/?q=Sure+Start+budget")
    assert joiner_page.locator(f'a[href="{thread.get_absolute_url()}"]').count() == 1
    joiner_context.close()

    # Someone outside the group finds it nowhere.
    outsider_context = browser.new_context(base_url=live_server.url)
    outsider_page = outsider_context.new_page()
    sign_in(outsider_page, outsider, assert_accessible)
    outsider_page.goto(group_url)
    assert TITLE not in outsider_page.content()
    assert "Only members can read" in outsider_page.content()
    assert_accessible(outsider_page)
    response = outsider_page.goto(thread.get_absolute_url())
    assert response.status == 404
    outsider_page.goto("/search/?q=Sure+Start+budget")
    assert outsider_page.locator(f'a[href="{thread.get_absolute_url()}"]').count() == 0
    assert_accessible(outsider_page)
    outsider_page.goto("/discussions/")
    assert TITLE not in outsider_page.content()
    feed = outsider_page.goto(group_url + "feed/")
    assert feed.status == 404
    outsider_context.close()
