"""Councils as search results in their own right: a search for "Worcestershire" offers the council's
benchmark profile beside the case studies and threads that mention it.

Defined here, not in benchmarks: search depends on benchmarks, never the other way round
(tests/test_architecture.py). Registered by this app's AppConfig.ready()."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from .registry import IndexedItem, SearchSource
from .sources import authority_type_label


class CouncilSource(SearchSource):
    key = "council"
    # A council's own profile should beat an item that merely mentions it.
    boost = 1.2
    label = "Council"

    @property
    def model(self):
        from benchmarks.models import Authority

        return Authority

    def visible(self):
        # English principal councils that exist today: the ones with a benchmark profile to link to.
        return self.model.objects.english_councils().current().exclude(gss_code__isnull=True).exclude(gss_code="")

    def watched(self):
        from benchmarks.models import ImportRun

        # The importers write councils in bulk (no signals); every import run ends with a save of its
        # ImportRun, after which each council's row is rewritten (names, regions and types can change).
        return {ImportRun: lambda run: list(self.visible().values_list("pk", flat=True))}

    def describe(self, authority) -> IndexedItem:
        council_type = authority_type_label(authority.authority_type)
        alt_names = [name.strip() for name in authority.alt_names.splitlines() if name.strip()]
        return IndexedItem(
            object_id=str(authority.pk),
            title=authority.name,
            url=council_url(authority.name, authority.gss_code),
            summary=" – ".join(
                filter(None, [council_type, authority.region, "spending compared with similar councils"])
            ),
            keywords=" ".join([authority.official_name, *alt_names, authority.gss_code]),
            facets={"region": [authority.region], "council_type": [council_type]},
        )


def council_url(name: str, gss_code: str) -> str:
    """The council's benchmark profile (a search for its name where benchmarking is not installed)."""
    try:
        return reverse("benchmarks:profile", kwargs={"gss": gss_code})
    except NoReverseMatch:
        return reverse("sitesearch:search") + "?" + urlencode({"q": name})
