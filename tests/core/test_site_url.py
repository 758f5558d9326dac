"""Every absolute link the site sends out is on the Wagtail Site's address (cop.core.site_url):
each email, the feeds, the calendar file and the sitemap, whatever Host the request carried."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from benchmarks.submissions.services import email_certifiers
from cop.core.site_url import absolute_url, site_root_url
from cop.discussions.models import Notification, NotificationKind
from cop.discussions.tasks import send_notification_emails, send_weekly_digests
from cop.members import services as member_services
from cop.members.models import Profile
from tests.benchmarks.submissions.factories import SubmissionFactory, officer_of
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.members.factories import AuthorityFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://placeexchange.example"
LINK = re.compile(r"https?://[^\s<>\"')]+")


@pytest.fixture
def site(home_page):
    Site.objects.filter(is_default_site=True).update(hostname="placeexchange.example", port=443)
    return Site.objects.get(is_default_site=True)


def links(text: str) -> list[str]:
    return LINK.findall(text)


def assert_on_site(text: str, at_least: int = 1):
    found = links(text)
    assert len(found) >= at_least, text
    # Links to other sites (licences, the GOV.UK design system) are not ours; none points at a
    # host of ours other than the Site's.
    ours = [
        url
        for url in found
        if "placeexchange" in url or "127.0.0.1" in url or "localhost" in url or "testserver" in url
    ]
    assert ours and all(url.startswith(SITE + "/") or url == SITE for url in ours), ours


def test_the_helper_follows_the_site_and_falls_back_to_the_setting(settings, db):
    settings.WAGTAILADMIN_BASE_URL = "https://fallback.example"
    Site.objects.all().delete()
    assert site_root_url() == "https://fallback.example"
    assert absolute_url("/members/") == "https://fallback.example/members/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_wagtails_placeholder_site_never_reaches_an_email(settings, home_page):
    settings.WAGTAILADMIN_BASE_URL = "https://placeexchange.example"
    Site.objects.update(hostname="localhost", port=80)
    assert absolute_url("/members/") == f"{SITE}/members/"


def test_a_new_site_is_created_from_the_base_url_never_localhost(settings, db):
    from cop.home.services import ensure_home_page

    settings.WAGTAILADMIN_BASE_URL = "https://placeexchange.example"
    Site.objects.all().delete()
    ensure_home_page()
    assert site_root_url() == SITE


def test_wagtails_localhost_placeholder_site_is_moved_to_the_base_url(settings, home_page):
    settings.WAGTAILADMIN_BASE_URL = "https://placeexchange.example"
    Site.objects.update(hostname="localhost", port=80)
    from cop.home.services import ensure_home_page

    ensure_home_page()
    assert site_root_url() == SITE


def test_discussion_notification_and_digest_emails_link_to_the_site(site):
    member = UserFactory()
    thread = ThreadFactory(title="Pooled budgets")
    post = PostFactory(thread=thread)
    notification = Notification.objects.create(recipient=member, kind=NotificationKind.REPLY, thread=thread, post=post)
    mail.outbox.clear()
    send_notification_emails.call([notification.pk])
    Profile.objects.filter(user=member).update(last_seen_at=timezone.now() - timezone.timedelta(days=30))
    send_weekly_digests.call()
    assert len(mail.outbox) >= 2  # the notification, then a digest for each absent member
    for message in mail.outbox:
        assert_on_site(message.body, at_least=2)
        assert_on_site(message.alternatives[0][0], at_least=2)
        assert message.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/")


def test_account_emails_link_to_the_site_whatever_host_the_request_named(site, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    client = Client(HTTP_HOST="127.0.0.1")
    mail.outbox.clear()
    client.post(
        "/accounts/signup/",
        {
            "email": "new.member@example.org",
            "display_name": "New Member",
            "password1": "a-sensible-passphrase",
            "password2": "a-sensible-passphrase",
        },
    )
    UserFactory(email="known@example.org", username="known")
    client.post("/accounts/password/reset/", {"email": "known@example.org"})
    client.post("/accounts/password/reset/", {"email": "nobody-here@example.org"})
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_on_site(message.body)


def test_certification_and_verification_emails_link_to_the_site(site, django_capture_on_commit_callbacks):
    from benchmarks.services import ensure_services

    ensure_services()
    council = AuthorityFactory()
    officer, colleague = officer_of(council), officer_of(council)
    submission = SubmissionFactory(council=council)
    member = UserFactory()
    mail.outbox.clear()
    email_certifiers(submission.pk, officer.pk)
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    with django_capture_on_commit_callbacks(execute=True):
        request = member_services.request_verification(
            member, council=council, role="Finance officer", work_email="me@example.org"
        )
        member_services.refuse_verification(request, ModeratorFactory(), reason="We could not find you")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_on_site(message.body)


def test_feeds_calendar_files_and_sitemap_use_the_site_not_the_host_header(site, settings):
    from io import StringIO

    from cop.events.demo import load as load_events
    from cop.updates.demo import load as load_updates

    load_updates(site.root_page.specific, StringIO())
    load_events(site.root_page.specific, StringIO())
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    client = Client(HTTP_HOST="127.0.0.1")
    from cop.events.models import EventPage

    event = EventPage.objects.live().first()
    for url in ["/updates/feed/rss/", "/updates/feed/atom/", f"/events/{event.pk}/calendar.ics", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_on_site(response.content.decode().replace("\r\n ", ""), at_least=1)


def test_robots_txt_names_the_sitemap_at_the_sites_address(site):
    page = Client().get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in page
