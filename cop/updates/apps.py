from django.apps import AppConfig


class UpdatesConfig(AppConfig):
    name = "cop.updates"
    label = "updates"
    verbose_name = "Updates"

    def ready(self):
        from cop.sitesearch.registry import registry

        from . import selectors  # noqa: F401 - registers the page contexts (cop.core.pages)
        from .search import UpdateSource

        registry.register(UpdateSource())
