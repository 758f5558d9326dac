"""Writes for saved comparison groups: only the owner changes or deletes one; cached pages are purged."""

import pytest

from benchmarks.groups import services
from benchmarks.groups.models import ComparisonGroup
from cop.core.cache import current_generation
from cop.core.errors import NotPermitted
from tests.members.factories import AuthorityFactory, UserFactory

from .factories import ComparisonGroupFactory

pytestmark = pytest.mark.django_db


def test_the_owner_updates_name_description_and_councils_and_the_link_stays(django_capture_on_commit_callbacks):
    owner = UserFactory()
    a, b, c = AuthorityFactory.create_batch(3)
    group = ComparisonGroupFactory(created_by=owner, name="Old", members=[a, b])
    token, changed = group.token, group.updated_at
    generation = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        services.update_group(group, owner, name="New", description="Why", members=[b, c])

    group = ComparisonGroup.objects.get(pk=group.pk)
    assert (group.name, group.description, group.token) == ("New", "Why", token)
    assert set(group.members.all()) == {b, c}
    assert group.updated_at > changed
    assert current_generation() > generation  # anonymous visitors no longer get the old page from the cache


def test_another_member_cannot_update_or_delete_a_group(django_capture_on_commit_callbacks):
    a, b, c = AuthorityFactory.create_batch(3)
    group = ComparisonGroupFactory(name="Theirs", members=[a, b])
    intruder = UserFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(NotPermitted, match="Only the member who saved a group can change it"):
            services.update_group(group, intruder, name="Mine now", description="", members=[c])
        with pytest.raises(NotPermitted, match="can delete it"):
            services.delete_group(group, intruder)

    group.refresh_from_db()
    assert group.name == "Theirs" and set(group.members.all()) == {a, b}
    assert not callbacks


def test_deleting_a_group_purges_cached_pages(django_capture_on_commit_callbacks):
    owner = UserFactory()
    group = ComparisonGroupFactory(created_by=owner, members=AuthorityFactory.create_batch(2))
    generation = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_group(group, owner)
    assert not ComparisonGroup.objects.filter(pk=group.pk).exists()
    assert current_generation() > generation
