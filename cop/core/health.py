"""Readiness checks for /healthz: database, cache and search backend."""

import uuid

from django.core.cache import cache
from django.db import connection


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - report any failure by name
        return f"{exc.__class__.__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    return None


def check_cache() -> str | None:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return f"{exc.__class__.__name__}: {exc}"
    return None if value == "ok" else "cache did not return the value it stored"


def check_search() -> str | None:
    from wagtail.search.backends import get_search_backend

    try:
        backend = get_search_backend()
        es_client = getattr(backend, "es", None)
        if es_client is not None:
            if not es_client.ping():
                return "Elasticsearch did not answer ping"
        else:
            from wagtail.models import Page

            list(backend.search("healthz", Page.objects.none()))
    except Exception as exc:  # noqa: BLE001
        return f"{exc.__class__.__name__}: {exc}"
    return None


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search}


def run_checks() -> dict[str, str | None]:
    return {name: check() for name, check in CHECKS.items()}
