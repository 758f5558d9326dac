"""Reads for updates."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear

from cop.core.pages import page_context
from cop.core.params import year_param

from .models import UpdateCategory, UpdateIndexPage, UpdatePage

PAGE_SIZE = 15


def latest_updates(limit=20):
    return list(UpdatePage.objects.live().public().order_by("-date", "-pk")[:limit])


def update_listing(params, index_page=None) -> dict:
    base = UpdatePage.objects.live().public()
    if index_page is not None:
        base = base.child_of(index_page)
    category = params.get("category", "")
    if category not in UpdateCategory.values:
        category = ""
    year = year_param(params.get("year", ""))
    results = base
    if category:
        results = results.filter(category=category)
    if year:
        results = results.filter(date__year=year)
    category_counts = dict(
        (base.filter(date__year=year) if year else base).order_by().values_list("category").annotate(n=Count("pk"))
    )
    year_counts = (
        (base.filter(category=category) if category else base)
        .order_by()
        .annotate(y=ExtractYear("date"))
        .values_list("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    paginator = Paginator(results.order_by("-date", "-pk"), PAGE_SIZE, allow_empty_first_page=True)
    page_obj = paginator.get_page(params.get("page"))
    query = {key: value for key, value in (("category", category), ("year", year)) if value}
    return {
        "page_obj": page_obj,
        "updates": list(page_obj.object_list),
        "category": category,
        "year": year,
        "categories": [(value, label, category_counts.get(value, 0)) for value, label in UpdateCategory.choices],
        "years": list(year_counts),
        "querystring": urlencode(query),
        "total": paginator.count,
    }


# Page context (see cop.core.pages) -------------------------------------------------------


@page_context(UpdateIndexPage)
def _update_index_page_context(page, request) -> dict:
    return {"listing": update_listing(request.GET, index_page=page)}
