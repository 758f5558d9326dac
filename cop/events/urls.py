from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("events/<int:page_id>/calendar.ics", views.event_calendar, name="ics"),
]
