"""Member profiles in the site search. Registered by this app's AppConfig.ready(); visible() is the ONE visibility
rule of the content type (tests/sitesearch/test_visibility.py covers every hidden state)."""

from __future__ import annotations

from cop.sitesearch.models import Audience
from cop.sitesearch.registry import IndexedItem, SearchSource
from cop.sitesearch.sources import authority_type_label


class MemberSource(SearchSource):
    key = "member"
    boost = 0.8
    label = "Member"

    @property
    def model(self):
        from cop.members.models import Profile

        return Profile

    def visible(self):
        # Only members who chose to be listed in the directory, with live accounts. Profiles
        # are shown to signed-in members only (see describe()).
        return (
            self.model.objects.filter(show_in_directory=True, user__is_active=True, user__deleted_at__isnull=True)
            .select_related("user", "organisation")
            .prefetch_related("expertise")
        )

    def watched(self):
        from django.contrib.auth import get_user_model

        from cop.members.models import ExpertiseTag

        return {
            get_user_model(): lambda user: list(self.model.objects.filter(user=user).values_list("pk", flat=True)),
            ExpertiseTag: lambda tagged: [tagged.content_object_id],
        }

    def describe(self, profile) -> IndexedItem:
        expertise = [t.name for t in profile.expertise.all()]
        organisation = profile.organisation
        return IndexedItem(
            object_id=str(profile.pk),
            title=str(profile.user),
            url=member_url(profile),
            summary=" – ".join(filter(None, [profile.role, profile.organisation_name])),
            body=profile.bio,
            keywords=" ".join(expertise + [profile.organisation_name]),
            date=profile.user.date_joined,
            audience=Audience.MEMBERS,
            facets={
                "theme": expertise,
                "region": [profile.region or (organisation.region if organisation else "")],
                "council_type": [authority_type_label(organisation.authority_type)] if organisation else [],
            },
        )


def member_url(profile) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("members:detail", args=[profile.user.username])
    except NoReverseMatch:
        return f"/members/{profile.user.username}/"
