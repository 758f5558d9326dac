"""Reads for saved comparison groups: what a member's list shows and who owns a group."""

import pytest
from django.contrib.auth.models import AnonymousUser

from benchmarks.groups import selectors
from tests.members.factories import AuthorityFactory, UserFactory

from .factories import ComparisonGroupFactory

pytestmark = pytest.mark.django_db


def test_a_members_list_has_their_own_groups_and_the_featured_ones_only():
    me, other = UserFactory(), UserFactory()
    councils = AuthorityFactory.create_batch(3)
    mine = ComparisonGroupFactory(created_by=me, name="Mine", members=councils)
    my_featured = ComparisonGroupFactory(
        created_by=me, name="Mine and featured", is_featured=True, members=councils[:2]
    )
    ComparisonGroupFactory(created_by=other, name="Someone else's", members=councils)
    featured = ComparisonGroupFactory(
        created_by=None, name="Total Place pilots", is_featured=True, members=councils[:2]
    )

    groups = selectors.groups_for_member(me)

    assert {g.name for g in groups["own"]} == {mine.name, my_featured.name}
    assert [g.name for g in groups["featured"]] == [featured.name]  # a featured group of mine is listed once
    assert {g.name: g.member_count for g in groups["own"]} == {"Mine": 3, "Mine and featured": 2}
    assert selectors.groups_for_member(AnonymousUser()) == {"own": [], "featured": []}


def test_only_the_member_who_saved_a_group_owns_it():
    owner = UserFactory()
    group = ComparisonGroupFactory(created_by=owner)
    assert selectors.user_owns_group(group, owner)
    assert not selectors.user_owns_group(group, UserFactory())
    assert not selectors.user_owns_group(group, AnonymousUser())
    assert not selectors.user_owns_group(ComparisonGroupFactory(created_by=None), AnonymousUser())
