from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/calendar.ics", views.calendar_feed, name="feed"),
    path("events/<int:page_id>/calendar.ics", views.event_calendar, name="ics"),
    path("events/<int:page_id>/my-calendar.ics", views.my_calendar, name="my_ics"),
    path("events/<int:page_id>/register/", views.register, name="register"),
    path("events/<int:page_id>/cancel/", views.cancel, name="cancel"),
    path("events/<int:page_id>/attendees/", views.attendees, name="attendees"),
    path("events/<int:page_id>/delegates-guide/", views.delegates_guide, name="guide"),
]
