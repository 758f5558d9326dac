"""The site's own address, the one way: every absolute link (emails, digests, unsubscribe links,
calendar files, feeds, sitemaps, admin notices) is built here, never from the request's Host header.

The address is the default Wagtail Site's (Settings → Sites in the admin: hostname, and port 443
for https), which is also what Wagtail uses for `page.get_full_url()`. Before a Site exists, or
while it is still Wagtail's placeholder `localhost:80`, the `WAGTAILADMIN_BASE_URL` setting speaks,
and it is what the default Site is created from (cop.home.services.ensure_home_page).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

# The default Site Wagtail's initial migration creates; ensure_home_page replaces it.
WAGTAIL_PLACEHOLDER = ("localhost", 80)


def base_url_parts() -> tuple[str, int]:
    """(hostname, port) of WAGTAILADMIN_BASE_URL, for creating the default Site."""
    bits = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = bits.port or (443 if bits.scheme == "https" else 80)
    return bits.hostname or "localhost", port


def site_root_url() -> str:
    """`https://host` (no trailing slash) of the default Wagtail Site, or WAGTAILADMIN_BASE_URL."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    if site is None or (site.hostname, site.port) == WAGTAIL_PLACEHOLDER:
        # No Site yet, or still the one Wagtail's first migration made: not an address to send out.
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return site.root_url.rstrip("/")


def absolute_url(path: str) -> str:
    """The site's address of `path` ("/members/me/"). An address that is already absolute is kept."""
    if urlsplit(path).scheme:
        return path
    if not path.startswith("/"):
        path = "/" + path
    return site_root_url() + path
