"""Elasticsearch (optional, when ELASTICSEARCH_URL is set): keeping our index in step and
searching it. The index layout lives in documents.py, the faceted query in faceted.py."""

from __future__ import annotations

from django.conf import settings


def is_enabled() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def sync(source_key, object_ids, items) -> None:  # replaced below when documents.py lands
    return None
