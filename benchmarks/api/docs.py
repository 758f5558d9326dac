"""The OpenAPI schema and a plain HTML page describing the API (no CDN, no JavaScript)."""

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView


class BenchmarkSchemaView(SpectacularAPIView):
    urlconf = "benchmarks.api.schema_urls"


schema_view = BenchmarkSchemaView.as_view()


def _schema() -> dict:
    return SchemaGenerator(urlconf="benchmarks.api.schema_urls").get_schema(request=None, public=True)


def docs_page(request):
    schema = _schema()
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                            "schema": p.get("schema", {}),
                        }
                        for p in operation.get("parameters", [])
                    ],
                }
            )
    return render(request, "benchmarks/api_docs.html", {"endpoints": endpoints, "info": schema.get("info", {})})
