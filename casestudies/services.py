"""Writes for case studies and citizen stories, and for what members share: case study drafts saved
page by page, sending a draft into the "Case study review" workflow (again after an editor asks for
changes), crediting the author, and members' lessons with their moderation and notices.

Services refuse with cop.core.errors (NotPermitted, Invalid); nothing is half saved."""

import json
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from cop.core.cache import purge_page_cache
from cop.core.documents import validate_document_upload
from cop.core.errors import Invalid, NotPermitted
from cop.core.sanitise import clean_html
from cop.core.uploads import reencode_image
from cop.members.selectors import has_verified_email, is_moderator, is_suspended, verified_council_for

from .models import (
    THEMES,
    AuthorNotice,
    CaseStudyAdoption,
    CaseStudyAuthor,
    CaseStudyDraft,
    CaseStudyIndexPage,
    CaseStudyLesson,
    CaseStudyPage,
    CaseStudyPartner,
    CaseStudySpendLine,
    CitizenStoryIndexPage,
    CitizenStoryPage,
    ConsentMethod,
    LessonStatus,
    StoryConsent,
    Theme,
)
from .share_forms import MAX_IMAGE_BYTES, STEPS, CountStep, LessonsStep, PartnersStep

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


# Case studies and lessons shared by members --------------------------------------------------

CASE_STUDY_WORKFLOW_NAME = "Case study review"  # created by migration 0002_member_case_studies_and_lessons
CASE_STUDY_TASK_NAME = "Case study review: check the facts, figures and sources"
MAX_OPEN_DRAFTS = 20


def plain_text_html(text: str) -> str:
    """A member's plain text as sanitised paragraphs (escaped, then cleaned by nh3)."""
    return story_body_html(text)


def require_can_share(member) -> None:
    if member is None or not member.is_authenticated:
        raise NotPermitted("Sign in to share a case study or a lesson.")
    if is_suspended(member):
        raise NotPermitted("Your account is suspended, so you cannot share anything at the moment.")
    if not has_verified_email(member):
        raise NotPermitted(
            "Confirm your email address before you share a case study or a lesson. Follow the link in the "
            "email we sent when you signed up."
        )


def _credit_for(member) -> tuple:
    council = verified_council_for(member)
    profile = getattr(member, "profile", None)
    if council is None and profile is not None and profile.organisation_id:
        council = profile.organisation
    organisation = council.name if council else (getattr(profile, "other_organisation", "") or "")
    return council, organisation


# Drafts ------------------------------------------------------------------------------------------


def start_draft(member) -> CaseStudyDraft:
    require_can_share(member)
    if CaseStudyDraft.objects.filter(member=member, submitted_at__isnull=True).count() >= MAX_OPEN_DRAFTS:
        raise Invalid(f"You already have {MAX_OPEN_DRAFTS} unfinished case studies. Finish or delete one first.")
    return CaseStudyDraft.objects.create(member=member)


def _own_draft(draft: CaseStudyDraft, member) -> None:
    require_can_share(member)
    if draft.member_id != member.pk:
        raise NotPermitted("This is not your case study.")


def save_step(draft: CaseStudyDraft, member, form) -> CaseStudyDraft:
    """Keep one page's answers (the form has been validated)."""
    _own_draft(draft, member)
    if not form.is_valid():
        raise Invalid("Correct the answers on this page first.")
    draft.answers = {**draft.answers, form.slug: form.answers()}
    draft.save(update_fields=["answers", "updated_at"])
    return draft


def save_files(draft: CaseStudyDraft, member, form) -> CaseStudyDraft:
    """Check and keep the picture and the document. A file that fails a check raises
    ValidationError (for the form) and nothing is kept, not even the other file."""
    _own_draft(draft, member)
    data = form.cleaned_data
    image = data.get("image")
    document = data.get("document")
    clean_image = None
    if image is not None:
        if image.size > MAX_IMAGE_BYTES:
            raise ValidationError({"image": "The selected picture must be smaller than 5 MB."})
        try:
            clean_image = reencode_image(image)
        except ValidationError as error:
            raise ValidationError({"image": error.messages[0]}) from error
    if document is not None:
        try:
            validate_document_upload(document)
        except ValidationError as error:
            raise ValidationError({"document": error.messages[0]}) from error
    with transaction.atomic():
        if clean_image is not None:
            draft.image = get_image_model().objects.create(
                title=data["image_alt"][:255], file=clean_image, uploaded_by_user=member
            )
        if document is not None:
            document_model = get_document_model()
            extra = {"show_in_library": False} if hasattr(document_model, "show_in_library") else {}
            draft.document = document_model.objects.create(
                title=data["document_title"], file=document, uploaded_by_user=member, **extra
            )
        answers = dict(draft.answers)
        answers["files"] = {
            "image_alt": [data.get("image_alt", "")],
            "document_title": [data.get("document_title", "")],
        }
        if draft.document_id and not data.get("document_title"):
            answers["files"]["document_title"] = [draft.document.title]
        draft.answers = answers
        draft.save()
    return draft


