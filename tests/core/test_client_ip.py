"""Finding 3: the API rate limit trusted X-Forwarded-For, so a random header value reset it.

The client IP now comes from one function (cop.core.client_ip) that believes only the entries
our own proxies appended (TRUSTED_PROXY_COUNT): DRF throttling, django-ratelimit, allauth's
rate limits and the logs all agree on it.
"""

import logging
import uuid

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory, override_settings
from django_ratelimit.core import is_ratelimited
from rest_framework.throttling import SimpleRateThrottle

from cop.core.client_ip import ClientIPLogFilter, client_ip

pytestmark = pytest.mark.django_db


def _random_ip() -> str:
    raw = uuid.uuid4().bytes
    return f"198.51.{raw[0]}.{raw[1]}"


@pytest.fixture
def three_per_minute(monkeypatch):
    # DRF binds the rates when the throttle classes are defined: lower them for this test.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "3/min"})


def _api_statuses(client, forwarded_for, times=5):
    return [client.get("/api/v1/years", HTTP_X_FORWARDED_FOR=forwarded_for()).status_code for _ in range(times)]


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_a_random_forwarded_for_header_does_not_reset_the_api_limit(client, three_per_minute):
    statuses = _api_statuses(client, _random_ip)
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_right_most_entry_is_the_client(client, three_per_minute):
    # What nginx sends: whatever the client wrote, then the address nginx saw.
    statuses = _api_statuses(client, lambda: f"{_random_ip()}, 203.0.113.7")
    assert statuses[3:] == [429, 429]
    # Another client behind the same proxy has its own allowance.
    assert client.get("/api/v1/years", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_client_ip_ignores_the_header_without_trusted_proxies():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.5")
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert client_ip(request) == "10.0.0.5"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(request) == "1.2.3.4"
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4, 10.1.1.1", REMOTE_ADDR="10.0.0.5")
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert client_ip(request) == "1.2.3.4"
    # A request that did not pass through every trusted proxy (direct to gunicorn) is its socket.
    direct = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5")
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(direct) == "10.0.0.5"
    junk = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="not-an-ip", REMOTE_ADDR="10.0.0.5")
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert client_ip(junk) == "10.0.0.5"


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_django_ratelimit_ip_key_ignores_a_spoofed_header():
    def limited() -> bool:
        request = RequestFactory().post("/", HTTP_X_FORWARDED_FOR=_random_ip(), REMOTE_ADDR="10.0.0.9")
        return is_ratelimited(request, group="client-ip-test", key="ip", rate="2/m", method="POST", increment=True)

    assert [limited() for _ in range(4)] == [False, False, True, True]


@pytest.mark.parametrize("count", [0, 1])
def test_allauth_rate_limits_see_the_same_client(settings, count):
    settings.TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    request = RequestFactory().post(
        "/accounts/login/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.5"
    )
    assert get_adapter(request).get_client_ip(request) == client_ip(request)
    assert client_ip(request) == ("10.0.0.5" if count == 0 else "203.0.113.7")


def test_allauth_reads_the_trusted_proxy_count(settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_logs_name_the_real_client_not_the_spoofed_one():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="10.0.0.5")
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", (), None)
    record.request = request
    assert ClientIPLogFilter().filter(record)
    formatted = logging.Formatter("%(client_ip)s %(message)s").format(record)
    assert formatted == "10.0.0.5 Forbidden"
