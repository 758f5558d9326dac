"""{% absolute "/path/" %}: the site's own address of a path (cop.core.site_url), for templates
that must print a full link (robots.txt's sitemap line)."""

from django import template

from cop.core.site_url import absolute_url

register = template.Library()


@register.simple_tag
def absolute(path: str) -> str:
    return absolute_url(path)
