import pytest
from django.urls import reverse

from cop.discussions import services
from cop.discussions.models import PostStatus
from cop.members.models import CouncilEmailDomain
from tests.members.factories import AuthorityFactory, ModeratorFactory, StaffFactory, UserFactory

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_review_queue_hides_or_keeps_flagged_posts(client):
    kept, hidden = PostFactory(body="Useful advice"), PostFactory(body="Rude remark")
    for post in (kept, hidden):
        services.flag_post(UserFactory(), post, reason="abusive")
    client.force_login(ModeratorFactory())
    url = reverse("discussions_moderation_queue")
    html = client.get(url).content.decode()
    assert "Useful advice" in html and "Rude remark" in html
    # Hiding needs a reason: nothing changes without one.
    client.post(url, {"post": hidden.pk, "action": "hide", "reason": ""})
    hidden.refresh_from_db()
    assert hidden.status == PostStatus.VISIBLE
    client.post(url, {"post": hidden.pk, "action": "hide", "reason": "Personal attack"})
    client.post(url, {"post": kept.pk, "action": "keep"})
    hidden.refresh_from_db()
    kept.refresh_from_db()
    assert hidden.status == PostStatus.HIDDEN and hidden.hidden_reason == "Personal attack"
    assert kept.status == PostStatus.VISIBLE and kept.pending_flag_count == 0
    assert "Nothing to review" in client.get(url).content.decode()


def test_staff_edit_council_email_domains_in_admin(client):
    council = AuthorityFactory(name="Leeds", gss_code="E08000035")
    client.force_login(StaffFactory())
    listing = client.get("/admin/snippets/members/councilemaildomain/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/snippets/members/councilemaildomain/add/",
        {
            "authority": council.pk,
            "domain": "Leeds.gov.uk",
        },
    )
    assert response.status_code == 302
    assert CouncilEmailDomain.objects.get().domain == "leeds.gov.uk"
