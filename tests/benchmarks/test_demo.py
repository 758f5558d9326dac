import io

import pytest

from benchmarks import demo
from benchmarks.groups.models import ComparisonGroup
from benchmarks.models import Authority

from .factories import AuthorityFactory

pytestmark = pytest.mark.django_db


def test_total_place_group_is_idempotent_and_works_without_official_data():
    out = io.StringIO()
    demo.load(None, out)
    demo.load(None, out)
    group = ComparisonGroup.objects.get(name=demo.TOTAL_PLACE_GROUP)
    assert group.is_featured
    assert group.members.count() == len(demo.TOTAL_PLACE_COUNCILS)
    assert Authority.objects.count() == len(demo.TOTAL_PLACE_COUNCILS)
    assert ComparisonGroup.objects.count() == 1
    assert "already there" in out.getvalue()


def test_total_place_group_uses_imported_authorities():
    kent = AuthorityFactory(gss_code="E10000016", name="Kent", authority_type="CTY")
    demo.load(None, io.StringIO())
    group = ComparisonGroup.objects.get(name=demo.TOTAL_PLACE_GROUP)
    assert kent in group.members.all()
    assert Authority.objects.filter(gss_code="E10000016").count() == 1
