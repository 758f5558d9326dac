from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("discussions/", views.index, name="index"),
    path("discussions/new/", views.new_thread, name="new_thread"),
    path("discussions/c/<slug:slug>/", views.category_detail, name="category"),
    path("discussions/c/<slug:slug>/watch/", views.watch_category, name="watch_category"),
    path("discussions/t/<int:pk>/", views.thread_detail, name="thread_short"),
    path("discussions/t/<int:pk>/reply/", views.reply, name="reply"),
    path("discussions/t/<int:pk>/moderate/", views.moderate_thread, name="moderate_thread"),
    path("discussions/t/<int:pk>/watch/", views.watch_thread, name="watch_thread"),
    path("discussions/t/<int:pk>/<slug:slug>/", views.thread_detail, name="thread"),
    path("discussions/p/<int:pk>/", views.post_permalink, name="post"),
    path("discussions/p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("discussions/p/<int:pk>/history/", views.post_history, name="post_history"),
    path("discussions/p/<int:pk>/flag/", views.flag_post, name="flag_post"),
    path("discussions/p/<int:pk>/helpful/", views.helpful, name="helpful"),
    path("discussions/p/<int:pk>/accept/", views.accept, name="accept"),
    path("discussions/p/<int:pk>/hide/", views.hide_post, name="hide_post"),
    path("discussions/p/<int:pk>/restore/", views.restore_post, name="restore_post"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
