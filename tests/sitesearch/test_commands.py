from io import StringIO

import pytest
from django.core.management import call_command

from cop.sitesearch.models import SearchDocument
from tests.discussions.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_rebuild_search_index_rebuilds_wagtail_and_site_search(home_page):
    ThreadFactory(title="Shared payroll with the neighbours")
    SearchDocument.objects.create(source="gone", object_id="1", title="Stale row", url="/x/")
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    text = out.getvalue()
    assert "Wagtail search index rebuilt" in text
    assert "thread: 1 item(s)" in text
    assert not SearchDocument.objects.filter(source="gone").exists()
    assert SearchDocument.objects.filter(source="thread", title="Shared payroll with the neighbours").exists()
