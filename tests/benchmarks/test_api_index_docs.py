"""/api/v1/ is a JSON index of the endpoints; the docs page renders descriptions as HTML and shows a
worked request and response for every endpoint, made by calling the API."""

import json
import re
from html import unescape

import pytest

from .factories import PerformanceValueFactory
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = build_world()
    PerformanceValueFactory(authority=world["Ashford Unitary"])
    return world


def test_api_root_is_a_json_index_of_every_endpoint(client, world):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    urls = {e["name"]: e["url"] for e in body["endpoints"]}
    assert set(urls) == {"authorities", "services", "years", "values", "compare", "measure_compare"}
    assert urls["compare"] == "http://testserver/api/v1/compare"
    assert urls["measure_compare"] == "http://testserver/api/v1/measures/{code}/compare"
    assert all(e["description"] for e in body["endpoints"])
    for name in ("authorities", "services", "years"):
        assert client.get(urls[name]).status_code == 200
    assert body["docs"].endswith("/api/v1/docs/") and body["schema"].endswith("/api/v1/schema/")


def test_docs_show_a_worked_example_for_every_endpoint_equal_to_the_api(client, world):
    html = client.get("/api/v1/docs/").content.decode()
    sections = re.findall(r'<section class="pe-api-endpoint".*?</section>', html, flags=re.S)
    assert len(sections) == 6
    for section in sections:
        request = re.search(r"Request: <code>GET ([^<]+)</code>", section)
        assert request, section[:200]
        shown = json.loads(unescape(re.search(r"<pre[^>]*><code>(.*?)</code></pre>", section, flags=re.S)[1]))
        actual = client.get(unescape(request[1])).json()
        if isinstance(actual, dict):  # long lists are cut in the page; everything else is the same
            for key, value in actual.items():
                if not isinstance(value, list):
                    assert shown[key] == value, key
        else:
            assert shown[: len(actual[:3])] == actual[:3]


def test_docs_render_markdown_descriptions_as_html(client, world):
    html = client.get("/api/v1/docs/").content.decode()
    assert '<div class="govuk-body pe-api-description"><p>' in html
    assert "**" not in html
