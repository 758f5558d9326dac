"""The public "Share your story" form, consent records and withdrawal."""

import datetime
import time

from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import WorkflowState

from casestudies import services
from casestudies.models import CitizenStoryPage, StoryConsent
from tests.casestudies.factories import CitizenStoryPageFactory, story_index
from tests.members.factories import StaffFactory, UserFactory

VALID = {
    "byline": "Sam",
    "place_description": "Worcester",
    "service_area": "",
    "title": "Four assessments in a month",
    "story": "Every service asked me the same questions, and nobody told the others what I had said.",
    "consent_publish": "on",
}


def _submit(client, data):
    return client.post("/stories/share/", data)


def test_story_without_consent_is_refused_clearly_and_nothing_is_saved(client, home_page):
    story_index(home_page)
    data = dict(VALID)
    del data["consent_publish"]
    response = _submit(client, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert '<a href="#id_consent_publish">Select that you agree to your story being published' in html
    assert "Error: Share your story" in html
    # What was typed is kept so nothing is lost.
    assert "Every service asked me the same questions" in html
    assert client.get("/stories/share/check/").status_code == 302
    assert not CitizenStoryPage.objects.exists() and not StoryConsent.objects.exists()


def test_every_error_is_listed_in_field_order(client, home_page):
    story_index(home_page)
    response = _submit(client, {"story": "too short", "byline": "<b>Sam</b>"})
    html = response.content.decode()
    positions = [
        html.index(f'href="#id_{name}"')
        for name in ("byline", "place_description", "title", "story", "consent_publish")
    ]
    assert positions == sorted(positions)
    assert "must not contain &lt; or &gt;" in html


def test_valid_story_goes_through_check_answers_into_moderation_as_a_draft(client, home_page):
    index = story_index(home_page)
    response = _submit(client, VALID)
    assert response.status_code == 302 and response["Location"] == "/stories/share/check/"
    assert not CitizenStoryPage.objects.exists()  # nothing is saved before the check-your-answers page

    check = client.get("/stories/share/check/").content.decode()
    assert "Check your story before sending it" in check and "Four assessments in a month" in check
    assert 'href="/stories/share/#id_title">Change' in check

    # "Change" brings the answers back into the form.
    assert 'value="Four assessments in a month"' in client.get("/stories/share/").content.decode()

    sent = client.post("/stories/share/check/", follow=True)
    story = CitizenStoryPage.objects.get()
    html = sent.content.decode()
    assert story.reference in html and "/stories/withdraw/" in html
    assert story.get_parent().pk == index.pk
    assert not story.live and story.has_unpublished_changes
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name.startswith("Redaction review")
    consent = StoryConsent.objects.get(story=story)
    assert consent.given_on == datetime.date.today() and consent.how_given == "online_form"
    assert consent.expires_on.year == consent.given_on.year + 3 and consent.is_valid()
    assert client.get(story.url or "/stories/four-assessments/").status_code == 404

    # Refreshing the confirmation or re-posting does not create a second story.
    client.post("/stories/share/check/")
    assert CitizenStoryPage.objects.count() == 1


def test_story_text_is_escaped_then_sanitised(client, home_page):
    story_index(home_page)
    attack = '<script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    _submit(client, dict(VALID, story=f"First paragraph {attack} and more words to be long enough.\n\nSecond."))
    check = client.get("/stories/share/check/").content.decode()
    assert "<script>alert(1)" not in check
    client.post("/stories/share/check/")
    story = CitizenStoryPage.objects.get()
    assert "<script" not in story.body and "<a " not in story.body
    assert "&lt;script&gt;" in story.body and story.body.count("<p>") == 2


def test_honeypot_submission_looks_sent_but_saves_nothing(client, home_page):
    story_index(home_page)
    response = _submit(client, dict(VALID, website="http://spam.example"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Story sent" in page and "STORY-" not in page
    assert not CitizenStoryPage.objects.exists()


def test_submissions_are_rate_limited_per_address(client, home_page, monkeypatch):
    # django-ratelimit counts in fixed windows: hold the clock so no boundary falls mid-test.
    frozen = time.time()
    monkeypatch.setattr("django_ratelimit.core.time.time", lambda: frozen)
    story_index(home_page)
    for _ in range(5):
        _submit(client, VALID)
        assert client.post("/stories/share/check/").status_code == 302
    _submit(client, VALID)
    response = client.post("/stories/share/check/")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert CitizenStoryPage.objects.count() == 5


def test_withdrawal_link_unpublishes_at_once_and_bad_tokens_fail(client, home_page):
    index = story_index(home_page)
    story = CitizenStoryPageFactory(parent=index, title="Published story")
    assert client.get(story.url).status_code == 200
    token = services.withdrawal_token(story)

    assert client.get("/stories/withdraw/not-a-token/").status_code == 404
    assert client.get(f"/stories/withdraw/{token}x/").status_code == 404
    assert "Withdraw my story" in client.get(f"/stories/withdraw/{token}/").content.decode()
    response = client.post(f"/stories/withdraw/{token}/")
    assert "Story withdrawn" in response.content.decode()

    story.refresh_from_db()
    assert not story.live
    assert StoryConsent.objects.get(story=story).withdrawn_on == datetime.date.today()
    assert client.get("/stories/published-story/").status_code == 404
    assert "Published story" not in client.get("/stories/").content.decode()
    # Publishing again (e.g. an old revision) is undone by the consent guard.
    story.get_latest_revision().publish()
    story.refresh_from_db()
    assert not story.live


def test_withdrawal_cancels_a_review_in_progress(client, home_page):
    story_index(home_page)
    _submit(client, VALID)
    client.post("/stories/share/check/")
    story = CitizenStoryPage.objects.get()
    services.withdraw_consent(story, note="Changed my mind")
    assert not WorkflowState.objects.filter(object_id=str(story.pk), status=WorkflowState.STATUS_IN_PROGRESS).exists()


def test_editor_withdraws_consent_from_the_admin_and_others_cannot(home_page):
    index = story_index(home_page)
    story = CitizenStoryPageFactory(parent=index, title="Editor withdrawn")
    url = f"/admin/stories/{story.pk}/withdraw-consent/"

    member = UserFactory()
    Group.objects.get_or_create(name="Moderators")
    plain = Client()
    plain.force_login(member)
    assert plain.post(url).status_code in (302, 403)
    story.refresh_from_db()
    assert story.live

    editor = Client()
    editor.force_login(StaffFactory())
    assert "Withdraw consent and unpublish" in editor.get(url).content.decode()
    editor.post(url, {"note": "Asked by phone"})
    story.refresh_from_db()
    assert not story.live
    assert StoryConsent.objects.get(story=story).withdrawal_note == "Asked by phone"


def test_expired_consent_hides_story(client, home_page):
    index = story_index(home_page)
    story = CitizenStoryPageFactory(parent=index, title="Old story")
    StoryConsent.objects.filter(story=story).update(expires_on=datetime.date(2020, 1, 1))
    assert client.get(story.url).status_code == 404
    assert "Old story" not in client.get("/stories/").content.decode()


def test_consent_record_is_not_shown_publicly(client, home_page):
    index = story_index(home_page)
    story = CitizenStoryPageFactory(parent=index, title="Public story")
    StoryConsent.objects.filter(story=story).update(purpose="SECRET PURPOSE TEXT")
    html = client.get(story.url).content.decode()
    assert "Public story" in html and "SECRET PURPOSE TEXT" not in html


def test_submit_story_service_refuses_without_consent(home_page):
    index = story_index(home_page)
    import pytest

    with pytest.raises(ValueError):
        services.submit_story(index, {"title": "x", "byline": "y", "story": "z", "consent_publish": False})
    assert not CitizenStoryPage.objects.exists()


def test_daily_command_unpublishes_stories_whose_consent_expired(home_page):
    import io

    from django.core.management import call_command

    index = story_index(home_page)
    expired = CitizenStoryPageFactory(parent=index, title="Expired consent")
    current = CitizenStoryPageFactory(parent=index, title="Current consent")
    StoryConsent.objects.filter(story=expired).update(expires_on=datetime.date(2020, 1, 1))
    out = io.StringIO()
    call_command("expire_story_consents", stdout=out)
    assert "Unpublished 1 story" in out.getvalue()
    expired.refresh_from_db()
    current.refresh_from_db()
    assert not expired.live and current.live


def test_editor_recording_withdrawal_in_the_consent_record_unpublishes_at_once(home_page):
    index = story_index(home_page)
    story = CitizenStoryPageFactory(parent=index, title="Consent edited")
    editor = Client()
    editor.force_login(StaffFactory())
    consent = StoryConsent.objects.get(story=story)
    response = editor.post(
        f"/admin/snippets/casestudies/storyconsent/edit/{consent.pk}/",
        {
            "story": story.pk,
            "purpose": consent.purpose,
            "given_on": "2025-01-01",
            "expires_on": "",
            "how_given": "paper",
            "withdrawn_on": datetime.date.today().isoformat(),
            "withdrawal_note": "By letter",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
