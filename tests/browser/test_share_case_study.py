"""A member shares a case study through to publication by an editor in the Wagtail admin, then
another member adds a lesson that a moderator approves; axe checks every site page on the way."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import WorkflowState

from casestudies.models import CaseStudyLesson, CaseStudyPage
from tests.casestudies.factories import case_study_index
from tests.members.factories import AuthorityFactory, StaffFactory, VerifiedOfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(browser, live_server, user):
    """A new browser context signed in as `user` (through a session cookie of its own)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _continue(page, assert_accessible):
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    assert page.locator(".govuk-error-summary").count() == 0, page.content()[:4000]
    assert_accessible(page)


def _share(page, assert_accessible, council):
    page.goto("/case-studies/")
    page.get_by_role("link", name="Share a case study").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    # Missing answers: a GOV.UK error summary, and nothing kept.
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    assert "Enter a title for the case study" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.get_by_label("Title").fill("Key workers for families in Testshire")
    page.get_by_label("Summary").fill("One key worker per family cut repeat visits.")
    _continue(page, assert_accessible)
    page.get_by_label("Council area", exact=True).select_option(label=council.name)
    _continue(page, assert_accessible)
    page.get_by_label("Partner 1 name").fill("Testshire Police")
    page.get_by_label("Partner 1 type").select_option("police")
    _continue(page, assert_accessible)
    page.get_by_label("Line 1: agency").fill("Testshire Council")
    page.get_by_label("Line 1: amount in pounds").fill("£1,250,000")
    page.get_by_label("Line 1: financial year").fill("2008-09")
    page.get_by_label("Line 1: source of the figure").fill("Council accounts 2008-09")
    _continue(page, assert_accessible)
    page.get_by_label("The problem").fill("Eleven agencies each visited the same families.")
    _continue(page, assert_accessible)
    page.get_by_label("What you did").fill("One key worker per family, with one budget.")
    _continue(page, assert_accessible)
    page.get_by_label("Housing").check()
    _continue(page, assert_accessible)
    page.locator("input[name=service_areas]").first.check()
    # Stop here and come back later: the answers so far are kept.
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "My case studies"
    assert "Not sent yet" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Continue Key workers for families in Testshire").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "How was the work organised?"
    page.get_by_label("District").check()
    page.get_by_label("Partnership").check()
    page.get_by_label("Piloting").check()
    _continue(page, assert_accessible)
    page.get_by_label("Savings in pounds").fill("250,000")
    page.get_by_label("Per year").check()
    page.get_by_label("Measured").check()
    page.get_by_label("Source of the savings figure").fill("Evaluation report, March 2010")
    _continue(page, assert_accessible)
    page.get_by_label("Lessons learned").fill("Start with the families\nShare data early")
    _continue(page, assert_accessible)
    assert "Add a picture or a document" in page.locator("h1").inner_text()
    _continue(page, assert_accessible)

    # Check your answers, change one, and send.
    assert page.locator("h1").inner_text() == "Check your answers before sending your case study"
    page.get_by_role("link", name="Change summary").click()
    page.wait_for_load_state("load")
    page.get_by_label("Summary").fill("One key worker per family cut repeat visits by a third.")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    assert "cut repeat visits by a third" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Send to the editors").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Case study sent"
    assert_accessible(page)
    page.get_by_role("link", name="My case studies").first.click()
    page.wait_for_load_state("load")
    assert "With the editors" in page.content()
    assert_accessible(page)


def test_share_a_case_study_to_publication_then_add_a_lesson(page, browser, live_server, home_page, assert_accessible):
    index = case_study_index(home_page)
    council = AuthorityFactory(name="Testshire County Council")
    sharer = VerifiedOfficerFactory(display_name="Priya Shah", council=council)
    editor = StaffFactory(username="editor", display_name="Eddie Editor")

    member_context, member_page = _sign_in(browser, live_server, sharer)
    _share(member_page, assert_accessible, council)
    study = CaseStudyPage.objects.child_of(index).get()
    assert not study.live
    assert WorkflowState.objects.active().get(object_id=str(study.pk)).workflow.name == "Case study review"

    # The editor finds it in the workflow and approves it in the Wagtail admin.
    editor_context, admin = _sign_in(browser, live_server, editor)
    admin.goto("/admin/")
    assert "Key workers for families in Testshire" in admin.content()
    admin.goto(f"/admin/pages/{study.pk}/edit/")
    admin.wait_for_load_state("load")
    admin.locator("footer").get_by_role("button", name="More actions").click()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Approve and Publish", exact=True).click()
    study.refresh_from_db()
    assert study.live

    # Published, credited to the member and their council.
    member_page.goto(study.url)
    assert "Shared by Priya Shah, Testshire County Council" in member_page.locator(".pe-credit").inner_text()
    assert_accessible(member_page)
    member_page.goto("/my-case-studies/")
    assert "Published" in member_page.content()

    # Another member adds a lesson; it waits for a moderator.
    learner = VerifiedOfficerFactory(display_name="Lee Learner", council=AuthorityFactory(name="Swindon Council"))
    learner_context, learner_page = _sign_in(browser, live_server, learner)
    learner_page.goto(study.url)
    learner_page.get_by_role("link", name="Add a lesson").click()
    learner_page.wait_for_load_state("load")
    assert_accessible(learner_page)
    learner_page.get_by_role("button", name="Send your lesson").click()
    learner_page.wait_for_load_state("load")
    assert "Enter what worked" in learner_page.locator(".govuk-error-summary").inner_text()
    assert_accessible(learner_page)
    learner_page.get_by_label("What worked").fill("A single key worker <script>window.__xss=1</script>")
    learner_page.get_by_label("What did not work").fill("Sharing data took a year.")
    learner_page.get_by_label("What would you do differently?").fill("Agree data sharing first.")
    learner_page.get_by_role("button", name="Send your lesson").click()
    learner_page.wait_for_load_state("load")
    assert "A moderator will read your lesson" in learner_page.content()
    assert "A single key worker" not in learner_page.locator("#member-lessons").inner_text()
    assert_accessible(learner_page)

    # The moderator approves it in the Wagtail admin.
    admin.goto("/admin/snippets/casestudies/casestudylesson/")
    # The listing offers "Review" for each lesson (in its row's actions).
    admin.goto(admin.locator("a[href*='/case-study-lessons/']").first.get_attribute("href"))
    assert "A single key worker" in admin.content()
    admin.get_by_role("button", name="Approve and show under the case study").click()
    admin.wait_for_load_state("load")
    assert CaseStudyLesson.objects.get().status == "approved"

    # Shown under the case study (to a visitor too), as text; the author is told.
    page.goto(study.url)
    lessons = page.locator("#member-lessons").inner_text()
    assert "Lee Learner, Swindon Council" in lessons
    assert "A single key worker <script>window.__xss=1</script>" in lessons
    assert page.evaluate("() => window.__xss") is None
    assert_accessible(page)
    assert any(sharer.email in message.to for message in mail.outbox)
    member_page.goto("/my-case-studies/")
    assert "Lee Learner added a lesson to" in member_page.content()
    assert_accessible(member_page)
    for context in (member_context, editor_context, learner_context):
        context.close()
