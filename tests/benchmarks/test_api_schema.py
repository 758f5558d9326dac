"""Schemathesis against the API's own OpenAPI schema, in process through the WSGI app.

Examples are bounded (max_examples per operation) so the run stays well under a minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from .world import build_world

schema = schemathesis.openapi.from_dict(
    SchemaGenerator(urlconf="benchmarks.api.schema_urls").get_schema(request=None, public=True)
)
schema.app = get_wsgi_application()

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def world(db):
    # Requests go through the real WSGI handler, which closes the database connection at the end of
    # each request; inside a test transaction that must not happen (Django's test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield build_world(with_2021=False)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, world):
    case.call_and_validate(checks=CHECKS)


def test_valid_requests_conform(world, client):
    """The generated cases are mostly invalid input; make sure valid ones conform too."""
    gss = world["Corby Unitary"].gss_code
    operation = schema["/api/v1/compare"]["GET"]
    case = operation.Case(query={"authority": gss, "service": "290", "year": "2022-23", "group": "type"})
    response = case.call()
    assert response.status_code == 200
    case.validate_response(response, checks=CHECKS)
