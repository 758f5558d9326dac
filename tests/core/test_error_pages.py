"""Error pages use the site's own design and say what to do next."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_404_page_in_site_design(client, home_page):
    response = client.get("/there-is-no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="govuk-skip-link"' in body
    assert "Place Exchange" in body


def test_csrf_failure_page_explains_and_saves_nothing(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "someone@example.org", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Your form could not be sent" in body
    assert "Nothing was saved" in body


def test_500_page_in_site_design(rf, home_page):
    from cop.core.views import server_error

    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_403_page_in_site_design(rf, home_page):
    from django.contrib.auth.models import AnonymousUser

    from cop.core.views import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()
