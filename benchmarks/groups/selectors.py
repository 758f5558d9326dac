"""Reads for saved comparison groups: a member's own groups, featured groups, a group by its link.

Resolving a group's members in a year's figures is benchmarks.grouping's (it reads the store).
"""

from __future__ import annotations

from django.db.models import Count, Q

from .models import ComparisonGroup


def featured_groups():
    return list(ComparisonGroup.objects.filter(is_featured=True).order_by("name"))


def groups_owned_by(user):
    if not user.is_authenticated:
        return []
    return list(ComparisonGroup.objects.filter(created_by=user).order_by("name"))


def group_by_token(token):
    return ComparisonGroup.objects.filter(token=token).prefetch_related("members").first()


def user_owns_group(group: ComparisonGroup, user) -> bool:
    return bool(user.is_authenticated and group.created_by_id is not None and group.created_by_id == user.id)


def groups_for_member(user) -> dict:
    """The member's own groups (most recently changed first) and the featured groups everyone can use,
    each with ``member_count``. A featured group the member owns is listed once, as theirs."""
    if not user.is_authenticated:
        return {"own": [], "featured": []}
    counted = ComparisonGroup.objects.annotate(member_count=Count("members"))
    own = list(counted.filter(created_by=user).order_by("-updated_at", "name"))
    featured = list(counted.filter(is_featured=True).exclude(created_by=user).order_by("name"))
    return {"own": own, "featured": featured}


def compare_with_choices(user, opened_tokens=()) -> list:
    """The saved groups offered under "Compare with" on a comparison page, in one query: featured
    groups, the member's own, and those they have opened by link; each once, by name, with
    ``is_own`` and ``is_featured``."""
    wanted = Q(is_featured=True)
    if user.is_authenticated:
        wanted |= Q(created_by=user) | Q(token__in=list(opened_tokens))
    groups = list(ComparisonGroup.objects.filter(wanted).order_by("name"))
    for group in groups:
        group.is_own = user_owns_group(group, user)
    return groups


OWNS_KEY = "benchmarks:owns-groups:{}"
OWNS_SECONDS = 600


def owns_any_group(user) -> bool:
    """Whether the member has saved a group, remembered in the cache (asked on every member page
    served from a shell); services.create_group and delete_group forget it."""
    from django.core.cache import cache

    key = OWNS_KEY.format(user.pk)
    owns = cache.get(key)
    if owns is None:
        owns = ComparisonGroup.objects.filter(created_by=user).exists()
        cache.set(key, owns, OWNS_SECONDS)
    return owns


def forget_ownership(user_id) -> None:
    from django.core.cache import cache

    cache.delete(OWNS_KEY.format(user_id))
