"""Writes for case studies and citizen stories."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from cop.core.cache import purge_page_cache
from cop.core.sanitise import clean_html

from .models import (
    THEMES,
    CaseStudyAdoption,
    CitizenStoryIndexPage,
    CitizenStoryPage,
    ConsentMethod,
    StoryConsent,
    Theme,
)

STORY_WORKFLOW_NAME = "Citizen story redaction review"
STORY_TASK_NAME = "Redaction review: remove anything that could identify someone"
REVIEW_GROUPS = ("Moderators", "Editors")
CONSENT_YEARS = 3
CONSENT_PURPOSE = (
    "Publish this story, under the name given, on Place Exchange so that people who run local public "
    "services can learn from it. Editors may shorten it and remove anything that could identify anyone. "
    f"Consent lasts {CONSENT_YEARS} years unless withdrawn sooner."
)
WITHDRAWAL_SALT = "casestudies.story-withdrawal"


def ensure_themes() -> None:
    for name in THEMES:
        Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})


@transaction.atomic
def ensure_story_workflow(index_page: CitizenStoryIndexPage) -> Workflow:
    """A one-step moderation workflow for stories, assigned to the stories index. Idempotent."""
    workflow, _ = Workflow.objects.get_or_create(name=STORY_WORKFLOW_NAME, defaults={"active": True})
    # WorkflowTask rows are written directly: the workflow's cluster relation would only hold them in memory,
    # and a workflow with no task publishes the page as soon as it starts.
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name=STORY_TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=STORY_TASK_NAME)
        groups = [Group.objects.get_or_create(name=name)[0] for name in REVIEW_GROUPS]
        task.groups.set(groups)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


def story_body_html(text: str) -> str:
    """Plain text from the public form as paragraphs: escaped first, then sanitised again."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    html = "".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
    return clean_html(html)


@transaction.atomic
def submit_story(index_page: CitizenStoryIndexPage, data: dict) -> CitizenStoryPage:
    """Save a story from the public form as a draft with its consent record, and send it for review.

    Nothing is saved unless consent was given: the form refuses the submission first, and
    this function refuses it again so that no other caller can bypass the rule.
    """
    if data.get("consent_publish") is not True:
        raise ValueError("A story cannot be saved without the storyteller's consent.")
    title = data["title"].strip()
    story = CitizenStoryPage(
        title=title,
        slug=slugify(title)[:40] or "story",
        byline=data["byline"].strip(),
        place_description=data.get("place_description", "").strip(),
        service_area=data.get("service_area"),
        body=story_body_html(data["story"]),
        live=False,
    )
    story.slug = f"{story.slug}-{story.reference.split('-')[-1].lower()}"
    index_page.add_child(instance=story)
    revision = story.save_revision(log_action=True)
    today = timezone.localdate()
    StoryConsent.objects.create(
        story=story,
        purpose=CONSENT_PURPOSE,
        given_on=today,
        expires_on=_years_after(today, CONSENT_YEARS),
        how_given=ConsentMethod.ONLINE_FORM,
    )
    workflow = ensure_story_workflow(index_page)
    workflow.start(story, user=None)
    story.latest_revision = revision
    return story


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day + timedelta(days=365 * years)


def withdrawal_token(story: CitizenStoryPage) -> str:
    return signing.dumps({"story": story.pk, "reference": story.reference}, salt=WITHDRAWAL_SALT)


def story_from_withdrawal_token(token: str) -> CitizenStoryPage | None:
    try:
        payload = signing.loads(token, salt=WITHDRAWAL_SALT)
    except signing.BadSignature:
        return None
    return CitizenStoryPage.objects.filter(pk=payload.get("story"), reference=payload.get("reference")).first()


@transaction.atomic
def withdraw_consent(story: CitizenStoryPage, note: str = "", user=None) -> StoryConsent:
    """Record the withdrawal and take the story off the site at once."""
    consent, _ = StoryConsent.objects.get_or_create(
        story=story,
        defaults={"purpose": "Not recorded", "given_on": timezone.localdate(), "how_given": ConsentMethod.EMAIL},
    )
    if consent.withdrawn_on is None:
        consent.withdrawn_on = timezone.localdate()
        consent.withdrawal_note = note[:300]
        consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    if story.live:
        story.unpublish(user=user, log_action=True)
    for state in WorkflowState.objects.active().filter(
        base_content_type=story.get_base_content_type(), object_id=str(story.pk)
    ):
        state.cancel(user=user)
    purge_page_cache()
    return consent


def enforce_story_consent(story: CitizenStoryPage) -> bool:
    """Unpublish a story that went live without valid consent. Returns True if it did."""
    if story.live and not story.has_valid_consent():
        story.unpublish(log_action=True)
        purge_page_cache()
        return True
    return False


def record_adoption(page, council, user) -> tuple[CaseStudyAdoption, bool]:
    try:
        with transaction.atomic():
            adoption, created = CaseStudyAdoption.objects.get_or_create(
                case_study=page, council=council, defaults={"recorded_by": user}
            )
    except IntegrityError:
        return CaseStudyAdoption.objects.get(case_study=page, council=council), False
    if created:
        purge_page_cache()
    return adoption, created


def unpublish_stories_without_valid_consent() -> int:
    """Take down live stories whose consent has expired (or is missing). Run daily; returns how many."""
    today = timezone.localdate()
    valid = StoryConsent.objects.valid(today).values("story_id")
    stories = list(CitizenStoryPage.objects.live().exclude(pk__in=valid))
    for story in stories:
        story.unpublish(log_action=True)
    if stories:
        purge_page_cache()
    return len(stories)
