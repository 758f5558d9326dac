"""Read-only questions about groups: the ONE place that says who may see a group and its content.

Content apps filter their querysets with visible_content_q() and check single objects with
can_view_content(); search gets the same answer through the audience rule registered in apps.py.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery

from cop.members.selectors import is_moderator

from .models import Access, CommunityGroup, Membership, MembershipStatus, Role


def _signed_in(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and not getattr(user, "deleted_at", None)
    )


def member_group_ids(user) -> set[int]:
    """The groups this person is an active member of (pending requests and invitations do not count).
    Remembered on the user object for the rest of the request."""
    if not _signed_in(user):
        return set()
    cached = getattr(user, "_active_group_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list("group_id", flat=True)
        )
        user._active_group_ids = cached
    return cached


def forget_cached_memberships(user) -> None:
    if user is not None and hasattr(user, "_active_group_ids"):
        del user._active_group_ids


def membership_for(user, group) -> Membership | None:
    if not _signed_in(user):
        return None
    return Membership.objects.filter(user=user, group=group).first()


def can_view_content(user, group) -> bool:
    """Whether this person may read what is posted in the group (always, for content in no group)."""
    if group is None or group.access == Access.OPEN:
        return True
    if not _signed_in(user):
        return False
    # Site moderators see closed groups' posts so that they can act on flags.
    return group.pk in member_group_ids(user) or is_moderator(user)


def visible_content_q(user, field: str = "group") -> Q:
    """A filter for a content queryset: items in no group, in open groups, or in the viewer's groups."""
    if _signed_in(user) and is_moderator(user):
        return Q()
    visible = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__access": Access.OPEN})
    ids = member_group_ids(user)
    if ids:
        visible |= Q(**{f"{field}__in": sorted(ids)})
    return visible


def can_see_group(user, group) -> bool:
    """Whether the group's page exists for this person: invite-only groups are hidden from
    everyone but their members and the people invited."""
    if group.access != Access.INVITE:
        return True
    if not _signed_in(user):
        return False
    return (
        is_moderator(user)
        or Membership.objects.filter(user=user, group=group).exclude(status=MembershipStatus.PENDING).exists()
    )


def can_manage(user, group) -> bool:
    if not _signed_in(user):
        return False
    return Membership.objects.filter(
        user=user, group=group, status=MembershipStatus.ACTIVE, role=Role.MANAGER
    ).exists() or is_moderator(user)


def can_post(user, group) -> bool:
    """Members of the group (and only they) post in it."""
    return group is not None and group.pk in member_group_ids(user)


def postable_groups(user):
    """The groups this person can post in, for a "which group" choice on content forms."""
    return CommunityGroup.objects.filter(pk__in=sorted(member_group_ids(user))).order_by("name")


def _with_counts(groups):
    return groups.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE), distinct=True)
    ).prefetch_related("themes", "service_areas")


def group_directory(user, *, theme: str = "", service: str = "", region: str = "", query: str = ""):
    """Groups this person can find: every open and request-to-join group, and the invite-only
    groups they belong to or are invited to; filtered by theme, service area and region."""
    groups = CommunityGroup.objects.all()
    if not (_signed_in(user) and is_moderator(user)):
        findable = ~Q(access=Access.INVITE)
        if _signed_in(user):
            findable |= Q(
                pk__in=Membership.objects.filter(user=user).exclude(status=MembershipStatus.PENDING).values("group_id")
            )
        groups = groups.filter(findable)
    if theme:
        groups = groups.filter(themes__slug=theme)
    if service:
        groups = groups.filter(service_areas__code=service)
    if region:
        groups = groups.filter(region=region)
    query = " ".join(query.split())[:100]
    for word in query.split()[:8]:
        groups = groups.filter(Q(name__icontains=word) | Q(summary__icontains=word))
    groups = _with_counts(groups.distinct())
    if _signed_in(user):
        groups = groups.annotate(
            my_status=Subquery(Membership.objects.filter(group=OuterRef("pk"), user=user).values("status")[:1])
        )
    return groups.order_by("name")


def my_memberships(user):
    if not _signed_in(user):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("group").order_by("status", "group__name")


def group_with_counts(slug: str):
    return _with_counts(CommunityGroup.objects.filter(slug=slug)).first()


def group_members(group, *, status: str = MembershipStatus.ACTIVE):
    return (
        Membership.objects.filter(group=group, status=status)
        .select_related("user__profile__organisation")
        .order_by("role", "user__display_name", "user_id")
    )


def managers_of(group) -> list:
    return [m.user for m in group_members(group).filter(role=Role.MANAGER)]


def theme_choices() -> list[tuple[str, str]]:
    from casestudies.models import Theme

    return list(Theme.objects.order_by("name").values_list("slug", "name"))


def service_area_choices() -> list[tuple[str, str]]:
    from casestudies.models import SERVICE_AREAS

    return list(SERVICE_AREAS)


def service_names() -> dict[str, str]:
    return dict(service_area_choices())


def digest_groups_for(user):
    """The member's groups whose section goes into their weekly digest."""
    return CommunityGroup.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.ACTIVE, memberships__digest=True
    ).order_by("name")
