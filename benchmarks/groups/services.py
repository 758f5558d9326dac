"""Writes for saved comparison groups."""

from django.db import transaction

from .models import ComparisonGroup


@transaction.atomic
def create_group(*, name: str, description: str, members, created_by=None, is_featured: bool = False) -> ComparisonGroup:
    group = ComparisonGroup.objects.create(name=name, description=description, created_by=created_by,
                                           is_featured=is_featured)
    group.members.set(members)
    return group


@transaction.atomic
def delete_group(group: ComparisonGroup, user) -> bool:
    if group.created_by_id is None or group.created_by_id != user.id:
        return False
    group.delete()
    return True
