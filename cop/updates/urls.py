from django.urls import path

from .feeds import UpdatesAtomFeed, UpdatesRssFeed

app_name = "updates"
urlpatterns = [
    path("updates/feed/rss/", UpdatesRssFeed(), name="rss"),
    path("updates/feed/atom/", UpdatesAtomFeed(), name="atom"),
]
