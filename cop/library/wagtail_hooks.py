"""A closed group's document is served to its members only: everyone else gets the site's 404."""

from django.http import Http404
from wagtail import hooks

from cop.communities.selectors import can_view_content


@hooks.register("before_serve_document")
def refuse_closed_group_documents(document, request):
    group_id = getattr(document, "group_id", None)
    if group_id and not can_view_content(request.user, document.group):
        raise Http404
