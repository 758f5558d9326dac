from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cop.events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from cop.members import extensions
        from cop.sitesearch.registry import registry

        from . import selectors, services  # selectors also registers the page contexts (cop.core.pages)
        from .search import EventSource

        registry.register(EventSource())
        extensions.register(forget=services.forget_member, export=selectors.member_data_export)
