from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import moderation_queue
from .models import Category
from .selectors import moderation_queue as queue_selector


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Discussion categories"
    menu_name = "discussion-categories"
    add_to_admin_menu = True
    list_display = ["name", "restricted", "sort_order"]


register_snippet(CategoryViewSet)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("discussions/moderation/", moderation_queue, name="discussions_moderation_queue")]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        from cop.members.selectors import is_moderator

        return is_moderator(request.user)

    def get_context(self, request):
        context = super().get_context(request)
        count = queue_selector().count()
        if count:
            context["label"] = f"{self.label} ({count})"
        return context


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        "Review queue",
        reverse("discussions_moderation_queue"),
        icon_name="warning",
        order=250,
    )
