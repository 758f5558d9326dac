from django.urls import path

from . import api, views

app_name = "communities"

urlpatterns = [
    path("groups/", views.directory, name="directory"),
    path("groups/new/", views.new_group, name="new"),
    path("groups/<slug:slug>/", views.detail, name="detail"),
    path("groups/<slug:slug>/members/", views.members, name="members"),
    path("groups/<slug:slug>/manage/", views.manage, name="manage"),
    path("groups/<slug:slug>/manage/<int:membership_id>/<slug:action>/", views.manage_member, name="manage_member"),
    path("groups/<slug:slug>/join/", views.join, name="join"),
    path("groups/<slug:slug>/leave/", views.leave, name="leave"),
    path("groups/<slug:slug>/digest/", views.digest, name="digest"),
    path("groups/<slug:slug>/feed/", views.feed, name="feed"),
    path("groups/<slug:slug>/content.csv", views.export, name="export"),
    path("api/v1/groups", api.GroupList.as_view(), name="api_groups"),
    path("api/v1/groups/<slug:slug>/content", api.GroupContent.as_view(), name="api_content"),
]
