"""URLs for content that is not a Wagtail page: the story form, adoptions, and (via includes)
the updates feeds and event calendar files, so cop/urls.py needs only this one include."""

from django.urls import include, path

from . import views

casestudy_patterns = [
    path("stories/share/", views.share_story, name="share_story"),
    path("stories/share/check/", views.check_story, name="story_check"),
    path("stories/share/sent/", views.story_sent, name="story_sent"),
    path("stories/withdraw/<str:token>/", views.withdraw_story, name="story_withdraw"),
    path("case-studies/<int:page_id>/adopt/", views.adopt_case_study, name="adopt"),
]

urlpatterns = [
    path("", include((casestudy_patterns, "casestudies"))),
    path("", include("cop.updates.urls")),
    path("", include("cop.events.urls")),
]
