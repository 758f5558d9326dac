from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cop.core.errors import DomainError
from cop.core.idempotency import new_token, once
from cop.core.middleware import never_cache_for_anonymous
from cop.core.ratelimits import refuse, seconds_to_wait, too_many_requests_page
from cop.core.site_url import absolute_url

from . import services
from .forms import AdoptionForm, StoryForm
from .models import CaseStudyDraft, CaseStudyPage, CitizenStoryIndexPage
from .selectors import my_case_studies, my_notices, verified_council
from .share_forms import FILES_SLUG, STEP_BY_SLUG, STEPS, FilesForm, LessonForm

SESSION_KEY = "story_submission"
SENT_KEY = "story_sent"
TOKEN_KEY = "story_form_token"  # noqa: S105 - a session key, not a secret
SUBMIT_RATE = "5/h"
FORM_RATE = "30/h"


def _stories_index():
    index = CitizenStoryIndexPage.objects.live().first()
    if index is None:
        raise Http404("Stories are not set up yet.")
    return index


def _too_many(request, wait):
    # A styled 429 with Retry-After that says when (cop.core.ratelimits); the answers stay in the session.
    return render(request, "casestudies/story_rate_limited.html", {"message": refuse(request, wait)}, status=429)


def _ordered_errors(form):
    """The error summary's input (components/error_summary.html), in the order of the page."""
    return [
        {"href": f"#id_{name}", "message": form.errors[name][0]} for name in form.ERROR_ORDER if name in form.errors
    ]


@require_http_methods(["GET", "POST"])
def share_story(request):
    never_cache_for_anonymous(request)
    index = _stories_index()
    if request.method == "POST":
        form = StoryForm(request.POST)
        wait = seconds_to_wait(request, "story-form", FORM_RATE)
        if wait:
            # The form again, with what was typed, and when to try again.
            errors = [{"href": "", "message": refuse(request, wait)}]
            context = {"form": form, "errors": errors, "index": index}
            return render(request, "casestudies/story_form.html", context, status=429)
        if form.is_valid() and not form.is_spam:
            request.session[SESSION_KEY] = form.to_session()
            # One story per check page, however many times "Send" is pressed (cop.core.idempotency).
            request.session[TOKEN_KEY] = new_token()
            return redirect("casestudies:story_check")
        if form.is_valid() and form.is_spam:
            # Give a bot nothing to learn from: it sees the same next step, but nothing is kept.
            request.session.pop(SESSION_KEY, None)
            request.session[SENT_KEY] = {"spam": True}
            return redirect("casestudies:story_sent")
    elif SESSION_KEY in request.session:
        form = StoryForm.from_session(request.session[SESSION_KEY])
        form.is_valid()
    else:
        form = StoryForm()
    errors = _ordered_errors(form) if form.is_bound else []
    return render(
        request,
        "casestudies/story_form.html",
        {"form": form, "errors": errors, "index": index},
        status=400 if errors else 200,
    )


def _send_story(request, index, form):
    story = services.submit_story(index, form.cleaned_data)
    request.session.pop(SESSION_KEY, None)
    request.session.pop(TOKEN_KEY, None)
    request.session[SENT_KEY] = {"reference": story.reference, "token": services.withdrawal_token(story)}
    return redirect("casestudies:story_sent")


@require_http_methods(["GET", "POST"])
def check_story(request):
    never_cache_for_anonymous(request)
    index = _stories_index()
    stored = request.session.get(SESSION_KEY)
    if not stored:
        # "Send" pressed again after the story went: show what was sent, not an empty form.
        sent_already = request.method == "POST" and SENT_KEY in request.session
        return redirect("casestudies:story_sent" if sent_already else "casestudies:share_story")
    form = StoryForm.from_session(stored)
    if not form.is_valid():
        return redirect("casestudies:share_story")
    if request.method == "POST":
        wait = seconds_to_wait(request, "story-submit", SUBMIT_RATE)
        if wait:
            return _too_many(request, wait)
        return once(request, "story", lambda: _send_story(request, index, form), token=request.session.get(TOKEN_KEY))
    return render(request, "casestudies/story_check.html", {"answers": form.cleaned_data, "index": index})


def story_sent(request):
    never_cache_for_anonymous(request)
    sent = request.session.get(SENT_KEY)
    if not sent:
        return redirect("casestudies:share_story")
    withdraw_url = None
    if sent.get("token"):
        withdraw_url = absolute_url(reverse("casestudies:story_withdraw", args=[sent["token"]]))
    return render(
        request, "casestudies/story_sent.html", {"reference": sent.get("reference"), "withdraw_url": withdraw_url}
    )


