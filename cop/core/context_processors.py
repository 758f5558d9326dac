from functools import cache

from django.conf import settings
from django.urls import Resolver404, resolve

PRIMARY_NAVIGATION = [
    ("Case studies", "/case-studies/"),
    ("Stories", "/stories/"),
    ("Discussions", "/discussions/"),
    ("Groups", "/groups/"),
    ("Benchmarking", "/benchmarking/"),
    ("Library", "/library/"),
    ("Events", "/events/"),
    ("Updates", "/updates/"),
    ("Search", "/search/"),
]
# Items whose pages are served by an app of their own: shown only once that app's URLs are installed,
# so a link never leads to a 404 (Wagtail's page serving matches every other path).
NEEDS_OWN_VIEW = {"/groups/"}


@cache
def _has_own_view(url: str) -> bool:
    try:
        return resolve(url).url_name != "wagtail_serve"
    except Resolver404:
        return False


def navigation_items() -> list[tuple[str, str]]:
    return [(label, url) for label, url in PRIMARY_NAVIGATION if url not in NEEDS_OWN_VIEW or _has_own_view(url)]


def site_context(request):
    path = request.path
    navigation = [{"label": label, "url": url, "active": path.startswith(url)} for label, url in navigation_items()]
    return {"primary_navigation": navigation, "site_name": settings.WAGTAIL_SITE_NAME}