def delete_draft(draft: CaseStudyDraft, member) -> None:
    _own_draft(draft, member)
    if draft.page_id:
        raise Invalid("This case study has been sent to the editors, so it cannot be deleted here.")
    draft.delete()


def bound_steps(draft: CaseStudyDraft) -> list:
    """Every step's form bound to the draft's answers (validated when read)."""
    return [step.from_answers(draft.answers) for step in STEPS]


def first_unanswered(draft: CaseStudyDraft):
    for form in bound_steps(draft):
        if form.slug not in draft.answers or not form.is_valid():
            return form.slug
    return None


# Sending for review ------------------------------------------------------------------------------


@transaction.atomic
def ensure_review_workflow(index_page: CaseStudyIndexPage) -> Workflow:
    """The "Case study review" workflow, assigned to the case study index. Idempotent."""
    workflow, _ = Workflow.objects.get_or_create(name=CASE_STUDY_WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name=CASE_STUDY_TASK_NAME).first() or GroupApprovalTask.objects.create(
            name=CASE_STUDY_TASK_NAME
        )
        task.groups.set([Group.objects.get_or_create(name=name)[0] for name in REVIEW_GROUPS])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


def _stream(draft: CaseStudyDraft, lessons: list[str]) -> str:
    blocks = [{"type": "lessons", "value": {"heading": "", "lessons": lessons}}]
    files = draft.answers.get("files") or {}
    if draft.image_id:
        alt = (files.get("image_alt") or [""])[0] or draft.image.title
        blocks.append({"type": "figure", "value": {"image": draft.image_id, "alt_text": alt, "caption": ""}})
    if draft.document_id:
        title = (files.get("document_title") or [""])[0] or draft.document.title
        blocks.append({"type": "document", "value": {"document": draft.document_id, "description": title}})
    return json.dumps(blocks)


def _fill_page(page: CaseStudyPage, draft: CaseStudyDraft, forms: dict) -> None:
    title, place, details, savings = (forms[s].cleaned_data for s in ("title", "place", "details", "savings"))
    lessons_form = forms["lessons"]
    page.title = title["title"]
    page.summary = title["summary_text"]
    page.spatial_level = details["spatial_level"]
    page.who_leads = details["who_leads"]
    page.status = details["status"]
    page.problem = plain_text_html(forms["problem"].cleaned_data["problem"])
    page.intervention = plain_text_html(forms["intervention"].cleaned_data["intervention"])
    page.outcomes = plain_text_html(lessons_form.cleaned_data.get("outcomes") or "")
    page.lessons = _stream(draft, LessonsStep.lesson_lines(lessons_form.cleaned_data["lessons"]))
    page.savings_amount = savings.get("savings_amount")
    page.savings_percent = savings.get("savings_percent")
    page.savings_basis = savings.get("savings_basis") or ""
    page.evidence_strength = savings["evidence_strength"]
    page.savings_source = savings.get("savings_source") or ""
    page.places = [p for p in (place["place"], place.get("other_place")) if p]
    page.service_areas = list(forms["services"].cleaned_data["service_areas"])
    page.themes.set(list(forms["themes"].cleaned_data["themes"]))
    partners: PartnersStep = forms["partners"]
    page.partners = [CaseStudyPartner(name=p["name"], sector=p["sector"]) for p in partners.partners()]
    count: CountStep = forms["count"]
    page.spend_lines = [CaseStudySpendLine(**line) for line in count.lines()]


def _unique_slug(index_page, title: str, draft: CaseStudyDraft) -> str:
    base = slugify(title)[:60] or "case-study"
    slug = base
    if CaseStudyPage.objects.child_of(index_page).filter(slug=slug).exists():
        slug = f"{base}-{draft.pk}"
    return slug


def _start_or_resume(page: CaseStudyPage, member, index_page) -> None:
    state = (
        WorkflowState.objects.active()
        .filter(base_content_type=page.get_base_content_type(), object_id=str(page.pk))
        .first()
    )
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=member)
    elif state is None:
        ensure_review_workflow(index_page).start(page, user=member)


def case_study_index() -> CaseStudyIndexPage:
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        raise Invalid("Case studies are not set up on this site yet.")
    return index


