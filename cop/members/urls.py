from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("members/", views.directory, name="directory"),
    path("members/me/", views.me, name="me"),
    path("members/me/edit/", views.edit_profile, name="edit"),
    path("members/me/verification/", views.ask_verification, name="verification"),
    path("members/me/delete/", views.delete_account, name="delete"),
    path("members/me/download/", views.download_data, name="download"),
    path("members/expertise/", views.expertise_locator, name="expertise"),
    path("members/<str:username>/", views.member_detail, name="detail"),
    path("members/<str:username>/moderate/", views.moderate_member, name="moderate"),
]
