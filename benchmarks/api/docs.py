"""The OpenAPI schema, a JSON index of the endpoints at /api/v1/, and a plain HTML page describing
the API (no CDN, no JavaScript) with a worked request and response for every endpoint: the examples
are made by calling the API itself, in-process, on the figures held, so they can never drift."""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import reverse
from django.utils.safestring import mark_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

from benchmarks import store
from benchmarks.models import Measure, PerformanceMeasure
from cop.core.sanitise import render_markdown

from . import views

# Every endpoint: (OpenAPI path, URL name, view class, what it is for).
ENDPOINTS = (
    ("/api/v1/authorities", "authorities", views.AuthorityList),
    ("/api/v1/services", "services", views.ServiceList),
    ("/api/v1/years", "years", views.YearList),
    ("/api/v1/values", "values", views.ValueList),
    ("/api/v1/compare", "compare", views.Compare),
    ("/api/v1/measures/{code}/compare", "measure_compare", views.MeasureCompare),
)
EXAMPLE_LIST_ITEMS = 3  # long lists in the worked examples are cut to their first items


class BenchmarkSchemaView(SpectacularAPIView):
    urlconf = "benchmarks.api.schema_urls"


schema_view = BenchmarkSchemaView.as_view()


def _schema() -> dict:
    return SchemaGenerator(urlconf="benchmarks.api.schema_urls").get_schema(request=None, public=True)


def _first_line(view) -> str:
    return (view.__doc__ or "").strip().splitlines()[0]


def api_index(request):
    """GET /api/v1/: the endpoints, each with its URL and what it returns, and where the docs are."""
    endpoints = []
    for path, name, view in ENDPOINTS:
        url = reverse(f"benchmarks:api:{name}", kwargs={"code": "{code}"} if "{code}" in path else None)
        endpoints.append({"name": name, "url": request.build_absolute_uri(url).replace("%7B", "{").replace("%7D", "}")})
        endpoints[-1]["description"] = _first_line(view)
    return JsonResponse(
        {
            "version": "v1",
            "description": "Read-only JSON: official council spending figures, keyed on GSS codes and RO service codes.",
            "endpoints": endpoints,
            "schema": request.build_absolute_uri(reverse("benchmarks:api:schema")),
            "docs": request.build_absolute_uri(reverse("benchmarks:api:docs")),
        }
    )


def _example_requests() -> dict:
    """A request for every endpoint on the figures held: the latest year, the first unitary council
    (by name) with a return, adult social care, and the first performance measure."""
    years = store.available_years()
    if not years:
        return {}
    year = years[-1]
    records = store.year_dataset(year, Measure.NET_CURRENT_EXPENDITURE.value).records.values()
    submitted = sorted((r for r in records if r["status"] == "submitted"), key=lambda r: r["name"])
    council = next((r for r in submitted if r["authority_type"] == "UA"), submitted[0] if submitted else None)
    if council is None:
        return {}
    gss = council["gss_code"]
    measure = PerformanceMeasure.objects.order_by("code").values_list("code", flat=True).first()
    examples = {
        "authorities": "/api/v1/authorities?type=UA&page_size=2",
        "services": "/api/v1/services",
        "years": "/api/v1/years",
        "values": f"/api/v1/values?authority={gss}&service=360&year={year.label}",
        "compare": f"/api/v1/compare?authority={gss}&service=360&year={year.label}&group=type&prices=cash",
    }
    if measure:
        examples["measure_compare"] = f"/api/v1/measures/{measure}/compare?authority={gss}&year={year.label}"
    return examples


def _cut(value):
    """Lists of records (results, members) cut to their first items; everything else as it is."""
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        kept = [_cut(v) for v in value[:EXAMPLE_LIST_ITEMS]]
        return kept + ([f"… {len(value) - EXAMPLE_LIST_ITEMS} more"] if len(value) > EXAMPLE_LIST_ITEMS else [])
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    return value


def worked_examples() -> dict:
    """URL name -> {"request", "status", "response" (indented JSON, long lists cut)}, made by calling
    each endpoint's view in-process (not throttled: the page is not a client of the API)."""

    def build():
        factory, out, requests = RequestFactory(), {}, _example_requests()
        for path, name, view in ENDPOINTS:
            url = requests.get(name)
            if not url:
                continue
            kwargs = {"code": url.split("/")[4]} if "{code}" in path else {}
            response = view.as_view(throttle_classes=())(factory.get(url), **kwargs)
            response.render()
            body = json.loads(response.content)
            out[name] = {"request": url, "status": response.status_code, "response": json.dumps(_cut(body), indent=2)}
        return out

    return store.derived.get_or_build(("api_examples", store.data_version()), build)


def docs_page(request):
    schema = _schema()
    examples = worked_examples()
    endpoints = []
    names = {path: name for path, name, _view in ENDPOINTS}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    # Descriptions are Markdown (the views' docstrings): rendered and sanitised.
                    "description": mark_safe(render_markdown(operation.get("description", ""))),  # noqa: S308
                    "example": examples.get(names.get(path, "")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": mark_safe(render_markdown(p.get("description", ""))),  # noqa: S308
                            "schema": p.get("schema", {}),
                        }
                        for p in operation.get("parameters", [])
                    ],
                }
            )
    info = schema.get("info", {})
    info_description = mark_safe(render_markdown(info.get("description", "")))  # noqa: S308
    return render(
        request,
        "benchmarks/api_docs.html",
        {
            "endpoints": endpoints,
            "info": info,
            "info_description": info_description,
            "example_items": EXAMPLE_LIST_ITEMS,
        },
    )
