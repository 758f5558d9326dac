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
    path("case-studies/<int:page_id>/add-a-lesson/", views.add_lesson, name="add_lesson"),
    path("share-a-case-study/", views.share_start, name="share_start"),
    path("share-a-case-study/<int:draft_id>/files/", views.share_files, name="share_files"),
    path("share-a-case-study/<int:draft_id>/check/", views.share_check, name="share_check"),
    path("share-a-case-study/<int:draft_id>/sent/", views.share_sent, name="share_sent"),
    path("share-a-case-study/<int:draft_id>/delete/", views.share_delete, name="share_delete"),
    path("share-a-case-study/<int:draft_id>/revise/", views.share_revise, name="share_revise"),
    path("share-a-case-study/<int:draft_id>/<slug:step>/", views.share_step, name="share_step"),
    path("my-case-studies/", views.mine, name="mine"),
]

urlpatterns = [
    path("", include((casestudy_patterns, "casestudies"))),
    path("", include("cop.updates.urls")),
    path("", include("cop.events.urls")),
]
