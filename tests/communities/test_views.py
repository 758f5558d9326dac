"""Group pages: starting a group (bad input included), joining, what managers do, filters, and
query-count bounds that do not grow with the number of members or threads."""

import pytest

from cop.communities.models import Access, CommunityGroup, Membership, MembershipStatus, Role
from tests.communities.factories import CommunityGroupFactory, MembershipFactory
from tests.discussions.factories import ThreadFactory
from tests.members.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Total Place pilots network", "summary": "The thirteen pilots compare notes.", "access": "request"}


def test_a_member_starts_a_closed_group_and_manages_it(client):
    creator = UserFactory()
    client.force_login(creator)
    response = client.post("/groups/new/", {**VALID, "region": "North West", "service_codes": ["190"]})
    group = CommunityGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.access == Access.REQUEST and group.region == "North West"
    assert list(group.service_areas.values_list("code", flat=True)) == ["190"]
    assert Membership.objects.get(group=group).role == Role.MANAGER


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({**VALID, "name": ""}, "name", "Enter a name for the group"),
        ({**VALID, "summary": ""}, "summary", "Enter a summary"),
        ({**VALID, "name": "x" * 121}, "name", "The name must be 120 characters or fewer"),
        ({**VALID, "access": "secret"}, "access", "Choose who can join the group"),
        ({**VALID, "region": "Atlantis"}, "region", "Choose a region from the list"),
        ({**VALID, "service_codes": ["999"]}, "service_codes", "Choose service areas from the list"),
        ({**VALID, "themes": ["no-such-theme"]}, "themes", "Choose themes from the list"),
        ({**VALID, "name": "!!!"}, "name", "Enter a name with at least one letter or number"),
    ],
)
def test_bad_input_shows_an_error_summary_and_saves_nothing(client, data, field, message):
    client.force_login(UserFactory())
    response = client.post("/groups/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and f'href="#id_{field}' in body and message in body
    assert not CommunityGroup.objects.exists() and not Membership.objects.exists()


def test_a_duplicate_name_is_refused(client):
    CommunityGroupFactory(name=VALID["name"])
    client.force_login(UserFactory())
    response = client.post("/groups/new/", {**VALID, "name": VALID["name"].upper()})
    assert response.status_code == 400 and "A group with this name already exists" in response.content.decode()
    assert CommunityGroup.objects.count() == 1


def test_script_in_a_group_is_shown_as_text(client):
    client.force_login(UserFactory())
    payload = "<script>alert(1)</script>"
    client.post("/groups/new/", {**VALID, "name": f"Room {payload}", "description": f"Hi {payload} **there**"})
    body = client.get(CommunityGroup.objects.get().get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert "<strong>there</strong>" in body


def test_signed_out_visitors_are_sent_to_sign_in_to_start_a_group(client):
    response = client.post("/groups/new/", VALID)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CommunityGroup.objects.exists()


def test_join_an_open_group_and_ask_to_join_a_closed_one(client):
    member = UserFactory()
    client.force_login(member)
    open_group = CommunityGroupFactory(access=Access.OPEN)
    closed = CommunityGroupFactory(access=Access.REQUEST)
    client.post(f"/groups/{open_group.slug}/join/")
    client.post(f"/groups/{closed.slug}/join/")
    assert Membership.objects.get(group=open_group, user=member).status == MembershipStatus.ACTIVE
    assert Membership.objects.get(group=closed, user=member).status == MembershipStatus.PENDING


def test_invite_only_groups_are_hidden_and_cannot_be_joined(client):
    group = CommunityGroupFactory(access=Access.INVITE, name="Chief executives' circle")
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(group.get_absolute_url()).status_code == 404
    assert "Chief executives" not in client.get("/groups/").content.decode()
    assert client.post(f"/groups/{group.slug}/join/").status_code == 404
    assert client.get("/api/v1/groups").json()["results"] == []
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_manager_approves_invites_appoints_and_removes(client):
    manager = MembershipFactory(role=Role.MANAGER, group__access=Access.REQUEST)
    group = manager.group
    asking = MembershipFactory(group=group, status=MembershipStatus.PENDING)
    invitee = UserFactory(email="invitee@example.org")
    client.force_login(manager.user)
    client.post(f"/groups/{group.slug}/manage/{asking.pk}/approve/")
    asking.refresh_from_db()
    assert asking.status == MembershipStatus.ACTIVE
    client.post(f"/groups/{group.slug}/manage/", {"email": "INVITEE@example.org"})
    invited = Membership.objects.get(user=invitee)
    assert invited.status == MembershipStatus.INVITED
    client.post(f"/groups/{group.slug}/manage/{asking.pk}/appoint/")
    asking.refresh_from_db()
    assert asking.role == Role.MANAGER
    client.post(f"/groups/{group.slug}/manage/{asking.pk}/remove/")
    assert not Membership.objects.filter(pk=asking.pk).exists()
    # The invitee accepts.
    client.force_login(invitee)
    client.post(f"/groups/{group.slug}/join/")
    invited.refresh_from_db()
    assert invited.status == MembershipStatus.ACTIVE


def test_invite_bad_input(client):
    manager = MembershipFactory(role=Role.MANAGER)
    client.force_login(manager.user)
    for email, message in [
        ("", "Enter the email address of the member to invite"),
        ("not-an-email", "Enter an email address in the correct format"),
        ("nobody@example.org", "No member has this email address"),
        (manager.user.email, "is already member in this group"),
    ]:
        response = client.post(f"/groups/{manager.group.slug}/manage/", {"email": email})
        assert response.status_code == 400 and message in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()
    assert Membership.objects.count() == 1


def test_only_managers_manage(client):
    member = MembershipFactory()
    other = MembershipFactory(group=member.group)
    client.force_login(member.user)
    assert client.get(f"/groups/{member.group.slug}/manage/").status_code == 404
    assert client.post(f"/groups/{member.group.slug}/manage/{other.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_the_last_manager_cannot_leave_or_be_demoted(client):
    manager = MembershipFactory(role=Role.MANAGER)
    client.force_login(manager.user)
    client.post(f"/groups/{manager.group.slug}/leave/")
    client.post(f"/groups/{manager.group.slug}/manage/{manager.pk}/demote/")
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER and manager.status == MembershipStatus.ACTIVE


def test_directory_filters_by_theme_service_area_and_region(client):
    from casestudies.models import Theme

    theme = Theme.objects.create(name="Early intervention", slug="early-intervention")
    north = CommunityGroupFactory(name="Northern pilots", region="North West")
    north.themes.add(theme)
    south = CommunityGroupFactory(name="Southern adult care", region="South West")
    south.service_areas.create(code="290")

    def names(**params):
        return [g.name for g in client.get("/groups/", params).context["groups"]]

    assert names() == ["Northern pilots", "Southern adult care"]
    assert names(theme="early-intervention") == ["Northern pilots"]
    assert names(service="290") == ["Southern adult care"]
    assert names(region="North West") == ["Northern pilots"]
    assert names(region="Atlantis") == ["Northern pilots", "Southern adult care"]  # unknown values are ignored


def test_moderators_can_read_closed_groups(client):
    group = CommunityGroupFactory(access=Access.REQUEST)
    thread = ThreadFactory(group=group)
    client.force_login(ModeratorFactory())
    assert client.get(thread.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_group_pages_take_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    group = CommunityGroupFactory(access=Access.REQUEST)
    manager = MembershipFactory(group=group, role=Role.MANAGER)
    for _ in range(size):
        MembershipFactory(group=group)
        MembershipFactory(group=group, status=MembershipStatus.PENDING)
        ThreadFactory(group=group)
        CommunityGroupFactory()
    client.force_login(manager.user)
    for url, limit in [
        (group.get_absolute_url(), 22),
        (f"/groups/{group.slug}/members/", 18),
        (f"/groups/{group.slug}/manage/", 20),
        ("/groups/", 18),
        (f"/api/v1/groups/{group.slug}/content", 14),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
