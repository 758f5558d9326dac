import pytest
from django.test import override_settings

UNREACHABLE_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.mark.django_db
def test_healthz_reports_every_check_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "search": "ok"}}


@pytest.mark.django_db
def test_healthz_names_the_failed_check_with_503(client):
    # A real Redis client pointed at a port where nothing listens.
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["search"] == "ok"
    assert "ConnectionError" in body["checks"]["cache"]
