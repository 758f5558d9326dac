"""Reads for saved comparison groups."""

from .models import ComparisonGroup


def featured_groups():
    return list(ComparisonGroup.objects.filter(is_featured=True).order_by("name"))


def groups_owned_by(user):
    if not user.is_authenticated:
        return []
    return list(ComparisonGroup.objects.filter(created_by=user).order_by("name"))


def group_by_token(token):
    return ComparisonGroup.objects.filter(token=token).prefetch_related("members").first()
