"""Editors can preview every page type in every state: live, draft, in moderation, and a citizen
story sent through the public form (the redaction review)."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import GroupPagePermission, Page, WorkflowState, get_page_models

import cop.events.demo
import cop.updates.demo
from casestudies import services
from casestudies.models import CaseStudyPage, CitizenStoryIndexPage
from cop.core.demo import ensure_index
from cop.library.models import LibraryIndexPage
from tests.casestudies.factories import (
    AuthorityFactory,
    CaseStudyPageFactory,
    CitizenStoryPageFactory,
    case_study_index,
    story_index,
)
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"home", "casestudies", "library", "updates", "events"}
STORY = {
    "title": "Nobody told the others what I said",
    "byline": "Sam",
    "place_description": "Worcester",
    "service_area": None,
    "story": "Every service asked me the same questions.\n\nI told my story four times in a month.",
    "consent_publish": True,
}


@pytest.fixture
def editor(home_page):
    """A member of Wagtail's Editors group (who reviews stories), with the page permissions editors get."""
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    user = UserFactory()
    user.groups.add(group)
    return user


@pytest.fixture
def site_pages(home_page):
    """One page of every type, with the relations that make previews differ from live pages."""
    for module in (cop.updates.demo, cop.events.demo):
        module.load(home_page, io.StringIO())
    ensure_index(home_page, LibraryIndexPage, "library", "Library", "<p>Guides.</p>")
    study = CaseStudyPageFactory(
        parent=case_study_index(home_page),
        places=[AuthorityFactory()],
        service_codes=["190"],
        themes=["Health and social care"],
        tags=["pooled budgets"],
    )
    stories = story_index(home_page)
    services.ensure_story_workflow(stories)
    story = CitizenStoryPageFactory(parent=stories)
    story.linked_case_studies = [study]
    story.save_revision().publish()
    return home_page


def _project_page_models():
    return [model for model in get_page_models() if model._meta.app_label in PROJECT_APPS]


def _preview_urls(page):
    page = page.specific
    urls = [reverse("wagtailadmin_pages:view_draft", args=[page.pk])]
    revision = page.latest_revision
    if revision is not None:
        urls.append(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]))
    state = WorkflowState.objects.active().filter(object_id=str(page.pk)).first()
    if state is not None and state.current_task_state is not None:
        urls.append(reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, state.current_task_state.task_id]))
    return urls


def _assert_previews(client, page):
    for url in _preview_urls(page):
        response = client.get(url)
        assert response.status_code == 200, (type(page.specific).__name__, url, response.status_code)
        assert escape(page.specific.title) in response.content.decode()


def test_editor_previews_every_page_type_live_and_with_draft_changes(client, editor, site_pages):
    missing = [m.__name__ for m in _project_page_models() if not m.objects.exists()]
    assert missing == []
    client.force_login(editor)
    for model in _project_page_models():
        page = model.objects.order_by("pk").first()
        _assert_previews(client, page)  # live, as published
        draft = page.specific
        draft.title = f"{draft.title} (draft changes)"
        draft.save_revision(user=editor)
        _assert_previews(client, Page.objects.get(pk=page.pk))


def test_editor_previews_a_story_sent_through_the_public_form_during_redaction_review(client, editor, site_pages):
    index = CitizenStoryIndexPage.objects.get()
    story = services.submit_story(index, dict(STORY))
    assert WorkflowState.objects.active().filter(object_id=str(story.pk)).exists()
    client.force_login(editor)
    urls = _preview_urls(story)
    assert any("workflow/preview" in url for url in urls)
    _assert_previews(client, story)
    body = client.get(urls[0]).content.decode()
    assert "I told my story four times in a month." in body
    # A related case study is listed from the story's in-memory relation in the preview.
    study = CaseStudyPage.objects.get()
    draft = story.specific
    draft.linked_case_studies = [study]
    draft.save_revision()
    assert escape(study.title) in client.get(urls[0]).content.decode()
