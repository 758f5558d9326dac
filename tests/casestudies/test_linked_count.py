"""A case study linked to a published count shows that count, read live (never copied), instead of its own
spend lines; a draft count is never shown."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from benchmarks import store
from benchmarks.count.models import PartnerCount
from benchmarks.years import FinancialYear
from tests.benchmarks.count.world import build_count_world

from .factories import CaseStudyPageFactory, case_study_index

pytestmark = pytest.mark.django_db


def test_case_study_shows_its_linked_published_count(client, home_page):
    store.clear_memory_cache()
    build_count_world()
    user = get_user_model().objects.create_user(username="officer", email="o@example.org", password="x" * 12)
    count = PartnerCount.objects.create(
        place_id="area-E10000034",
        place_name="Worcestershire",
        year=FinancialYear(2022),
        started_by=user,
        changed_by=user,
        version=2,
        status="published",
    )
    page = CaseStudyPageFactory(parent=case_study_index(home_page), linked_count=count)
    html = client.get(page.url).content.decode()
    assert 'id="linked-count"' in html
    assert "£677,000.50001 thousand" in html  # the count's live total, official and apportioned parts
    assert 'href="/benchmarking/places/area-E10000034/?year=2022-23"' in html

    PartnerCount.objects.filter(pk=count.pk).update(status="draft")  # changed again, waiting for a second officer
    cache.clear()
    assert 'id="linked-count"' not in client.get(page.url).content.decode()  # a draft is never shown
    store.clear_memory_cache()
