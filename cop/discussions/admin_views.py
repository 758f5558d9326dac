"""The moderators' review queue inside the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cop.members.selectors import is_moderator

from . import services
from .models import Post
from .selectors import moderation_queue as queue_selector


def moderation_queue(request):
    if not is_moderator(request.user):
        raise PermissionDenied
    if request.method == "POST":
        post = get_object_or_404(Post, pk=request.POST.get("post"))
        action = request.POST.get("action")
        try:
            if action in ("keep", "approve"):
                services.restore_post(request.user, post)
                messages.success(request, "The post is visible and its flags are closed.")
            elif action == "hide":
                services.hide_post(request.user, post, reason=request.POST.get("reason", ""))
                messages.success(request, "The post has been hidden.")
            else:
                messages.error(request, "Choose an action")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("discussions_moderation_queue")
    return TemplateResponse(
        request,
        "discussions/admin/moderation_queue.html",
        {
            "posts": queue_selector()[:100],
            "header_title": "Review queue",
        },
    )
