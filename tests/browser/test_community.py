"""Community journeys in a real browser, with axe on every page visited."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from cop.discussions import services
from cop.discussions.models import Flag, Notification, Post, Thread
from cop.members.models import Profile, User
from tests.discussions.factories import CategoryFactory, EstablishedMemberFactory, PostFactory, ThreadFactory
from tests.discussions.xss_payloads import PAYLOADS
from tests.members.factories import AuthorityFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


def sign_in(page, email, assert_accessible, password=PASSWORD):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@override_settings(DISCUSSIONS_MIN_POST_INTERVAL_SECONDS=0)
def test_sign_up_verify_post_reply_mention_notify_accept(page, browser, live_server, home_page, assert_accessible):
    category = CategoryFactory(name="Total Place and place-based budgets", slug="total-place")
    mail.outbox.clear()

    # Sign up and verify the email address from the captured message.
    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("Email").fill("sam.patel@example.org")
    page.get_by_label("Your name").fill("Sam Patel")
    page.get_by_label("Password", exact=True).fill("a-sensible-passphrase")
    page.get_by_label("Password (again)").fill("a-sensible-passphrase")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Check your email"
    assert_accessible(page)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto("/accounts/confirm-email/" + link.split("/accounts/confirm-email/", 1)[1])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert_accessible(page)
    if page.get_by_role("link", name="Sign out").count() == 0:
        sign_in(page, "sam.patel@example.org", assert_accessible, password="a-sensible-passphrase")
    asker = User.objects.get(email="sam.patel@example.org")

    # Post a thread.
    page.goto("/discussions/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a discussion").click()
    assert_accessible(page)
    page.get_by_label("Category").select_option(label=category.name)
    page.get_by_label("Title").fill("Who runs the front desk in a shared access point?")
    page.get_by_label("Your message").fill("We are planning a **shared** reception. Who employs the staff?")
    page.get_by_role("button", name="Start discussion").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Who runs the front desk in a shared access point?"
    assert page.locator(".pe-post__body strong").first.inner_text() == "shared"
    assert_accessible(page)
    thread = Thread.objects.get()

    # Another member replies with an @mention.
    helper = UserFactory(display_name="Rachel O'Neill")
    other = browser.new_context(base_url=live_server.url)
    helper_page = other.new_page()
    sign_in(helper_page, helper.email, assert_accessible)
    helper_page.goto(thread.get_absolute_url())
    assert_accessible(helper_page)
    helper_page.get_by_label("Your reply").fill(
        f"@{asker.username} we did this: one employer, costs split by footfall."
    )
    helper_page.get_by_role("button", name="Post reply").click()
    helper_page.wait_for_load_state()
    assert "one employer" in helper_page.locator(".pe-post__body").last.inner_text()
    assert_accessible(helper_page)
    other.close()

    # The first member sees the notification and accepts the answer.
    page.goto("/notifications/")
    assert_accessible(page)
    notification = page.get_by_role("link", name=re.compile("Rachel O'Neill – mentioned you in"))
    assert notification.count() == 1
    notification.click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Mark as accepted answer")).click()
    page.wait_for_load_state()
    assert page.get_by_text("You marked this reply as the accepted answer.").is_visible()
    assert page.locator(".pe-post--accepted").count() == 1
    assert_accessible(page)
    thread.refresh_from_db()
    assert thread.accepted_post.author == helper
    assert Notification.objects.filter(recipient=asker, kind="mention").exists()


def test_post_flagged_three_times_disappears_from_public_view(page, home_page, assert_accessible):
    thread = ThreadFactory(title="Cleaning contracts after an office move")
    spam = PostFactory(thread=thread, body="Cheap watches at spam.example, buy now")
    flaggers = [EstablishedMemberFactory() for _ in range(3)]  # new accounts only queue a post
    for flagger in flaggers:
        page.context.clear_cookies()
        sign_in(page, flagger.email, assert_accessible)
        page.goto(thread.get_absolute_url())
        page.locator(f"#post-{spam.pk}").get_by_role("link", name=re.compile("^Flag")).click()
        assert_accessible(page)
        page.get_by_label("Spam or advertising").check()
        page.get_by_role("button", name="Flag post").click()
        page.wait_for_load_state()
        assert_accessible(page)
    assert Flag.objects.filter(post=spam).count() == 3
    page.context.clear_cookies()
    page.goto(thread.get_absolute_url())
    assert "Cheap watches" not in page.content()
    assert page.locator("h2", has_text="0 replies").count() == 1
    assert_accessible(page)


def _xss_world():
    """Every user text field filled with payloads (through the same services the forms use)."""
    council = AuthorityFactory()
    category = CategoryFactory(name="Money-saving tips", slug="money-saving-tips")
    author = UserFactory(display_name=PAYLOADS[0][:100])
    Profile.objects.filter(user=author).update(
        role=PAYLOADS[1][:150],
        bio="\n".join(PAYLOADS)[:1000],
        other_organisation=PAYLOADS[2][:200],
        email_visibility="members",
    )
    author.profile.expertise.set([p[:50] for p in PAYLOADS[3:6]])
    threads = []
    with override_settings(DISCUSSIONS_MIN_POST_INTERVAL_SECONDS=0, DISCUSSIONS_NEW_MEMBER_THREADS_PER_DAY=1000):
        for index, payload in enumerate(PAYLOADS):
            thread = services.create_thread(
                author,
                category,
                title=payload[:150] or "x",
                body=payload,
                tags=[f"t{index} {payload[:30]}".replace(",", " ")],
            )
            threads.append(thread)
        replier = UserFactory(display_name=PAYLOADS[7][:100])
        for payload in PAYLOADS:
            services.create_reply(replier, threads[0], body=payload)
        opening = threads[0].posts.get(is_opening=True)
        services.edit_post(author, opening, body=PAYLOADS[-1], title=PAYLOADS[9][:150])
        reply = threads[0].posts.filter(is_opening=False).first()
        services.flag_post(UserFactory(), reply, reason="other", detail=PAYLOADS[10])
        hidden = threads[0].posts.filter(is_opening=False).last()
        services.hide_post(ModeratorFactory(), hidden, reason=PAYLOADS[11])
    from cop.members.services import suspend_member

    suspend_member(replier, days=1, reason=PAYLOADS[12])
    return council, author, threads, replier


NO_SCRIPT_CHECK = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('main *')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) bad.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'formaction', 'data'].includes(attr.name) && /^\\s*(javascript|data):/i.test(attr.value)) bad.push(el.tagName + ' ' + attr.name);
    }
  }
  for (const el of document.querySelectorAll('main script, main iframe, main object, main embed, main svg, main style')) {
    // GOV.UK pagination arrows are our own markup, not member content.
    if (!el.closest('.govuk-pagination')) bad.push(el.tagName);
  }
  return {xss: window.__xss, bad};
}"""


