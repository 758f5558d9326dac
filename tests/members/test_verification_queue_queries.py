"""The moderators' verification queue costs the same few queries however many members wait."""

import pytest
from django.test import Client

from cop.members import services
from cop.members.models import CouncilEmailDomain
from tests.members.factories import AuthorityFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _ask(council, n):
    for i in range(n):
        services.request_verification(
            UserFactory(), council=council, role=f"Officer {i}", work_email=f"officer{i}@testshire.gov.uk"
        )


def test_queue_queries_do_not_grow_with_requests(django_assert_max_num_queries):
    council = AuthorityFactory()
    CouncilEmailDomain.objects.create(authority=council, domain="testshire.gov.uk")
    client = Client()
    client.force_login(ModeratorFactory())
    _ask(council, 2)
    client.get("/admin/members/verification/")  # warm Wagtail's own per-process caches
    with django_assert_max_num_queries(40) as few:
        assert client.get("/admin/members/verification/").status_code == 200
    _ask(council, 20)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        page = client.get("/admin/members/verification/").content.decode()
    assert page.count("Domain allow-listed for") == 22
    assert len(many.captured_queries) <= len(few.captured_queries)
