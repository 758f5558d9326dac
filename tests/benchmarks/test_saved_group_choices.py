"""Saved groups under "Compare with": featured groups for everyone; a member's own groups and the
groups they opened by link for them; each compared with the same statistics as a built-in group."""

import statistics

import pytest
from django.urls import reverse

from tests.benchmarks.groups.factories import ComparisonGroupFactory
from tests.members.factories import UserFactory

from .world import build_world, per_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def profile(client, world, **query):
    url = reverse("benchmarks:profile", kwargs={"gss": world["Corby Unitary"].gss_code})
    return client.get(url, {"year": "2022-23", **query})


def choices(response) -> list[str]:
    html = response.content.decode()
    return [line for line in html.split("\n") if "Saved group:" in line]


def test_featured_own_and_opened_groups_are_offered(client, world):
    me, other = UserFactory(), UserFactory()
    units = [world[n] for n in ("Ashford Unitary", "Bexley Unitary", "Corby Unitary")]
    featured = ComparisonGroupFactory(name="Total Place pilots", is_featured=True, members=units)
    mine = ComparisonGroupFactory(name="My shire group", created_by=me, members=units)
    shared = ComparisonGroupFactory(name="Colleague group", created_by=other, members=units)
    hidden = ComparisonGroupFactory(name="Never opened", created_by=other, members=units)

    anonymous = " ".join(choices(profile(client, world)))
    assert featured.name in anonymous and mine.name not in anonymous

    client.force_login(me)
    before = " ".join(choices(profile(client, world)))
    assert "My shire group (yours)" in before and "Total Place pilots (featured)" in before
    assert shared.name not in before
    assert client.get(shared.get_absolute_url()).status_code == 200  # opened by its link
    after = " ".join(choices(profile(client, world)))
    assert shared.name in after and hidden.name not in after
    assert f'value="{shared.token}"' in profile(client, world).content.decode()


def test_a_saved_group_has_the_same_statistics_as_a_built_in_group(client, world):
    members = ["Ashford Unitary", "Bexley Unitary", "Corby Unitary", "Dover Unitary", "Epsom Unitary"]
    group = ComparisonGroupFactory(name="Five", is_featured=True, members=[world[n] for n in members])
    saved = client.get(
        f"/api/v1/compare?authority={world['Corby Unitary'].gss_code}&service=290&year=2022-23&group={group.token}"
    ).json()
    built_in = client.get(
        f"/api/v1/compare?authority={world['Corby Unitary'].gss_code}&service=290&year=2022-23&group=type"
    ).json()
    for key in ("n", "median", "q1", "q3", "rank", "mads_from_median"):
        assert saved[key] == built_in[key], key  # the same five councils with figures
    expected = statistics.median(per_head(world, 2022, n, "290") for n in members)
    assert saved["median"] == pytest.approx(expected)
    page = profile(client, world, group=str(group.token)).content.decode()
    assert "compared with Five" in page


def test_one_members_saved_groups_never_reach_another_members_cached_profile(client, world):
    owner, colleague = UserFactory(), UserFactory()
    units = [world[n] for n in ("Ashford Unitary", "Bexley Unitary", "Corby Unitary")]
    ComparisonGroupFactory(name="Private shortlist of the owner", created_by=owner, members=units)
    client.force_login(colleague)
    for _ in range(2):  # the second comes from the member page cache, if stored
        profile(client, world)
    client.force_login(owner)
    assert "Private shortlist of the owner" in " ".join(choices(profile(client, world)))
    client.force_login(colleague)
    assert "Private shortlist of the owner" not in profile(client, world).content.decode()
