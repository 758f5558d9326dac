"""Group members hear by email what managers decide: an invitation, an approved request; managers
hear of a request to join. Links use the site's own address."""

import pytest
from django.core import mail

from cop.communities import services
from cop.communities.models import Access, MembershipStatus, Role
from cop.core.errors import NotPermitted
from tests.communities.factories import CommunityGroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return CommunityGroupFactory(name="Pilots & partners network", slug="pilots", access=Access.REQUEST)


@pytest.fixture
def manager(group):
    manager = UserFactory(display_name="Meera Manager")
    MembershipFactory(group=group, user=manager, role=Role.MANAGER)
    return manager


def test_asking_to_join_tells_the_managers_and_approval_tells_the_member(
    group, manager, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://placeexchange.example"
    member = UserFactory(display_name="Sam Seeker")
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.join(member, group)
    assert membership.status == MembershipStatus.PENDING
    [request] = mail.outbox
    assert request.to == [manager.email]
    assert request.subject == "[Place Exchange] Sam Seeker asks to join Pilots & partners network"
    assert "https://placeexchange.example/groups/pilots/manage/" in request.body

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(manager, group, membership.pk)
    approved = mail.outbox[1]
    assert approved.to == [member.email]
    assert 'Meera Manager has accepted your request to join "Pilots & partners network"' in approved.body
    assert "https://placeexchange.example/groups/pilots/" in approved.body


def test_an_invitation_is_emailed_and_a_refused_one_sends_nothing(group, manager, django_capture_on_commit_callbacks):
    invited = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(manager, group, email=invited.email)
    assert [m.to for m in mail.outbox] == [[invited.email]]
    assert mail.outbox[0].subject == "[Place Exchange] You are invited to join Pilots & partners network"

    with pytest.raises(NotPermitted), django_capture_on_commit_callbacks(execute=True):
        services.invite(UserFactory(), group, email=UserFactory().email)  # not a manager
    assert len(mail.outbox) == 1
