"""`/api/v1/places/` and `/api/v1/places/<id>/count`: the count in JSON, same figures as the page."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from benchmarks import store

from . import selectors
from .forms import CountQueryForm
from .presenters import part_rows


def _number(value):
    return None if value is None else float(value)


class PlaceList(APIView):
    """Places a count can be made for: upper-tier areas, combined-authority areas and featured groups."""

    def get(self, request):
        query = request.GET.get("q", "")[:100]
        places = selectors.list_places(query)
        return Response(
            {
                "count": len(places),
                "results": [{"id": p.id, "name": p.name, "kind": p.kind} for p in places],
            }
        )


class PlaceCount(APIView):
    """A place's local public spend in a year: total_thousands and its parts (each with name, kind,
    value_thousands, method, share and source). The total is the sum of the parts to the penny."""

    def get(self, request, place_id):
        try:
            place = selectors.get_place(place_id)
        except selectors.PlaceNotFound:
            return Response({"detail": f"No place with id {place_id!r}."}, status=404)
        version = store.data_version()
        form = CountQueryForm(request.GET, years=store.available_years(version))
        if not form.is_valid():
            errors = {k: [str(e) for e in v] for k, v in form.errors.items()}
            return Response({"detail": "Invalid parameters.", "errors": errors}, status=400)
        year, prices = form.cleaned_data["year"], form.cleaned_data["prices"]
        if year is None:
            return Response({"detail": "No official figures have been imported yet."}, status=404)
        try:
            result = selectors.place_count(place, year, prices, selectors.partner_parts(place, year), version)
        except store.NoDeflator as error:
            raise serializers.ValidationError({"prices": [str(error)]}) from error
        return Response(
            {
                "place": {"id": place.id, "name": place.name, "kind": place.kind},
                "year": year.label,
                "prices": prices,
                "prices_label": result.prices_label,
                "population": result.count.population,
                "population_years": result.population_years,
                "total_thousands": _number(result.count.total_thousands),
                "parts": [
                    {
                        "name": r["name"],
                        "kind": r["kind"],
                        "value_thousands": _number(r["value_thousands"]),
                        "method": r["method"],
                        "share": _number(r["share"]),
                        "source": r["source"],
                    }
                    for r in part_rows(result)
                ],
                "missing": [{"name": n, "reason": why} for n, why in result.missing],
            }
        )
