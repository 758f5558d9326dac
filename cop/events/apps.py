from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cop.events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from cop.sitesearch.registry import registry

        from . import selectors  # noqa: F401 - registers the page contexts (cop.core.pages)
        from .search import EventSource

        registry.register(EventSource())