@require_http_methods(["GET", "POST"])
def withdraw_story(request, token):
    never_cache_for_anonymous(request)
    story = services.story_from_withdrawal_token(token)
    if story is None:
        raise Http404("This withdrawal link is not valid.")
    if request.method == "POST":
        services.withdraw_consent(story, note="Withdrawn by the storyteller using their link")
        return render(request, "casestudies/story_withdrawn.html", {"reference": story.reference})
    consent = getattr(story, "consent", None)
    already = consent is not None and consent.withdrawn_on is not None
    return render(request, "casestudies/story_withdraw.html", {"reference": story.reference, "already": already})


@login_required
@require_POST
def adopt_case_study(request, page_id):
    page = get_object_or_404(CaseStudyPage.objects.live(), pk=page_id)
    council = verified_council(request.user)
    if council is None:
        form = AdoptionForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["council"][0])
            return HttpResponseRedirect(page.url + "#adopted-by")
        council = form.cleaned_data["council"]
    _adoption, created = services.record_adoption(page, council, request.user)
    if created:
        messages.success(request, f"Recorded that {council} has adopted this approach.")
    else:
        messages.info(request, f"{council} is already recorded as having adopted this approach.")
    return HttpResponseRedirect(page.url + "#adopted-by")


# Share a case study, add a lesson ---------------------------------------------------------------

LESSON_RATE = "10/h"
SHARE_SUBMIT_RATE = "20/h"


def _refusal(request, error: DomainError, back: str):
    messages.error(request, error.message)
    return redirect(back)


