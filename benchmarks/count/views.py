"""Place pages: the list of places and a place's count (page, CSV, XLSX). Reads only; the work is in
selectors.py and presenters.py."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from benchmarks import store

from . import demo, downloads, presenters, selectors
from .forms import CountQueryForm


def place_list(request):
    query = request.GET.get("q", "")[:100]
    places = selectors.list_places(query)
    groups: dict = {}
    for place in places:
        groups.setdefault(place.kind_label, []).append(place)
    context = {"query": query, "groups": groups, "found": len(places), "examples": demo.EXAMPLES}
    return render(request, "count/place_list.html", context)


def place_page(request, place_id):
    try:
        place = selectors.get_place(place_id)
    except selectors.PlaceNotFound as error:
        raise Http404("No such place") from error
    version = store.data_version()
    form = CountQueryForm(request.GET, years=store.available_years(version))
    context = {"place": place, "form": form, "years": form.years, "reported": demo.reported_count(place.id)}
    if not form.is_valid() or form.cleaned_data["year"] is None:
        return render(request, "count/place.html", context, status=400 if form.errors else 200)
    year, prices = form.cleaned_data["year"], form.cleaned_data["prices"]
    partner_parts = selectors.partner_parts(place, year)
    try:
        result = selectors.place_count(place, year, prices, partner_parts, version)
    except store.NoDeflator as error:
        form.add_error("prices", str(error))
        return render(request, "count/place.html", context, status=400)
    if form.cleaned_data.get("format"):
        return downloads.response(result, form.cleaned_data["format"])
    context |= {
        "result": result,
        "year": year,
        "parts": presenters.part_rows(result),
        "themes": presenters.theme_rows(result),
        "kinds": presenters.kind_rows(result),
        "summary": presenters.page_summary(result),
        "treemaps": presenters.treemaps(result),
        "comparison": selectors.compare_by_service(result),
        "has_partners": bool(partner_parts),
        "download_query": f"year={year.label}&prices={prices}",
    }
    return render(request, "count/place.html", context)
