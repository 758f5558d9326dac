from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cop.events"
    label = "events"
    verbose_name = "Events"
