from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cop.events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from cop.communities import registry as group_content
        from cop.members import extensions
        from cop.sitesearch.registry import registry

        from . import selectors, services  # selectors also registers the page contexts (cop.core.pages)
        from .search import EventSource

        registry.register(EventSource())
        group_content.register(
            group_content.ContentKind(key="events", label="Events", items=selectors.group_content_items)
        )
        extensions.register(forget=services.forget_member, export=selectors.member_data_export)
