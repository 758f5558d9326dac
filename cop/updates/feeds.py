"""RSS 2.0 and Atom feeds of the latest programme updates."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from cop.core.site_url import absolute_url

from .selectors import latest_updates


class UpdatesRssFeed(Feed):
    title = "Place Exchange updates"
    description = "News, event write-ups, reports and blog posts from Place Exchange."

    # Every address in a feed is the site's own (cop.core.site_url), not the request's Host.
    def link(self):
        return absolute_url("/updates/")

    def get_object(self, request, *args, **kwargs):
        # The feed's own path, for its self link (one Feed instance serves every request).
        return request.path

    def feed_url(self, path):
        return absolute_url(path)

    def items(self):
        return latest_updates(limit=20)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers render this as HTML: autoescaping in the syndication framework is off,
        # so the summary (plain text) is escaped here.
        from django.utils.html import escape

        return escape(item.summary)

    def item_link(self, item):
        return absolute_url(item.get_url() or "/updates/")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_category_display()]

    def item_author_name(self, item):
        return item.author_name or None


class UpdatesAtomFeed(UpdatesRssFeed):
    feed_type = Atom1Feed
    subtitle = UpdatesRssFeed.description