@transaction.atomic
def submit_draft(draft: CaseStudyDraft, member) -> CaseStudyPage:
    """Send a complete draft to the editors as a draft CaseStudyPage in "Case study review".

    A first send creates the page; a send after an editor asked for changes saves a new revision
    and resumes the review. Sending twice while it is being reviewed changes nothing."""
    draft = CaseStudyDraft.objects.select_for_update().get(pk=draft.pk)
    _own_draft(draft, member)
    forms = {form.slug: form for form in bound_steps(draft)}
    missing = [form.heading for form in forms.values() if form.slug not in draft.answers or not form.is_valid()]
    if missing:
        raise Invalid("Answer every question before you send the case study. Still to do: " + "; ".join(missing))
    index = case_study_index()
    if draft.page_id:
        page = draft.page
        state = page.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS and draft.submitted_at:
            return page  # already with the editors: a second press of "Send" does nothing more
        revised = page.get_latest_revision_as_object()
        _fill_page(revised, draft, forms)
        revised.save_revision(user=member, log_action=True)
    else:
        page = CaseStudyPage(owner=member, live=False)
        _fill_page(page, draft, forms)
        page.slug = _unique_slug(index, page.title, draft)
        index.add_child(instance=page)
        page.save_revision(user=member, log_action=True)
        draft.page = page
    council, organisation = _credit_for(member)
    CaseStudyAuthor.objects.get_or_create(
        page=page, member=member, defaults={"council": council, "organisation": organisation}
    )
    _start_or_resume(page, member, index)
    draft.submitted_at = timezone.now()
    draft.save(update_fields=["page", "submitted_at", "updated_at"])
    return page


@transaction.atomic
def revise(page: CaseStudyPage, member) -> CaseStudyDraft:
    """Open the member's sent case study for changes (after an editor's comments)."""
    require_can_share(member)
    draft = CaseStudyDraft.objects.filter(page=page, member=member).first()
    if draft is None:
        raise NotPermitted("Only the member who shared this case study can revise it here.")
    draft.submitted_at = None
    draft.save(update_fields=["submitted_at", "updated_at"])
    return draft


# Lessons from members ----------------------------------------------------------------------------


def add_lesson(page: CaseStudyPage, member, data: dict) -> CaseStudyLesson:
    require_can_share(member)
    if not page.live:
        raise Invalid("Lessons can be added to published case studies only.")
    council, organisation = _credit_for(member)
    return CaseStudyLesson.objects.create(
        page=page,
        author=member,
        council=council,
        organisation=organisation,
        what_worked=data["what_worked"].strip(),
        what_did_not=data["what_did_not"].strip(),
        differently=data["differently"].strip(),
    )


def _require_moderator(user) -> None:
    if not (is_moderator(user) or user.has_perm("casestudies.change_casestudylesson")):
        raise NotPermitted("Only moderators can approve or refuse lessons.")


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _notify_authors(lesson: CaseStudyLesson) -> int:
    page = lesson.page
    authors = [
        credit.member
        for credit in CaseStudyAuthor.objects.filter(page=page).select_related("member")
        if credit.member_id != lesson.author_id and credit.member.is_active and not credit.member.deleted_at
    ]
    for author in authors:
        AuthorNotice.objects.get_or_create(recipient=author, lesson=lesson)
        context = {"author": author, "lesson": lesson, "page": page, "url": _absolute(page.url or "/")}
        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}A new lesson on your case study",
            message=render_to_string("casestudies/email/lesson_added.txt", context),
            from_email=None,
            recipient_list=[author.email],
        )
    return len(authors)


@transaction.atomic
def approve_lesson(lesson: CaseStudyLesson, moderator) -> CaseStudyLesson:
    _require_moderator(moderator)
    lesson = CaseStudyLesson.objects.select_for_update().select_related("page").get(pk=lesson.pk)
    if lesson.status == LessonStatus.APPROVED:
        return lesson
    lesson.status = LessonStatus.APPROVED
    lesson.decided_at = timezone.now()
    lesson.decided_by = moderator
    lesson.reason = ""
    lesson.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    transaction.on_commit(lambda: _notify_authors(lesson))
    # The case study page shows approved lessons: anonymous readers must not keep the old copy.
    transaction.on_commit(purge_page_cache)
    return lesson


@transaction.atomic
def reject_lesson(lesson: CaseStudyLesson, moderator, reason: str = "") -> CaseStudyLesson:
    _require_moderator(moderator)
    lesson = CaseStudyLesson.objects.select_for_update().get(pk=lesson.pk)
    was_shown = lesson.status == LessonStatus.APPROVED
    lesson.status = LessonStatus.REJECTED
    lesson.decided_at = timezone.now()
    lesson.decided_by = moderator
    lesson.reason = reason.strip()[:500]
    lesson.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    if was_shown:
        transaction.on_commit(purge_page_cache)
    return lesson


def mark_notices_read(member) -> int:
    return AuthorNotice.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())
