"""Fixtures shared by the whole suite."""

import importlib

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (rate limits, cached pages)."""
    cache.clear()
    yield
    cache.clear()


def _restore_migration_data():
    """Put back the rows that data migrations create, after a transactional test's flush.

    Browser tests (and other transaction=True tests) end with a flush that empties every
    table; the next test in the same worker would otherwise run without Wagtail's root
    collection and locale, the RO service lines, themes and the Moderators group."""
    from django.apps import apps
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    if Collection.objects.exists():
        return
    Collection.add_root(name="Root")
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))

    from benchmarks.services import ensure_services

    ensure_services()
    seed_themes = importlib.import_module("casestudies.migrations.0001_squashed_0002_seed_themes").seed
    seed_themes(apps, None)
    create_moderators = importlib.import_module("cop.members.migrations.0002_moderators_group").create_moderators_group
    create_moderators(apps, None)
    case_study_review = importlib.import_module("casestudies.migrations.0002_member_case_studies_and_lessons")
    case_study_review.create_workflow(apps, None)
    case_study_review.grant_lesson_review(apps, None)


@pytest.fixture(autouse=True)
def _migration_data(request):
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db:
        if request.node.get_closest_marker("django_db"):
            request.getfixturevalue("_django_db_helper")
        elif "transactional_db" in request.fixturenames:
            request.getfixturevalue("transactional_db")
        else:
            request.getfixturevalue("db")
        _restore_migration_data()


@pytest.fixture
def home_page(db):
    from cop.home.services import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def is_postgres(db):
    from django.db import connection

    return connection.vendor == "postgresql"