def test_xss_corpus_renders_inert_everywhere(page, home_page, assert_accessible):
    _council, author, threads, replier = _xss_world()
    moderator = ModeratorFactory()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, moderator.email, assert_accessible)
    reply = threads[0].posts.filter(is_opening=False).first()
    urls = [
        "/discussions/",
        "/discussions/?sort=newest",
        threads[0].get_absolute_url(),
        threads[0].category.get_absolute_url(),
        f"/members/{author.username}/",
        "/members/",
        "/members/expertise/?topic=" + "%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E",
        "/notifications/",
        f"/discussions/p/{threads[0].posts.get(is_opening=True).pk}/history/",
        f"/discussions/p/{reply.pk}/edit/",
        f"/members/{replier.username}/moderate/",
        f"/members/{replier.username}/",
    ] + [t.get_absolute_url() for t in threads[1:]]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        result = page.evaluate(NO_SCRIPT_CHECK)
        assert result["xss"] is None, url
        assert result["bad"] == [], (url, result["bad"])
        assert dialogs == [], url
    # Pages whose layout is ours are also checked by axe (a sample: the rest share templates).
    for url in urls[:9]:
        page.goto(url)
        assert_accessible(page)
    # The review queue shows flag details and post bodies in the Wagtail admin.
    page.goto("/admin/discussions/moderation/")
    result = page.evaluate(NO_SCRIPT_CHECK.replace("main ", "").replace("'main *'", "'body *'"))
    assert result["xss"] is None and dialogs == []
    # A payload typed into the real reply form is stored and shown as text.
    page.goto(threads[1].get_absolute_url())
    page.get_by_label("Your reply").fill("<img src=x onerror=alert(1)> and <script>window.__xss=1</script>")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__xss") is None and dialogs == []
    assert Post.objects.filter(body__contains="<img src=x onerror=alert(1)>").exists()
    assert_accessible(page)


def test_account_pages_use_site_design_and_are_accessible(page, home_page, assert_accessible):
    member = UserFactory()
    for url, heading in [
        ("/accounts/login/", "Sign in"),
        ("/accounts/signup/", "Create an account"),
        ("/accounts/password/reset/", "Reset your password"),
    ]:
        page.goto(url)
        assert page.locator("h1").inner_text() == heading
        assert page.locator(".pe-header__name").count() == 1
        assert_accessible(page)
    # Errors appear in a GOV.UK error summary that links to the field.
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page)
    sign_in(page, member.email, assert_accessible)
    for url in [
        "/accounts/email/",
        "/accounts/password/change/",
        "/members/me/",
        "/members/me/edit/",
        "/members/",
        "/members/expertise/?topic=budgets",
        "/members/me/delete/",
        "/accounts/logout/",
    ]:
        page.goto(url)
        assert page.locator(".pe-header__name").count() == 1
        assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Sign out").count() == 0
    assert page.get_by_role("link", name="Sign in").count() >= 1


def test_reply_draft_survives_a_reload(page, home_page, assert_accessible):
    thread = ThreadFactory()
    member = UserFactory()
    sign_in(page, member.email, assert_accessible)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("Half-written thoughts about shared receptions")
    page.wait_for_function("() => document.querySelector('.pe-draft-status').textContent.includes('Draft saved')")
    page.reload()
    assert page.get_by_label("Your reply").input_value() == "Half-written thoughts about shared receptions"
    assert "restored" in page.locator(".pe-draft-status").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    page.goto(thread.get_absolute_url())
    assert page.get_by_label("Your reply").input_value() == ""
