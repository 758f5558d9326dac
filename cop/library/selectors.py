"""Reads for the library: documents listed in the public library, filterable with counts."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count

from benchmarks.models import Service
from casestudies.models import Theme
from cop.communities.registry import ContentItem
from cop.communities.selectors import visible_content_q
from cop.core.pages import page_context
from cop.core.params import year_param

from .models import DocumentKind, LibraryDocument, LibraryIndexPage

PAGE_SIZE = 20
FILE_TYPES = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]


def library_listing(params) -> dict:
    # The library page is the same for every visitor: a closed group's documents are on its own page.
    base = LibraryDocument.objects.filter(visible_content_q(None), show_in_library=True)
    theme = params.get("theme", "").strip()[:100]
    service = params.get("service", "").strip()[:10]
    kind = params.get("kind", "")
    kind = kind if kind in DocumentKind.values else ""
    file_type = params.get("file_type", "")
    file_type = file_type if file_type in FILE_TYPES else ""
    year = year_param(params.get("year"))
    query = params.get("q", "").strip()[:200]

    results = base
    if theme:
        results = results.filter(
            pk__in=LibraryDocument.themes.through.objects.filter(theme__slug=theme).values("librarydocument_id")
        )
    if service:
        results = results.filter(
            pk__in=LibraryDocument.service_areas.through.objects.filter(service__code=service).values(
                "librarydocument_id"
            )
        )
    if kind:
        results = results.filter(kind=kind)
    if year:
        results = results.filter(year=year)
    if file_type:
        results = results.filter(file__iendswith=f".{file_type}")
    if query:
        results = results.filter(title__icontains=query) | results.filter(summary__icontains=query)

    ids = results.order_by().values("pk")
    theme_counts = dict(
        LibraryDocument.themes.through.objects.filter(librarydocument_id__in=ids)
        .values_list("theme__slug")
        .annotate(n=Count("librarydocument_id"))
    )
    service_counts = dict(
        LibraryDocument.service_areas.through.objects.filter(librarydocument_id__in=ids)
        .values_list("service__code")
        .annotate(n=Count("librarydocument_id"))
    )
    kind_counts = dict(results.order_by().values_list("kind").annotate(n=Count("pk")))
    year_counts = list(
        results.order_by().exclude(year=None).values_list("year").annotate(n=Count("pk")).order_by("-year")
    )

    paginator = Paginator(
        results.order_by("-year", "title").prefetch_related("themes", "service_areas"),
        PAGE_SIZE,
        allow_empty_first_page=True,
    )
    page_obj = paginator.get_page(params.get("page"))
    chosen = {"theme": theme, "service": service, "kind": kind, "year": year or "", "file_type": file_type, "q": query}
    return {
        "page_obj": page_obj,
        "documents": list(page_obj.object_list),
        "total": paginator.count,
        "chosen": chosen,
        "themes": [(t.slug, t.name, theme_counts.get(t.slug, 0)) for t in Theme.objects.all()],
        "services": [
            (s.code, s.name, service_counts.get(s.code, 0))
            for s in Service.objects.filter(is_total=False).order_by("code")
        ],
        "kinds": [(value, label, kind_counts.get(value, 0)) for value, label in DocumentKind.choices],
        "years": year_counts,
        "file_types": FILE_TYPES,
        "querystring": urlencode({key: value for key, value in chosen.items() if value}),
    }


# Page context (see cop.core.pages) -------------------------------------------------------


@page_context(LibraryIndexPage)
def _library_index_page_context(page, request) -> dict:
    return {"listing": library_listing(request.GET)}


def group_content_items(group, limit: int = 10) -> list[ContentItem]:
    """A group's documents, newest first (the caller has checked that the viewer may read the group)."""
    documents = LibraryDocument.objects.filter(group=group).order_by("-created_at", "-pk")[:limit]
    return [
        ContentItem(kind="Document", title=d.title, url=d.url, date=d.created_at, summary=d.summary[:200])
        for d in documents
    ]
