"""Groups in the JSON API (/api/v1/groups): what a group is, and its content for those who may
read it. A closed group's content answers 404 to everyone else, exactly as its pages do."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from . import registry, selectors

MAX_ITEMS = 100


def _group_json(group) -> dict:
    return {
        "slug": group.slug,
        "name": group.name,
        "summary": group.summary,
        "access": group.access,
        "region": group.region,
        "themes": [t.name for t in group.themes.all()],
        "service_areas": [a.code for a in group.service_areas.all()],
        "member_count": group.member_count,
        "url": group.get_absolute_url(),
    }


class GroupList(APIView):
    """The groups the caller can find (invite-only groups only for their members)."""

    @extend_schema(operation_id="groups_list")
    def get(self, request):
        groups = selectors.group_directory(
            request.user, theme=request.GET.get("theme", "")[:100], region=request.GET.get("region", "")[:40]
        )
        return Response({"results": [_group_json(g) for g in groups]})


class GroupContent(APIView):
    """A group's newest discussions, documents and events, for those who may read them."""

    @extend_schema(operation_id="groups_content")
    def get(self, request, slug):
        group = selectors.group_with_counts(slug)
        if group is None or not selectors.can_see_group(request.user, group):
            return Response({"detail": "No such group."}, status=404)
        if not selectors.can_view_content(request.user, group):
            return Response({"detail": "No such group."}, status=404)
        items = []
        for kind in registry.kinds():
            for item in kind.items(group, MAX_ITEMS):
                items.append(
                    {
                        "type": item.kind,
                        "title": item.title,
                        "url": item.url,
                        "author": item.author,
                        "date": item.date.isoformat() if item.date else None,
                    }
                )
        response = Response({"group": _group_json(group), "results": items})
        response["Cache-Control"] = "private, no-store"
        return response
