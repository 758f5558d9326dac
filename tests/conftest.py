"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (rate limits, cached pages)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    from cop.home.services import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def is_postgres(db):
    from django.db import connection

    return connection.vendor == "postgresql"
