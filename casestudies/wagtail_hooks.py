"""Admin for case studies and stories: snippets for themes, adoptions, consent records and members'
lessons (with a review screen to approve or refuse each), and an editor action that withdraws a
story's consent (which unpublishes it at once)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cop.core.errors import DomainError

from .models import CaseStudyAdoption, CaseStudyLesson, CitizenStoryPage, LessonStatus, StoryConsent, Theme
from .services import approve_lesson, reject_lesson, withdraw_consent


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AdoptionViewSet(SnippetViewSet):
    model = CaseStudyAdoption
    icon = "success"
    menu_label = "Adoptions"
    list_display = ["case_study", "council", "recorded_by", "created_at"]
    list_filter = ["created_at"]


class StoryConsentViewSet(SnippetViewSet):
    model = StoryConsent
    icon = "lock"
    menu_label = "Story consent records"
    list_display = ["story", "given_on", "expires_on", "how_given", "withdrawn_on"]
    list_filter = ["how_given"]


class LessonViewSet(SnippetViewSet):
    model = CaseStudyLesson
    icon = "comment"
    menu_label = "Members' lessons"
    list_display = ["page", "author", "organisation", "status", "created_at"]
    list_filter = ["status"]
    ordering = ["status", "-created_at"]


class CaseStudySnippets(SnippetViewSetGroup):
    items = (ThemeViewSet, AdoptionViewSet, StoryConsentViewSet, LessonViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Case studies"
    menu_name = "case-study-snippets"


register_snippet(CaseStudySnippets)


def _can_withdraw(user, story) -> bool:
    return user.has_perm("casestudies.change_storyconsent") or story.permissions_for_user(user).can_unpublish()


def withdraw_consent_view(request, page_id):
    story = get_object_or_404(CitizenStoryPage, pk=page_id)
    if not _can_withdraw(request.user, story):
        raise PermissionDenied
    if request.method == "POST":
        note = request.POST.get("note", "").strip()[:300] or f"Withdrawn by an editor ({request.user})"
        withdraw_consent(story, note=note, user=request.user)
        messages.success(request, f"Consent withdrawn for {story.reference}; the story is unpublished.")
        return redirect("wagtailadmin_explore", story.get_parent().pk)
    return TemplateResponse(request, "casestudies/admin/withdraw_consent.html", {"story": story})


@hooks.register("register_admin_urls")
def register_story_admin_urls():
    return [path("stories/<int:page_id>/withdraw-consent/", withdraw_consent_view, name="story_withdraw_consent")]


def _withdraw_button(page, user):
    if isinstance(page.specific_deferred, CitizenStoryPage) and _can_withdraw(user, page):
        yield ListingButton(
            "Withdraw consent", reverse("story_withdraw_consent", args=[page.pk]), icon_name="cross", priority=90
        )


@hooks.register("register_page_listing_more_buttons")
def story_listing_buttons(page, user, next_url=None):
    yield from _withdraw_button(page, user)


@hooks.register("register_page_header_buttons")
def story_header_buttons(page, user, view_name, next_url=None):
    yield from _withdraw_button(page, user)


def review_lesson_view(request, lesson_id):
    """Approve a member's lesson (it appears under the case study) or refuse it with a reason."""
    lesson = get_object_or_404(CaseStudyLesson.objects.select_related("page", "author"), pk=lesson_id)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                approve_lesson(lesson, request.user)
                messages.success(request, f"Lesson by {lesson.author} approved: it is shown under the case study.")
            else:
                reject_lesson(lesson, request.user, request.POST.get("reason", ""))
                messages.success(request, f"Lesson by {lesson.author} refused: it is not shown.")
        except DomainError as error:
            raise PermissionDenied(error.message) from error
        return redirect("wagtailsnippets_casestudies_casestudylesson:list")
    return TemplateResponse(request, "casestudies/admin/review_lesson.html", {"lesson": lesson})


@hooks.register("register_admin_urls")
def register_lesson_admin_urls():
    return [path("case-study-lessons/<int:lesson_id>/review/", review_lesson_view, name="case_study_lesson_review")]


@hooks.register("register_snippet_listing_buttons")
def lesson_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, CaseStudyLesson) and user.has_perm("casestudies.change_casestudylesson"):
        label = "Review" if snippet.status == LessonStatus.PENDING else "Change decision"
        yield ListingButton(
            label, reverse("case_study_lesson_review", args=[snippet.pk]), icon_name="tasks", priority=5
        )
