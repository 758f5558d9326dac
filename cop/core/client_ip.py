"""The client's IP address, the one way: for throttling, rate limits and logs alike.

`X-Forwarded-For` is written by the client as much as by proxies, so only the entries that
our own proxies appended can be believed. TRUSTED_PROXY_COUNT (settings) says how many
proxies in front of the application append to it: with 0 (no proxy) the header is ignored
and the socket address is the client; with 1 (nginx, deploy/nginx.conf.template appends
`$remote_addr`) the right-most entry is the client, and anything to its left was sent by the
client itself. allauth reads the same count (ALLAUTH_TRUSTED_PROXY_COUNT in base.py).
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR") or ""
    count = int(settings.TRUSTED_PROXY_COUNT)
    if count <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < count:
        # Not every trusted proxy was passed (e.g. a direct request to gunicorn): the socket speaks.
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class ClientIPAnonRateThrottle(AnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request)


class ClientIPUserRateThrottle(UserRateThrottle):
    def get_ident(self, request):
        return client_ip(request)


class ClientIPLogFilter(logging.Filter):
    """Adds ``client_ip`` to log records that carry a request (django.request, django.security)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.client_ip = client_ip(request) if hasattr(request, "META") else "-"
        return True
