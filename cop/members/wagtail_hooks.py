from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import verification_queue
from .models import CouncilEmailDomain
from .selectors import may_review_verifications, pending_verification_requests


class CouncilEmailDomainViewSet(SnippetViewSet):
    """Staff keep the allow-list of council email domains that verify officers on sign-up."""

    model = CouncilEmailDomain
    icon = "mail"
    menu_label = "Council email domains"
    menu_name = "council-email-domains"
    add_to_admin_menu = True
    list_display = ["domain", "authority"]
    search_fields = ["domain"]


register_snippet(CouncilEmailDomainViewSet)


@hooks.register("register_admin_urls")
def register_verification_urls():
    return [path("members/verification/", verification_queue, name="members_verification_queue")]


class VerificationMenuItem(MenuItem):
    """Moderators and editors see the queue, with the number waiting."""

    def is_shown(self, request):
        return may_review_verifications(request.user)

    def get_context(self, request):
        context = super().get_context(request)
        count = pending_verification_requests().count()
        if count:
            context["label"] = f"{self.label} ({count})"
        return context


@hooks.register("register_admin_menu_item")
def register_verification_menu_item():
    return VerificationMenuItem(
        "Verification requests", reverse("members_verification_queue"), icon_name="user", order=260
    )