def _member_draft(request, draft_id) -> CaseStudyDraft:
    # Another member's draft is not found, not forbidden: its existence is nobody else's business.
    return get_object_or_404(CaseStudyDraft, pk=draft_id, member=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def share_start(request):
    never_cache_for_anonymous(request)
    if request.method == "POST":
        try:
            draft = services.start_draft(request.user)
        except DomainError as error:
            return _refusal(request, error, "casestudies:mine")
        return redirect("casestudies:share_step", draft.pk, STEPS[0].slug)
    return render(request, "casestudies/share/start.html", {"drafts": my_case_studies(request.user)})


def _next_url(draft, slug: str, request) -> str:
    if request.POST.get("save_later"):
        messages.success(request, "Your answers are saved. Come back to this case study from My case studies.")
        return reverse("casestudies:mine")
    if request.GET.get("change") and services.first_unanswered(draft) is None:
        return reverse("casestudies:share_check", args=[draft.pk])
    slugs = [step.slug for step in STEPS] + [FILES_SLUG]
    following = slugs[slugs.index(slug) + 1] if slug != FILES_SLUG else None
    if following is None:
        return reverse("casestudies:share_check", args=[draft.pk])
    if following == FILES_SLUG:
        return reverse("casestudies:share_files", args=[draft.pk])
    return reverse("casestudies:share_step", args=[draft.pk, following])


def _progress(slug: str) -> dict:
    slugs = [step.slug for step in STEPS] + [FILES_SLUG]
    return {"number": slugs.index(slug) + 1, "total": len(slugs)}


def _back_url(draft, slug: str) -> str:
    slugs = [step.slug for step in STEPS]
    if slug == FILES_SLUG:
        return reverse("casestudies:share_step", args=[draft.pk, slugs[-1]])
    position = slugs.index(slug)
    if position == 0:
        return reverse("casestudies:share_start")
    return reverse("casestudies:share_step", args=[draft.pk, slugs[position - 1]])


@login_required
@require_http_methods(["GET", "POST"])
def share_step(request, draft_id, step):
    never_cache_for_anonymous(request)
    draft = _member_draft(request, draft_id)
    form_class = STEP_BY_SLUG.get(step)
    if form_class is None:
        raise Http404("No such question.")
    if request.method == "POST":
        form = form_class(data=request.POST)
        if form.is_valid():
            try:
                services.save_step(draft, request.user, form)
            except DomainError as error:
                return _refusal(request, error, "casestudies:mine")
            return redirect(_next_url(draft, step, request))
    elif step in draft.answers:
        form = form_class.from_answers(draft.answers)
        form.is_valid()
    else:
        form = form_class()
    return render(
        request,
        "casestudies/share/step.html",
        {
            "form": form,
            "draft": draft,
            "step": form_class,
            "progress": _progress(step),
            "back_url": _back_url(draft, step),
        },
        status=400 if form.is_bound and form.errors and request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def share_files(request, draft_id):
    never_cache_for_anonymous(request)
    draft = _member_draft(request, draft_id)
    kwargs = {"has_image": bool(draft.image_id), "has_document": bool(draft.document_id)}
    if request.method == "POST":
        form = FilesForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                services.save_files(draft, request.user, form)
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name, errors)
            except DomainError as error:
                return _refusal(request, error, "casestudies:mine")
            else:
                return redirect(_next_url(draft, FILES_SLUG, request))
    else:
        stored = draft.answers.get(FILES_SLUG) or {}
        form = FilesForm(initial={name: (values or [""])[0] for name, values in stored.items()}, **kwargs)
    return render(
        request,
        "casestudies/share/files.html",
        {
            "form": form,
            "draft": draft,
            "progress": _progress(FILES_SLUG),
            "back_url": _back_url(draft, FILES_SLUG),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _send_case_study(request, draft):
    services.submit_draft(draft, request.user)
    return redirect("casestudies:share_sent", draft.pk)


@login_required
@require_http_methods(["GET", "POST"])
def share_check(request, draft_id):
    never_cache_for_anonymous(request)
    draft = _member_draft(request, draft_id)
    if draft.submitted_at and request.method == "POST":
        return redirect("casestudies:share_sent", draft.pk)
    missing = services.first_unanswered(draft)
    if missing is not None:
        messages.error(request, "Answer this question before you check your answers.")
        return redirect("casestudies:share_step", draft.pk, missing)
    if request.method == "POST":
        wait = seconds_to_wait(request, "case-study-submit", SHARE_SUBMIT_RATE, key="user_or_ip")
        if wait:
            # The answers are kept in the draft: the styled 429 says when to send them.
            return too_many_requests_page(request, wait)
        try:
            return once(request, "case-study", lambda: _send_case_study(request, draft))
        except DomainError as error:
            return _refusal(request, error, reverse("casestudies:share_check", args=[draft.pk]))
    sections = [(form, form.summary()) for form in services.bound_steps(draft) if form.is_valid()]
    return render(
        request,
        "casestudies/share/check.html",
        {"draft": draft, "sections": sections, "form_token": new_token()},
    )


@login_required
def share_sent(request, draft_id):
    never_cache_for_anonymous(request)
    draft = _member_draft(request, draft_id)
    if draft.page_id is None:
        return redirect("casestudies:share_check", draft.pk)
    return render(request, "casestudies/share/sent.html", {"draft": draft})


@login_required
@require_POST
def share_delete(request, draft_id):
    draft = _member_draft(request, draft_id)
    try:
        services.delete_draft(draft, request.user)
    except DomainError as error:
        return _refusal(request, error, "casestudies:mine")
    messages.success(request, "The unfinished case study was deleted.")
    return redirect("casestudies:mine")


@login_required
@require_POST
def share_revise(request, draft_id):
    draft = _member_draft(request, draft_id)
    if draft.page_id is None:
        return redirect("casestudies:share_check", draft.pk)
    try:
        services.revise(draft.page, request.user)
    except DomainError as error:
        return _refusal(request, error, "casestudies:mine")
    return redirect("casestudies:share_check", draft.pk)


@login_required
def mine(request):
    never_cache_for_anonymous(request)
    shared = my_case_studies(request.user)
    notices = my_notices(request.user)
    unread = [notice.pk for notice in notices if notice.read_at is None]
    services.mark_notices_read(request.user)
    return render(request, "casestudies/share/mine.html", {"shared": shared, "notices": notices, "unread": unread})


@login_required
@require_http_methods(["GET", "POST"])
def add_lesson(request, page_id):
    never_cache_for_anonymous(request)
    page = get_object_or_404(CaseStudyPage.objects.live().public(), pk=page_id)
    if request.method == "POST":
        form = LessonForm(request.POST)
        if form.is_valid():
            wait = seconds_to_wait(request, "case-study-lesson", LESSON_RATE, key="user_or_ip")
            if wait:
                # The form comes back with what was typed and says when to try again (a 429).
                form.add_error(None, refuse(request, wait, "You have added lessons too often."))
                return render(
                    request, "casestudies/share/lesson_form.html", {"form": form, "case_study": page}, status=429
                )
            try:
                return once(request, "lesson", lambda: _send_lesson(request, page, form))
            except DomainError as error:
                form.add_error(None, error.message)
    else:
        form = LessonForm()
    return render(
        request,
        "casestudies/share/lesson_form.html",
        {"form": form, "case_study": page},
        status=400 if form.is_bound and form.errors else 200,
    )


def _send_lesson(request, page, form):
    services.add_lesson(page, request.user, form.cleaned_data)
    messages.success(
        request, "Thank you. A moderator will read your lesson; it appears under the case study once approved."
    )
    return HttpResponseRedirect(page.url + "#member-lessons")
