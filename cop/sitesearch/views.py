from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cop.core import member_pages

from .query import SORTS, SearchRequest, clean_text
from .selectors import audiences_for, pagination, query_string, search, selected_filter_links, suggestions


@require_GET
def search_view(request):
    # Anonymous visitors get whole cached pages; every index write purges them
    # (cop.sitesearch.services), so a cached page is never older than the index.
    search_request = SearchRequest.from_params(request.GET, audiences_for(request.user))
    result = search(search_request)
    member_pages.offer(request, "plain")
    return render(
        request,
        "sitesearch/search.html",
        {
            "result": result,
            "search_request": search_request,
            "sorts": SORTS,
            "selected_filters": selected_filter_links(search_request),
            "pagination": pagination(result),
            "original_query_url": "?" + query_string(search_request, spelling=False),
            "did_you_mean_url": (
                "?" + query_string(search_request, q=result.did_you_mean.display()) if result.did_you_mean else ""
            ),
        },
    )


@require_GET
def suggest_view(request):
    items = suggestions(request.GET.get("q", ""), request.user)
    response = JsonResponse({"query": clean_text(request.GET.get("q", ""), 100), "suggestions": items})
    response["Cache-Control"] = "private, max-age=30"
    return response
