from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import get_usage

from cop.core.idempotency import new_token, once
from cop.core.middleware import never_cache_for_anonymous
from cop.core.ratelimits import refuse
from cop.core.site_url import absolute_url

from . import services
from .forms import AdoptionForm, StoryForm
from .models import CaseStudyPage, CitizenStoryIndexPage
from .selectors import verified_council

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


def _rate_limited(request, group, rate) -> int:
    """Seconds this connection must wait before sending again (0: go ahead)."""
    usage = get_usage(request, group=group, key="ip", rate=rate, method="POST", increment=True)
    return max(1, usage["time_left"]) if usage and usage["should_limit"] else 0


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
        wait = _rate_limited(request, "story-form", FORM_RATE)
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
        wait = _rate_limited(request, "story-submit", SUBMIT_RATE)
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
