"""Writes for saved comparison groups."""

from django.db import transaction

from cop.core.cache import purge_page_cache
from cop.core.errors import NotPermitted

from . import selectors
from .models import ComparisonGroup


@transaction.atomic
def create_group(
    *, name: str, description: str, members, created_by=None, is_featured: bool = False
) -> ComparisonGroup:
    # A new group has a new link, so no cached anonymous page shows it yet: nothing to purge.
    group = ComparisonGroup.objects.create(
        name=name, description=description, created_by=created_by, is_featured=is_featured
    )
    group.members.set(members)
    if created_by is not None:
        transaction.on_commit(lambda: selectors.forget_ownership(created_by.pk))
    return group


@transaction.atomic
def update_group(group: ComparisonGroup, user, *, name: str, description: str, members) -> None:
    """Change a group's name, description and councils; only its owner may (else NotPermitted). The
    token (shared link) stays."""
    _check_owner(group, user, "change")
    group.name, group.description = name, description
    group.save(update_fields=["name", "description", "updated_at"])
    group.members.set(members)
    # Anonymous visitors may have the group's page, or comparisons against it, cached whole.
    transaction.on_commit(purge_page_cache)


@transaction.atomic
def delete_group(group: ComparisonGroup, user) -> None:
    """Only its owner may delete a group (else NotPermitted)."""
    _check_owner(group, user, "delete")
    group.delete()
    transaction.on_commit(lambda: selectors.forget_ownership(user.pk))
    # Otherwise a cached copy of the deleted group's page would still be served to anonymous visitors.
    transaction.on_commit(purge_page_cache)


def _check_owner(group: ComparisonGroup, user, action: str) -> None:
    if not selectors.user_owns_group(group, user):
        raise NotPermitted(f"Only the member who saved a group can {action} it.")


OPENED_GROUPS_KEY = "benchmarks_opened_groups"
MAX_OPENED_GROUPS = 20


def remember_opened_group(request, token) -> None:
    """A signed-in member who opens a saved group's link (its page, or a comparison with it) is
    offered it under "Compare with" afterwards. Kept in their session, most recent first; anonymous
    visitors get nothing stored (their pages stay cacheable)."""
    if not request.user.is_authenticated:
        return
    token = str(token)
    opened = [t for t in request.session.get(OPENED_GROUPS_KEY, []) if t != token]
    request.session[OPENED_GROUPS_KEY] = [token, *opened][:MAX_OPENED_GROUPS]
